// The proof, with real processes: `npm start` on PostgreSQL serves the seeded API exactly as on
// SQLite (the same bytes), pages imported with `npm run import` into both read back the same, search
// works on both, and `npm run db:copy` moves the SQLite database to PostgreSQL where it answers the same.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db.js';
import { type App, createApp } from '../../src/http/app.js';
import { ARTICLE_PAGE, FRONT_PAGE, operationHash, SECTION_PAGE } from '../../src/http/operations.js';
import { ROOT, SEED_SLUG, TSX } from '../helpers/fixtures.js';
import { createPostgresDatabase } from '../helpers/postgres.js';
import { type RunningServer, runCommand, startServer } from '../helpers/process.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'pages');
const GOOD_PAGES = readdirSync(FIXTURES)
  .filter((f) => !f.startsWith('bad-'))
  .map((f) => join(FIXTURES, f));

interface Server extends RunningServer {
  databaseUrl: string;
}

const start = async (databaseUrl: string): Promise<Server> => ({
  ...(await startServer(databaseUrl)),
  databaseUrl,
});

const stop = (server: Server | undefined): Promise<void> => server?.stop() ?? Promise.resolve();

const cli = (script: string, databaseUrl: string, ...args: string[]) =>
  runCommand(TSX, [script, ...args], { DATABASE_URL: databaseUrl });

type Fetch = (path: string, init?: RequestInit) => Promise<Response>;

/** The raw body of a GraphQL POST: compared byte for byte. */
async function post(
  fetchFrom: Fetch,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<string> {
  const response = await fetchFrom('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return `${response.status} ${await response.text()}`;
}

const SEARCH = `query ($q: String!, $after: String) {
  search(query: $q, first: 3, after: $after) {
    totalCount edges { cursor score highlights { position snippet } node { id slug } } pageInfo { hasNextPage endCursor }
  }
}`;
/** Headline order (folded headlines compared byte by byte), cursors and global ids. */
const HEADLINE_ORDER = `query ($after: String) {
  articles(first: 2, after: $after, orderBy: { field: HEADLINE, direction: ASC }) {
    totalCount edges { cursor node { id slug headline publishedAt dateline wordCount } } pageInfo { hasNextPage endCursor }
  }
}`;
const ALL_SLUGS = '{ articles(first: 100) { edges { node { slug } } } }';

/** Answers that must be the same on both databases; search scores are on different scales (docs). */
async function answers(fetchFrom: Fetch): Promise<string[]> {
  const out: string[] = [];
  const slugs = JSON.parse((await post(fetchFrom, ALL_SLUGS)).slice(4)).data.articles.edges.map(
    (e: { node: { slug: string } }) => e.node.slug,
  );
  out.push(slugs.join(' '));
  for (const slug of slugs) out.push(await post(fetchFrom, ARTICLE_PAGE, { slug }));
  out.push(await post(fetchFrom, FRONT_PAGE, { first: 20 }));
  out.push(await post(fetchFrom, SECTION_PAGE, { slug: 'latest-news' }));
  let after: string | null = null;
  do {
    const page = await post(fetchFrom, HEADLINE_ORDER, { after });
    out.push(page);
    after = JSON.parse(page.slice(4)).data.articles.pageInfo.endCursor;
    if (!JSON.parse(page.slice(4)).data.articles.pageInfo.hasNextPage) after = null;
  } while (after);
  out.push(await post(fetchFrom, '{ node(id: "QXJ0aWNsZTox") { id ... on Article { slug } } }'));
  out.push(
    await post(
      fetchFrom,
      '{ sources(first: 50) { totalCount edges { node { id name kind articleCount citationCount } } } }',
    ),
  );
  out.push(await post(fetchFrom, '{ sections { slug name articleCount } }'));
  out.push(await post(fetchFrom, '{ articles(first: 2, after: "nonsense") { totalCount } }'));
  out.push(await post(fetchFrom, '{ article(slug: "no-such-article") { id } }'));
  for (const q of ['"joint statement" Putin', 'zelenskyy', 'Reuters', 'sao paulo', '((']) {
    const text = await post(fetchFrom, SEARCH, { q });
    out.push(text.replace(/"score":[0-9.e-]+/g, '"score":0'));
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'newsroom-same-answers-'));
const sqliteUrl = `file:${join(dir, 'newsroom.db')}`;
let sqlite: Server | undefined;
let postgres: Server | undefined;
const dropped: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const database = await createPostgresDatabase({ migrated: false });
  dropped.push(database.drop);
  [sqlite, postgres] = await Promise.all([start(sqliteUrl), start(database.url)]);
}, 120_000);

