// Prisma CLI config for PostgreSQL (`--config prisma.pg.config.ts`): the schema generated from
// prisma/schema.prisma (`npm run schema:pg`), its own migrations, and the WebAssembly schema engine through
// adapter-pg with the workarounds of src/db/postgres-schema-engine.ts. prisma.config.ts is SQLite's.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { postgresSchemaEngineAdapter } from './src/db/postgres-schema-engine.js';
import { env } from './src/env.js';

export default defineConfig({
  experimental: { adapter: true, externalTables: true },
  // The full-text table is created by a hand-written migration; external, so migrate diff leaves it alone.
  tables: { external: ['public.ArticleSearch'] },
  engine: 'js',
  schema: path.join('prisma', 'postgresql', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'postgresql', 'migrations'), seed: 'tsx seed/seed.ts' },
  adapter: async () => {
    if (env.databaseProvider !== 'postgresql') {
      throw new Error('prisma.pg.config.ts needs DATABASE_URL=postgresql://…');
    }
    return postgresSchemaEngineAdapter(env.databaseUrl);
  },
});
