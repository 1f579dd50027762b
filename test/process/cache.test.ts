// The response cache is never stale (after an in-process write, another process's write, a scheduled
// publish time), answers 304 for unchanged content, and persisted GETs behave; through app.fetch and
// through the node:http fast path.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusArticle } from '../../bench/corpus.js';
import { createApiToken } from '../../src/auth/tokens.js';
import { emitContentChange } from '../../src/editorial/events.js';
import { createApp, GRAPHQL_ENDPOINT } from '../../src/http/app.js';
import { ReadCache } from '../../src/http/cache/read-cache.js';
import { ARTICLE_PAGE, FRONT_PAGE, operationHash, persistedManifest } from '../../src/http/operations.js';
import { schema } from '../../src/schema/index.js';
import { ROOT, TSX } from '../helpers/fixtures.js';
import { type MeasuredAnswer, measured } from '../helpers/gql.js';
import { writeArticle } from '../helpers/pages.js';
import { setupSuite } from '../helpers/suite.js';

const HOUR = 3_600_000;
let nowMs = Date.UTC(2025, 0, 1);
const clock = () => new Date(nowMs);
let cache: ReadCache;
let server: Server;
let port: number;

const t = setupSuite({
  data: async (db) => {
    for (let i = 0; i < 5; i++) await writeArticle(db, corpusArticle(i));
  },
  app: (db) => {
    cache = new ReadCache({ db, clock });
    return { cache, clock };
  },
});
// The node:http fast path in front of the app, on a free port.
beforeAll(async () => {
  server = createServer(cache.nodeHandler(GRAPHQL_ENDPOINT, t.app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  cache.close();
});

function persistedQuery(document: string, variables: Record<string, unknown> = {}): string {
  const extensions = { persistedQuery: { version: 1, sha256Hash: operationHash(document) } };
  return `?extensions=${encodeURIComponent(JSON.stringify(extensions))}&variables=${encodeURIComponent(JSON.stringify(variables))}`;
}

type Answer = MeasuredAnswer;

type Transport = (search: string, headers?: Record<string, string>) => Promise<Answer>;

/** A transport over `fetcher` at `base`, counting the SQL statements each answer cost. */
const over =
  (
    fetcher: (url: string, init: RequestInit) => Response | Promise<Response>,
    base: () => string,
  ): Transport =>
  (search, headers = {}) =>
    measured(() =>
      fetcher(`${base()}/graphql${search}`, {
        headers: { accept: 'application/graphql-response+json', ...headers },
      }),
    );

const transports: Record<string, Transport> = {
  'app.fetch': over(
    (url, init) => t.app.fetch(url, init),
    () => 'http://yoga',
  ),
  'node:http fast path': over(fetch, () => `http://127.0.0.1:${port}`),
};

const headlineIn = (answer: Answer): string =>
  (JSON.parse(answer.text) as { data: { article: { headline: string } } }).data.article.headline;

// Each transport reads its own article, so one's rewrites don't change the other's starting point.
const cases = Object.entries(transports).map(([name, get], i) => ({ name, get, index: i + 1 }));

describe.each(cases)('through $name', ({ name: _name, get, index }) => {
  const slug = corpusArticle(index).slug;
  const page = () => get(persistedQuery(ARTICLE_PAGE, { slug }));

  it('answers a persisted GET, then serves it from the cache without SQL', async () => {
    const first = await page();
    expect(first.status).toBe(200);
    expect(headlineIn(first)).toBe(corpusArticle(index).headline);
    const second = await page();
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.statements).toBe(0);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.headers.get('cache-control')).toBe('public, no-cache');
    // The cache varies on Accept and Authorization; the CORS layer may add more (e.g. Accept-Encoding).
    expect(second.headers.get('vary')?.split(/,\s*/)).toEqual(
      expect.arrayContaining(['Accept', 'Authorization']),
    );
    // A hit is a public read like any other: a browser on another origin may read it.
    expect(second.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers 304 with no body when If-None-Match names the current ETag, 200 otherwise', async () => {
    const { headers } = await page();
    const etag = headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    const notModified = await get(persistedQuery(ARTICLE_PAGE, { slug }), { 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe('');
    const other = await get(persistedQuery(ARTICLE_PAGE, { slug }), { 'if-none-match': '"something-else"' });
    expect(other.status).toBe(200);
  });

  it('is not stale after a write in this process (the write hook)', async () => {
    await page();
    expect((await page()).headers.get('x-cache')).toBe('HIT');
    const headline = `In-process rewrite ${_name}`;
    await writeArticle(t.db, { ...corpusArticle(index), headline });
    const after = await page();
    expect(after.headers.get('x-cache')).not.toBe('HIT');
    expect(headlineIn(after)).toBe(headline);
  });

  it("is not stale after another process's write (PRAGMA data_version)", async () => {
    await page();
    const cached = await page();
    expect(cached.headers.get('x-cache')).toBe('HIT');
    const headline = `Written by another process via ${_name}`;
    const child = join(ROOT, 'test', 'helpers', 'write-article-child.ts');
    const { stdout } = await promisify(execFile)(TSX, [child, t.url, String(index), headline]);
    expect(stdout.trim()).toBe('updated');
    const after = await page();
    expect(after.headers.get('x-cache')).not.toBe('HIT');
    expect(headlineIn(after)).toBe(headline);
    // Its ETag changed too, so a client holding the old one gets the new body, not a 304.
    const revalidated = await get(persistedQuery(ARTICLE_PAGE, { slug }), {
      'if-none-match': cached.headers.get('etag') ?? '',
    });
    expect(revalidated.status).toBe(200);
  });

  it('is not served past the next scheduled publish time', async () => {
    const scheduled = {
      ...corpusArticle(4),
      headline: `Scheduled via ${_name}`,
      publishedAt: new Date(nowMs + HOUR),
    };
    await writeArticle(t.db, scheduled);
    const front = () => get(persistedQuery(FRONT_PAGE, { first: 20 }));
    expect((await front()).text).not.toContain(scheduled.headline);
    const hit = await front();
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(hit.text).not.toContain(scheduled.headline);
    nowMs += HOUR - 1;
    expect((await front()).headers.get('x-cache')).toBe('HIT');
    nowMs += 1;
    // Publish time reached: the cached front page (without the article) must not be served again.
    const due = await front();
    expect(due.headers.get('x-cache')).not.toBe('HIT');
    expect(due.statements).toBeGreaterThan(0);
    expect(due.text).toContain(scheduled.headline);
    expect((await front()).headers.get('x-cache')).toBe('HIT');
  });

  it('never caches or shares a request that carries Authorization', async () => {
    await page();
    const withAuth = {
      authorization: `Bearer ${await createApiToken(t.db, `reader-${Math.random()}`, 'read:drafts')}`,
    };
    const first = await get(persistedQuery(ARTICLE_PAGE, { slug }), withAuth);
    const second = await get(persistedQuery(ARTICLE_PAGE, { slug }), withAuth);
    for (const answer of [first, second]) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-cache')).toBeNull();
      expect(answer.headers.get('cache-control')).toBe('private, no-store');
      expect(answer.statements).toBeGreaterThan(0);
    }
  });
});

describe('persisted operations over GET', () => {
  const get = transports['app.fetch'] as Transport;

  it('refuses an unknown hash clearly', async () => {
    const extensions = { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } };
    const answer = await get(`?extensions=${encodeURIComponent(JSON.stringify(extensions))}`);
    expect(answer.status).toBe(404);
    const body = JSON.parse(answer.text) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(body.errors[0]?.message).toContain('f'.repeat(64));
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a mutation over GET with 405 and Allow: POST', async () => {
    const answer = await get(`?query=${encodeURIComponent('mutation { __typename }')}`);
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
  });

  it('gives an arbitrary public GET an ETag and 304 too, without caching its answer', async () => {
    const search = `?query=${encodeURIComponent('{ sections { slug } }')}`;
    const first = await get(search);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('MISS');
    const again = await get(search, { 'if-none-match': first.headers.get('etag') ?? '' });
    expect(again.status).toBe(304);
    expect(again.statements).toBeGreaterThan(0);
  });

  it('has a committed manifest equal to src/http/operations.ts, every document valid against the schema', () => {
    const file = join(ROOT, 'src', 'http', 'persisted-operations.json');
    const committed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    expect(committed).toEqual(persistedManifest());
    for (const document of Object.values(committed)) expect(validate(schema, parse(document))).toEqual([]);
  });
});

describe('an answer computed across a write', () => {
  it('is not stored when a write lands while its request runs', async () => {
    let releaseLookup: (schedule: { due: string[]; next: null }) => void = () => {};
    let lookups = 0;
    const racing = new ReadCache({
      db: t.db,
      clock,
      // The schedule lookup happens between execution and storing: hold it there while a write lands.
      schedule: () => {
        lookups++;
        // The first lookup is held; the one the write asks for (and any later) answers at once.
        if (lookups > 1) return Promise.resolve({ due: [], next: null });
        return new Promise((resolve) => {
          releaseLookup = resolve;
        });
      },
    });
    const racingApp = createApp({ db: t.db, cache: racing, clock, logging: false });
    const search = persistedQuery(ARTICLE_PAGE, { slug: corpusArticle(3).slug });
    const get = () =>
      racingApp.fetch(`http://yoga/graphql${search}`, {
        headers: { accept: 'application/graphql-response+json' },
      });
    try {
      const inFlight = get();
      while (lookups === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      emitContentChange({ origin: 'mutation', articleIds: [3] });
      releaseLookup({ due: [], next: null });
      expect((await inFlight).status).toBe(200);
      expect(racing.store.size).toBe(0);
      const next = get();
      while (lookups === 1) await new Promise((resolve) => setTimeout(resolve, 5));
      releaseLookup({ due: [], next: null });
      expect((await next).headers.get('x-cache')).toBe('MISS');
      expect(racing.store.size).toBe(1);
      expect((await get()).headers.get('x-cache')).toBe('HIT');
    } finally {
      racing.close();
    }
  });
});
