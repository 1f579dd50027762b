// The `postgresql` project really runs on PostgreSQL: the shared helper gave this file a PostgreSQL database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerOf } from '../../src/db.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.cleanup());

describe('the postgresql test project', () => {
  it('gives each test file its own migrated PostgreSQL database', async () => {
    expect(t.url).toMatch(/^postgresql:\/\//);
    expect(providerOf(t.db).name).toBe('postgresql');
    const [row] = await t.db.$queryRaw<{ setting: string }[]>`SELECT current_setting('TimeZone') AS setting`;
    expect(row?.setting).toBe('UTC');
    expect(await t.db.article.count()).toBe(0);
  });
});
