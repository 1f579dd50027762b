// Prisma CLI config: runs the WebAssembly schema engine through the better-sqlite3 driver adapter,
// so generate/migrate/seed need no downloaded engine binary (see README, "Database and Prisma workflow").
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { defineConfig } from 'prisma/config';
import { env } from './src/env.js';

// Workaround (remove when Prisma fixes it upstream): the schema engine replays each migration.sql into
// the shadow database as ONE executeRaw call, and better-sqlite3's prepare() refuses more than one
// statement. `migrate deploy` already uses executeScript; route argument-less executeRaw there too so
// `migrate dev` and `migrate diff --from-migrations` work.
function withScriptExecuteRaw(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length === 0) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

function adapterFactory(): SqlMigrationAwareDriverAdapterFactory {
  // A fresh clone has no data/ folder yet; SQLite creates the file but not its folder.
  mkdirSync(path.dirname(env.databasePath), { recursive: true });
  const factory = new PrismaBetterSQLite3({ url: env.databaseUrl });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => withScriptExecuteRaw(await factory.connect()),
    connectToShadowDb: async () => withScriptExecuteRaw(await factory.connectToShadowDb()),
  };
}

// The full-text index (an FTS5 virtual table and the shadow tables SQLite creates for it) is created by
// a hand-written migration; listing it as external stops `migrate dev`/`migrate diff` from dropping it.
const FULL_TEXT_TABLES = [
  'ArticleSearch',
  ...['config', 'content', 'data', 'docsize', 'idx'].map((t) => `ArticleSearch_${t}`),
];

export default defineConfig({
  experimental: { adapter: true, externalTables: true },
  tables: { external: FULL_TEXT_TABLES },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations'), seed: 'tsx seed/seed.ts' },
  adapter: async () => adapterFactory(),
});
