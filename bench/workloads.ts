// The benchmark's workloads and baselines: what each sends, to which server. The documents come from
// src/http/operations.ts, so the article page measured is the one the site sends.
import { ARTICLE_PAGE, FRONT_PAGE, operationHash, SEARCH_PAGE } from '../src/http/operations.js';
import { slugOf } from './corpus.js';

/** `app` is the product as users run it: `npm start`, default settings (bench/run.ts). */
export type ServerName = 'b1' | 'b2' | 'b3' | 'app';

/** The baselines' harnesses (bench/servers/); the product itself is started with `npm start`. */
export const BASELINE_SCRIPTS: Record<Exclude<ServerName, 'app'>, string> = {
  b1: 'bench/servers/b1-bare.ts',
  b2: 'bench/servers/b2-sqlite.ts',
  b3: 'bench/servers/b3-yoga-prisma.ts',
};

export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface Workload {
  name: string;
  description: string;
  server: ServerName;
  /** Send every request once before the warm-up, so a cache measures its steady state, not its filling. */
  prime?: boolean;
  /** The baseline row this one is compared with in the ×B3 column. */
  sameWorkloadB3?: string;
  /** An editor updates one article of the hot set every this many ms while the workload runs (W5). */
  writesEveryMs?: number;
  /** Each request once, from a fresh server, never repeated (the cache is cold for every one). */
  cold?: boolean;
  requests: (articles: number) => BenchRequest[];
}

const SEARCH_TERMS = [
  'trade',
  'rail',
  'climate',
  'budget',
  'vaccine',
  'Beijing',
  'Geneva',
  'markets',
  'funding',
];

/** W4's hot set: the newest articles, where a news site's reads concentrate. */
export const W4_HOT_ARTICLES = 1000;

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
const post = (query: string, variables: Record<string, unknown> = {}): BenchRequest => ({
  method: 'POST',
  path: '/graphql',
  body: JSON.stringify({ query, variables }),
  headers: JSON_HEADERS,
});
const allSlugs = (n: number) => Array.from({ length: n }, (_, i) => slugOf(i));

export const WORKLOADS: Workload[] = [
  {
    name: 'B1 bare node:http',
    description: 'fixed 2 KB JSON body',
    server: 'b1',
    requests: () => [{ method: 'GET', path: '/' }],
  },
  {
    name: 'B2 node:http+sqlite W1',
    description: "W1's JSON built by hand from better-sqlite3",
    server: 'b2',
    requests: (n) => allSlugs(n).map((slug) => ({ method: 'GET', path: `/article?slug=${slug}` })),
  },
  {
    name: 'B3 Yoga+Prisma W1',
    description: 'W1 on Yoga with per-field Prisma resolvers',
    server: 'b3',
    requests: (n) => allSlugs(n).map((slug) => post(ARTICLE_PAGE, { slug })),
  },
  {
    name: 'B3 Yoga+Prisma W2',
    description: 'W2 on Yoga with per-field Prisma resolvers',
    server: 'b3',
    requests: () => [post(FRONT_PAGE, { first: 20 })],
  },
  {
    name: 'W1 article page',
    description: 'POST, uncached, slugs rotating over the corpus',
    server: 'app',
    sameWorkloadB3: 'B3 Yoga+Prisma W1',
    requests: (n) => allSlugs(n).map((slug) => post(ARTICLE_PAGE, { slug })),
  },
  {
    name: 'W2 front page',
    description: 'POST, uncached, 20 newest with section and sources',
    server: 'app',
    sameWorkloadB3: 'B3 Yoga+Prisma W2',
    requests: () => [post(FRONT_PAGE, { first: 20 })],
  },
  {
    name: 'W3 search',
    description: 'POST, uncached, rotating terms',
    server: 'app',
    requests: () => SEARCH_TERMS.map((query) => post(SEARCH_PAGE, { query, first: 20 })),
  },
  {
    name: 'W4 persisted GET, cached',
    description: `W1 as a persisted GET, hot set of the ${W4_HOT_ARTICLES} newest`,
    server: 'app',
    sameWorkloadB3: 'B3 Yoga+Prisma W1',
    prime: true,
    requests: (n) => hotSet(n),
  },
  {
    name: 'W5 W4 while an editor writes',
    description: 'W4, while updateArticle changes one hot article per second',
    server: 'app',
    sameWorkloadB3: 'B3 Yoga+Prisma W1',
    prime: true,
    writesEveryMs: 1000,
    requests: (n) => hotSet(n),
  },
  {
    name: 'W1 cold persisted GET',
    description: 'the first request for each article page: a persisted GET the cache has never answered',
    server: 'app',
    sameWorkloadB3: 'B3 Yoga+Prisma W1',
    cold: true,
    requests: (n) => persistedArticlePages(allSlugs(n).reverse()),
  },
];

/** W1 as persisted GETs of these slugs. */
function persistedArticlePages(slugs: readonly string[]): BenchRequest[] {
  const extensions = encodeURIComponent(
    JSON.stringify({ persistedQuery: { version: 1, sha256Hash: operationHash(ARTICLE_PAGE) } }),
  );
  return slugs.map((slug) => ({
    method: 'GET',
    path: `/graphql?extensions=${extensions}&variables=${encodeURIComponent(JSON.stringify({ slug }))}`,
    headers: { accept: 'application/graphql-response+json' },
  }));
}

/** The newest W4_HOT_ARTICLES article pages, as persisted GETs. */
export function hotSet(n: number): BenchRequest[] {
  return persistedArticlePages(allSlugs(n).slice(Math.max(0, n - W4_HOT_ARTICLES)));
}