afterAll(async () => {
  await Promise.all([stop(sqlite), stop(postgres)]);
  for (const drop of dropped) await drop();
  rmSync(dir, { recursive: true, force: true });
});

const over = (server: Server | undefined): Fetch => {
  if (!server) throw new Error('server not started');
  return (path, init) => fetch(`${server.url}${path}`, init);
};
const inProcess =
  (app: App): Fetch =>
  async (path, init) =>
    app.fetch(`http://yoga${path}`, init ?? {});

describe('the same API on SQLite and PostgreSQL', { timeout: 180_000 }, () => {
  it('npm start on PostgreSQL migrates, seeds and serves the seed article byte for byte as on SQLite', async () => {
    const page = (s: Server | undefined) => post(over(s), ARTICLE_PAGE, { slug: SEED_SLUG });
    const [fromSqlite, fromPostgres] = [await page(sqlite), await page(postgres)];
    expect(fromSqlite).toMatch(/^200 \{"data":\{"article":\{"id":"QXJ0aWNsZTox"/);
    expect(fromPostgres).toBe(fromSqlite);
    // The persisted GET (served from the response cache on a second request) as well.
    const get = `/graphql?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: operationHash(ARTICLE_PAGE) } }))}&variables=${encodeURIComponent(JSON.stringify({ slug: SEED_SLUG }))}`;
    for (let i = 0; i < 2; i++) {
      const [a, b] = await Promise.all([over(sqlite)(get), over(postgres)(get)]);
      expect(b.headers.get('etag')).toBe(a.headers.get('etag'));
      expect(await b.text()).toBe(await a.text());
    }
  });

  it('reads pages imported with npm run import back identically, search included', async () => {
    for (const server of [sqlite, postgres]) {
      const result = await cli(
        'src/cli/import.ts',
        server?.databaseUrl ?? '',
        '--author',
        'desk',
        ...GOOD_PAGES,
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout.match(/^created /gm)).toHaveLength(GOOD_PAGES.length);
    }
    const [a, b] = [await answers(over(sqlite)), await answers(over(postgres))];
    expect(a[0]?.split(' ')).toHaveLength(GOOD_PAGES.length + 1);
    expect(b).toEqual(a);
    const search = JSON.parse(
      (await post(over(postgres), SEARCH, { q: '"joint statement" Putin' })).slice(4),
    );
    expect(search.data.search.edges[0].highlights[0].snippet).toContain('<mark>joint statement</mark>');
  });

  it('npm run db:copy moves the SQLite database to PostgreSQL, where it answers the same', async () => {
    const target = await createPostgresDatabase({ migrated: false });
    dropped.push(target.drop);
    const result = await cli('src/cli/db-copy.ts', sqliteUrl, '--to', target.url);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Article 6, .*ArticleSearch 6\n.*counts checked/s);
    const dbs: Db[] = [await createDb(sqliteUrl), await createDb(target.url)];
    try {
      const [from, to] = dbs.map((db) => inProcess(createApp({ db, logging: false })));
      expect(await answers(to as Fetch)).toEqual(await answers(from as Fetch));
    } finally {
      for (const db of dbs) await db.$disconnect();
    }
  });
});
