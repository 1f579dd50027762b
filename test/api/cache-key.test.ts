// The response cache keys an answer on what decides it: the persisted operation (its hash and name), the
// variables as parsed JSON (key order and spacing ignored) and the Accept header. Anything that is not a
// well-formed persisted-operation GET is never stored. Through app.fetch and the node:http fast path.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusArticle } from '../../bench/corpus.js';
import { sqlStatementCounter } from '../../src/db.js';
import { type App, createApp, GRAPHQL_ENDPOINT } from '../../src/http/app.js';
import { ReadCache } from '../../src/http/cache/read-cache.js';
import { ARTICLE_PAGE, FRONT_PAGE, operationHash } from '../../src/http/operations.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { writeArticle } from '../helpers/pages.js';

let t: TestDatabase;
let cache: ReadCache;
let app: App;
let server: Server;
let port: number;

beforeAll(async () => {
  t = await createTestDatabase();
  for (let i = 0; i < 3; i++) await writeArticle(t.db, corpusArticle(i));
  cache = new ReadCache({ db: t.db });
  app = createApp({ db: t.db, cache, logging: false });
  server = createServer(cache.nodeHandler(GRAPHQL_ENDPOINT, app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  cache.close();
  await t.cleanup();
});

interface Answer {
  status: number;
  cache: string | null;
  type: string | null;
  statements: number;
  text: string;
}

type Transport = (search: string, accept?: string) => Promise<Answer>;

async function answer(response: Response, before: number): Promise<Answer> {
  const text = await response.text();
  return {
    status: response.status,
    cache: response.headers.get('x-cache'),
    type: response.headers.get('content-type'),
    statements: sqlStatementCounter.count - before,
    text,
  };
}

const transports: Record<string, Transport> = {
  'app.fetch': async (search, accept = 'application/graphql-response+json') => {
    const before = sqlStatementCounter.count;
    return answer(await app.fetch(`http://yoga/graphql${search}`, { headers: { accept } }), before);
  },
  'node:http fast path': async (search, accept = 'application/graphql-response+json') => {
    const before = sqlStatementCounter.count;
    return answer(await fetch(`http://127.0.0.1:${port}/graphql${search}`, { headers: { accept } }), before);
  },
};

const enc = encodeURIComponent;
const persisted = (document: string) => ({
  persistedQuery: { version: 1, sha256Hash: operationHash(document) },
});

describe.each(Object.entries(transports))('through %s', (name, get) => {
  // Each transport reads its own article so the two do not warm each other's entries.
  const slug = corpusArticle(name === 'app.fetch' ? 1 : 2).slug;

  it('never stores a GET that only mentions "persistedQuery" somewhere in its URL', async () => {
    const search = `?query=${enc(`{ articles(first: 1) { edges { node { slug } } } sections { slug } }`)}&junk=persistedQuery&n=${enc(name)}`;
    const first = await get(search);
    expect(first.status).toBe(200);
    const second = await get(search);
    expect(second.cache).not.toBe('HIT');
    expect(second.statements).toBeGreaterThan(0);
  });

  it('never stores a GET that sends a document besides the hash', async () => {
    const search = `?query=${enc(ARTICLE_PAGE)}&extensions=${enc(JSON.stringify(persisted(ARTICLE_PAGE)))}&variables=${enc(JSON.stringify({ slug, n: name }))}`;
    await get(search);
    expect((await get(search)).cache).not.toBe('HIT');
  });

  it('serves the stored answer when extra parameters are added (they change nothing)', async () => {
    const base = `?extensions=${enc(JSON.stringify(persisted(ARTICLE_PAGE)))}&variables=${enc(JSON.stringify({ slug }))}`;
    const first = await get(base);
    expect(first.status).toBe(200);
    const padded = await get(`${base}&junk=${Math.random()}&utm_source=x`);
    expect(padded.cache).toBe('HIT');
    expect(padded.statements).toBe(0);
    expect(padded.text).toBe(first.text);
    const reordered = await get(
      `?variables=${enc(JSON.stringify({ slug }))}&zzz=1&extensions=${enc(JSON.stringify(persisted(ARTICLE_PAGE)))}`,
    );
    expect(reordered.cache).toBe('HIT');
  });

  it('keys variables and extensions as parsed JSON: key order and spacing do not matter', async () => {
    const ext = persisted(FRONT_PAGE);
    const n = name === 'app.fetch' ? 3 : 6;
    const first = await get(
      `?extensions=${enc(JSON.stringify(ext))}&variables=${enc(JSON.stringify({ first: n, after: null }))}`,
    );
    expect(first.status).toBe(200);
    const spaced = JSON.stringify(
      { persistedQuery: { sha256Hash: ext.persistedQuery.sha256Hash, version: 1 } },
      null,
      2,
    );
    const again = await get(
      `?extensions=${enc(spaced)}&variables=${enc(`{ "after": null,  "first": ${n} }`)}`,
    );
    expect(again.cache).toBe('HIT');
    expect(again.text).toBe(first.text);
    // Different values are a different answer.
    const other = await get(
      `?extensions=${enc(JSON.stringify(ext))}&variables=${enc(JSON.stringify({ first: n - 1 }))}`,
    );
    expect(other.cache).not.toBe('HIT');
    expect(JSON.parse(other.text).data.articles.edges).toHaveLength(Math.min(n - 1, 3));
  });

  it('keeps answers of different media types apart', async () => {
    const search = `?extensions=${enc(JSON.stringify(persisted(FRONT_PAGE)))}&variables=${enc(JSON.stringify({ first: 1 }))}`;
    const graphqlJson = await get(search, 'application/graphql-response+json');
    const plainJson = await get(search, 'application/json');
    expect(graphqlJson.type).toContain('application/graphql-response+json');
    expect(plainJson.type).toContain('application/json');
    expect(plainJson.type).not.toContain('graphql-response');
    expect((await get(search, 'application/json')).cache).toBe('HIT');
    expect((await get(search, 'application/graphql-response+json')).type).toContain('graphql-response+json');
  });

  it('does not serve a stored answer to a request naming another operation', async () => {
    const search = `?extensions=${enc(JSON.stringify(persisted(FRONT_PAGE)))}&variables=${enc(JSON.stringify({ first: 4 }))}`;
    expect((await get(search)).status).toBe(200);
    const named = await get(`${search}&operationName=NotThere`);
    expect(named.cache).not.toBe('HIT');
    expect(named.text).toContain('errors');
  });
});

describe('ReadCache.keyOf', () => {
  const headers = { get: (name: string) => (name === 'accept' ? 'application/json' : null) };
  const ext = enc(JSON.stringify(persisted(FRONT_PAGE)));

  it('answers undefined for everything but a well-formed persisted-operation GET', () => {
    const refused = [
      `/graphql?query=${enc('{ sections { slug } }')}&junk=persistedQuery`,
      `/graphql?extensions=${enc('{"persistedQuery":{"version":2,"sha256Hash":"abc"}}')}`,
      `/graphql?extensions=${enc(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: 'x'.repeat(64) } }))}`,
      `/graphql?extensions=${ext}&variables=${enc('[1]')}`,
      `/graphql?extensions=${ext}&variables=${enc('{nope')}`,
      `/graphql?extensions=${enc('{nope')}`,
      `/graphql?extensions=${ext}&query=${enc('{ sections { slug } }')}`,
    ];
    for (const url of refused) expect(cache.keyOf('GET', url, headers), url).toBeUndefined();
    expect(cache.keyOf('POST', `/graphql?extensions=${ext}`, headers)).toBeUndefined();
  });

  it('gives equivalent requests one key', () => {
    const a = cache.keyOf(
      'GET',
      `/graphql?extensions=${ext}&variables=${enc('{"first":1,"after":"x"}')}`,
      headers,
    );
    const b = cache.keyOf(
      'GET',
      `/graphql?x=1&variables=${enc('{"after":"x", "first":1}')}&extensions=${ext}`,
      headers,
    );
    expect(a).toBeDefined();
    expect(b).toBe(a);
    const none = cache.keyOf('GET', `/graphql?extensions=${ext}`, headers);
    expect(cache.keyOf('GET', `/graphql?extensions=${ext}&variables=${enc('{}')}`, headers)).toBe(none);
    expect(cache.keyOf('GET', `/graphql?extensions=${ext}&variables=null`, headers)).toBe(none);
  });
});
