// The benchmark's workloads and baselines: what each sends, to which server. The documents come from
// src/http/operations.ts, so the article page measured is the one the site sends.
import { ARTICLE_PAGE, FRONT_PAGE, operationHash, SEARCH_PAGE } from '../src/http/operations.js';
import { slugOf } from './corpus.js';

export type ServerName = 'b1' | 'b2' | 'b3' | 'app';

export const SERVER_SCRIPTS: Record<ServerName, string> = {
  b1: 'bench/servers/b1-bare.ts',
  b2: 'bench/servers/b2-sqlite.ts',
  b3: 'bench/servers/b3-yoga-prisma.ts',
  app: 'bench/servers/app.ts',
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
    requests: (n) => {
      const extensions = encodeURIComponent(
        JSON.stringify({ persistedQuery: { version: 1, sha256Hash: operationHash(ARTICLE_PAGE) } }),
      );
      const from = Math.max(0, n - W4_HOT_ARTICLES);
      return allSlugs(n)
        .slice(from)
        .map((slug) => ({
          method: 'GET',
          path: `/graphql?extensions=${extensions}&variables=${encodeURIComponent(JSON.stringify({ slug }))}`,
          headers: { accept: 'application/graphql-response+json' },
        }));
    },
  },
];
