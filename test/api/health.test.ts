// /health proves the database answers what a reader needs: 503 with the reason when reading the newest
// article or searching fails on damaged pages (as article pages and search then fail), 200 otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db.js';
import { createApp } from '../../src/http/app.js';
import { damagedCopy, wholeCopy } from '../helpers/damaged-db.js';
import { gql } from '../helpers/gql.js';
import { setupSuite } from '../helpers/suite.js';

const t = setupSuite({ seed: true, app: false });
let clean: string;
const opened: Db[] = [];
beforeAll(async () => {
  clean = await wholeCopy(t.db, t.path, t.dir);
});
afterAll(async () => {
  for (const db of opened) await db.$disconnect();
});

async function open(file: string): Promise<Db> {
  const db = await createDb(`file:${file}`);
  opened.push(db);
  return db;
}

async function health(db: Db): Promise<{ status: number; body: { status: string; reason?: string } }> {
  const response = await createApp({ db, logging: false }).fetch('http://yoga/health');
  return { status: response.status, body: (await response.json()) as { status: string; reason?: string } };
}

describe('/health', () => {
  it('answers 200 when the newest article and search both read', async () => {
    expect(await health(await open(clean))).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('answers 503 with the reason when the paragraph pages are damaged, as article pages fail', async () => {
    const db = await open(damagedCopy(clean, t.dir, 'paragraphs', ['Paragraph']));
    const answer = await health(db);
    expect(answer.status).toBe(503);
    expect(answer.body.status).toBe('unavailable');
    expect(answer.body.reason).toMatch(/^reading the newest article: .*malformed/);
    // What a reader meets on that database.
    const page = await gql(
      createApp({ db, logging: false }),
      '{ articles(first: 1) { edges { node { paragraphs { text } } } } }',
    );
    expect(page.errors?.length).toBeGreaterThan(0);
  });

  it('answers 503 when the full-text index is damaged, as search fails', async () => {
    const db = await open(damagedCopy(clean, t.dir, 'search', ['ArticleSearch_data', 'ArticleSearch_idx']));
    const answer = await health(db);
    expect(answer.status).toBe(503);
    expect(answer.body.reason).toMatch(/^searching: /);
  });
});
