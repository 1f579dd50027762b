// `npm run db:copy` as a real process: its refusals and exit codes, and a copy that keeps ids, moves the id
// sequences on, and takes writes afterwards. Also the PostgreSQL write lock: a writer that cannot get it in
// time is refused as busy (SERVICE_UNAVAILABLE), as on SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/tokens.js';
import { withPostgresClient } from '../../src/db/postgres.js';
import { createDb, type Db } from '../../src/db.js';
import { COPIED_TABLES } from '../../src/editorial/copy.js';
import { seedDatabase } from '../../src/editorial/seed.js';
import { createApp } from '../../src/http/app.js';
import { createWebhook } from '../../src/webhooks/endpoints.js';
import { TSX } from '../helpers/fixtures.js';
import { errorCodes, gql } from '../helpers/gql.js';
import { importTexts, type PageSpec } from '../helpers/pages.js';
import { createPostgresDatabase } from '../helpers/postgres.js';
import { runCommand } from '../helpers/process.js';

const dir = mkdtempSync(join(tmpdir(), 'newsroom-db-copy-'));
const sqliteUrl = `file:${join(dir, 'source.db')}`;
const cleanups: (() => Promise<void>)[] = [];
let source: Db;

const PAGES: PageSpec[] = Array.from({ length: 40 }, (_, i) => ({
  date: `2024-05-${String(1 + (i % 28)).padStart(2, '0')}`,
  section: i % 2 ? 'World' : 'Business',
  headline: `Story ${i} about the harbour`,
  paragraphs: [`Paragraph one of story ${i}, Reuters reported.`, `"We will see," said Ana Lima.`],
  related: [`Story ${(i + 1) % 40} about the harbour`],
}));

beforeAll(async () => {
  const { migrateFreshFile } = await import('../helpers/db.js');
  migrateFreshFile(join(dir, 'source.db'));
  source = await createDb(sqliteUrl);
  await seedDatabase(source);
  await importTexts(source, PAGES);
  await createApiToken(source, 'desk', 'write');
  await createWebhook(source, {
    url: 'https://cms.example/hooks',
    events: ['article.published'],
    createdBy: 'test',
  });
}, 120_000);

afterAll(async () => {
  await source.$disconnect();
  for (const cleanup of cleanups) await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const dbCopy = (...args: string[]) =>
  runCommand(TSX, ['src/cli/db-copy.ts', ...args], { DATABASE_URL: sqliteUrl });

async function target(migrated = false) {
  const database = await createPostgresDatabase({ migrated });
  cleanups.push(database.drop);
  return database.url;
}

describe('npm run db:copy', { timeout: 120_000 }, () => {
  it('refuses usage errors with exit code 2', async () => {
    for (const args of [[], ['--to'], ['--to', 'file:./other.db'], ['--to', sqliteUrl], ['--bogus']]) {
      const result = await dbCopy(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('usage: npm run db:copy');
    }
  });

  it('fails with one line and exit code 3 when the target cannot be reached', async () => {
    const result = await dbCopy('--to', 'postgresql://app@127.0.0.1:1/nowhere');
    expect(result.code).toBe(3);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^database error, nothing was copied: .*ECONNREFUSED/);
  });

  it('copies every table with its ids; the copy takes new rows after the copied ids', async () => {
    const url = await target();
    const result = await dbCopy('--to', url);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /Article 41, .*ArticleSearch 41\n\d+ rows in [\d.]+ s \(\d+ rows\/s\); counts checked\n$/,
    );

    const copy = await createDb(url);
    cleanups.push(() => copy.$disconnect());
    // Every row of every table, read through the typed client: equal values, dates and booleans included.
    const byId = { orderBy: { id: 'asc' } } as const;
    const everything = async (db: Db) => ({
      sections: await db.section.findMany(byId),
      sources: await db.source.findMany(byId),
      articles: await db.article.findMany(byId),
      paragraphs: await db.paragraph.findMany(byId),
      citations: await db.citation.findMany(byId),
      articleSources: await db.articleSource.findMany({
        orderBy: [{ articleId: 'asc' }, { sourceId: 'asc' }],
      }),
      relatedLinks: await db.relatedLink.findMany(byId),
      quotes: await db.quote.findMany(byId),
      revisions: await db.revision.findMany(byId),
      tokens: await db.apiToken.findMany(byId),
      changes: await db.changeLog.findMany(byId),
      outbox: await db.outboxEvent.findMany(byId),
      webhooks: await db.webhook.findMany(byId),
      deliveries: await db.delivery.findMany(byId),
      attempts: await db.deliveryAttempt.findMany(byId),
    });
    const copied = await everything(copy);
    expect(Object.keys(copied)).toHaveLength(COPIED_TABLES.length);
    expect(copied).toEqual(await everything(source));
    expect(copied.relatedLinks.filter((l) => l.targetArticleId !== null)).toHaveLength(40);

    // Sequences continue after the copied ids, and the copied token still authorises writes.
    const [created] = await importTexts(copy, [
      { ...PAGES[0], headline: 'A new story after the move' } as PageSpec,
    ]);
    expect(created?.articleId).toBe(42);
    const token = await createApiToken(copy, 'after-move', 'write');
    expect(token).toBeTruthy();
    const app = createApp({ db: copy, logging: false });
    const res = await gql(app, '{ search(query: "harbour") { totalCount } }');
    expect(res.data.search.totalCount).toBe(40);
  });

  it('refuses a target that holds rows (exit 1), and replaces it with --replace', async () => {
    const url = await target(true);
    await withPostgresClient(url, (c) =>
      c.query(`INSERT INTO "Section" ("slug", "name", "updatedAt") VALUES ('keep', 'Keep', now())`),
    );
    const refused = await dbCopy('--to', url);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is not empty \(rows in Section\): nothing was copied. Pass --replace/);
    const replaced = await dbCopy('--to', url, '--replace');
    expect(replaced.stderr).toBe('');
    expect(replaced.code).toBe(0);
    const sections = await withPostgresClient(url, (c) =>
      c.query(`SELECT slug FROM "Section" ORDER BY slug`),
    );
    expect(sections.rows.map((r) => r.slug)).not.toContain('keep');
  });
});

describe('the write lock on PostgreSQL', () => {
  it('answers a mutation SERVICE_UNAVAILABLE (503) while another writer holds the lock past the wait', async () => {
    const url = await target(true);
    const db = await createDb(url, { writeLockWaitMs: 200 });
    cleanups.push(() => db.$disconnect());
    const write = await createApiToken(db, 'editor', 'write');
    const app = createApp({ db, logging: false });
    const other = await createDb(url);
    cleanups.push(() => other.$disconnect());
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    // Any transaction holds the write lock until it ends (src/db/postgres.ts).
    const holder = other.$transaction(
      async () => {
        locked();
        await held;
      },
      { timeout: 10_000 },
    );
    await isLocked;
    const res = await gql(
      app,
      'mutation { createArticle(input: { headline: "Blocked", section: "World", paragraphs: ["Text."] }) { id } }',
      {},
      { authorization: `Bearer ${write}` },
    );
    release();
    await holder;
    expect(errorCodes(res)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(res.status).toBe(503);
    expect(await db.article.count()).toBe(0);
  });
});
