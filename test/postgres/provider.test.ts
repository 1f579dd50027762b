// The `postgresql` project really runs on PostgreSQL: the shared helper gave this file a PostgreSQL database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBinaries } from '../../scripts/postgres-cluster.js';
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

describe('without PostgreSQL installed', () => {
  it('the test cluster fails saying how to install it (as the browser tests do for Chromium)', () => {
    const saved = process.env.PG_BIN;
    process.env.PG_BIN = '/nonexistent/postgresql/bin';
    try {
      expect(() => postgresBinaries()).toThrow(
        /initdb, pg_ctl\) not found.*apt-get install -y postgresql postgresql-contrib/,
      );
    } finally {
      if (saved === undefined) delete process.env.PG_BIN;
      else process.env.PG_BIN = saved;
    }
  });
});
