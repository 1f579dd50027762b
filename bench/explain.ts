// Prints the SQL each page operation sends (through the real schema and Prisma) with SQLite's
// EXPLAIN QUERY PLAN for each statement. `tsx bench/explain.ts --db file:bench/.data/corpus-....db`
import { parseArgs } from 'node:util';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlQuery } from '@prisma/driver-adapter-utils';
import Database from 'better-sqlite3';
import { databasePathOf } from '../src/env.js';
import { PrismaClient } from '../src/generated/prisma/client.js';
import { createApp } from '../src/http/app.js';
import { ARTICLE_PAGE, FRONT_PAGE, SECTION_PAGE } from '../src/http/operations.js';
import { slugOf } from './corpus.js';

const { values } = parseArgs({
  options: { db: { type: 'string', default: 'file:./bench/.data/corpus.db' } },
});
const url = values.db as string;
const seen: SqlQuery[] = [];
const inner = new PrismaBetterSQLite3({ url });
const db = new PrismaClient({
  adapter: {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const adapter = await inner.connect();
      const queryRaw = adapter.queryRaw.bind(adapter);
      adapter.queryRaw = (query) => {
        seen.push(query);
        return queryRaw(query);
      };
      return adapter;
    },
  },
});
const app = createApp({ db, logging: false });
const sqlite = new Database(databasePathOf(url), { readonly: true });

async function explain(name: string, query: string, variables: Record<string, unknown>) {
  seen.length = 0;
  const res = await app.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  await res.text();
  console.log(`\n## ${name}: ${seen.length} statements\n`);
  for (const q of seen) {
    const args = q.args.map((a) => (a instanceof Date ? a.toISOString() : a));
    const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(args as unknown[])) as {
      detail: string;
    }[];
    console.log(`- \`${q.sql.replace(/`/g, '').slice(0, 220)}${q.sql.length > 220 ? '...' : ''}\``);
    for (const p of plan) console.log(`  - ${p.detail}`);
  }
}

await explain('W1 article page', ARTICLE_PAGE, { slug: slugOf(7) });
await explain('W2 front page', FRONT_PAGE, {});
await explain('section page', SECTION_PAGE, { slug: 'world' });
await db.$disconnect();
