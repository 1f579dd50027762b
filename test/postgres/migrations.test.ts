// PostgreSQL's schema and migrations: generated from the one data model, free of drift, applied by
// `prisma migrate deploy` with Prisma's own bookkeeping, and carrying the hand-written search and triggers.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRISMA_FILES } from '../../src/migrate.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createPostgresDatabase } from '../helpers/postgres.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PRISMA = join(ROOT, 'node_modules', '.bin', 'prisma');
const { config, schema, migrations } = PRISMA_FILES.postgresql;
const run = promisify(execFile);

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.cleanup());

describe('PostgreSQL schema and migrations', { timeout: 120_000 }, () => {
  it('prisma/postgresql/schema.prisma is generated from prisma/schema.prisma (npm run schema:pg)', async () => {
    const result = await run(join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/schema-pg.ts', '--check'], {
      cwd: ROOT,
    });
    expect(result.stdout).toContain('is up to date');
  });

  it('leave no drift between the migrations and the schema (the search table is external)', async () => {
    const empty = await createPostgresDatabase({ migrated: false });
    try {
      const result = await run(
        PRISMA,
        [
          'migrate',
          'diff',
          '--from-migrations',
          migrations,
          '--to-schema-datamodel',
          schema,
          '--exit-code',
          '--config',
          config,
        ],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: empty.url } },
      );
      expect(result.stdout).toContain('No difference detected');
    } finally {
      await empty.drop();
    }
  });

  it('are recorded in _prisma_migrations as Prisma records them (a checksum of each file)', async () => {
    const folders = readdirSync(join(ROOT, migrations), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    const rows = await t.db.$queryRaw<{ migration_name: string; checksum: string; finished: boolean }[]>`
      SELECT migration_name, checksum, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name`;
    expect(rows).toEqual(
      folders.map((folder) => ({
        migration_name: folder,
        checksum: createHash('sha256')
          .update(readFileSync(join(ROOT, migrations, folder, 'migration.sql')))
          .digest('hex'),
        finished: true,
      })),
    );
    expect(readFileSync(join(ROOT, migrations, 'migration_lock.toml'), 'utf8')).toContain(
      'provider = "postgresql"',
    );
    const status = await run(PRISMA, ['migrate', 'status', '--config', config], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.url },
    });
    expect(status.stdout).toContain('Database schema is up to date');
  });

  it('carry the related-link triggers, the search index and byte-order headline collation', async () => {
    const triggers = await t.db.$queryRaw<{ name: string }[]>`
      SELECT tgname::text AS name FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname`;
    expect(triggers.map((r) => r.name)).toEqual([
      'Article_resolve_links_after_delete',
      'Article_resolve_links_after_headline_change',
      'Article_resolve_links_after_insert',
      'RelatedLink_resolve_before_insert',
    ]);
    const [index] = await t.db.$queryRaw<{ definition: string }[]>`
      SELECT indexdef::text AS definition FROM pg_indexes WHERE indexname = 'ArticleSearch_document_idx'`;
    expect(index?.definition).toContain('USING gin');
    const [column] = await t.db.$queryRaw<{ collation: string }[]>`
      SELECT collation_name::text AS collation FROM information_schema.columns
      WHERE table_name = 'Article' AND column_name = 'headlineFolded'`;
    expect(column?.collation).toBe('C');
  });
});
