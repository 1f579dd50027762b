// `npm run migrate:new` writes PostgreSQL's migration too: a schema change becomes a folder of the same name
// in prisma/postgresql/migrations, the generated schema follows, and Prisma then finds no drift on PostgreSQL.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresSchemaOf } from '../../scripts/schema-pg.js';
import { createPostgresDatabase } from '../helpers/postgres.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'newsroom-migrate-new-pg-'));
const PRISMA = join(dir, 'prisma');
cpSync(join(ROOT, 'prisma'), PRISMA, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = promisify(execFile);

const folders = (migrations: string) =>
  readdirSync(migrations, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

describe('npm run migrate:new on both providers', { timeout: 180_000 }, () => {
  it('writes the PostgreSQL migration and schema for the same change, free of drift', async () => {
    const pgMigrations = join(PRISMA, 'postgresql', 'migrations');
    const before = folders(pgMigrations);
    const schemaFile = join(PRISMA, 'schema.prisma');
    writeFileSync(
      schemaFile,
      readFileSync(schemaFile, 'utf8').replace('model Article {\n', 'model Article {\n  byline String?\n'),
    );
    const res = await run(
      'npm',
      ['run', '--silent', 'migrate:new', '--', '--name', 'add_byline', '--prisma-dir', PRISMA],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: `file:${join(dir, 'cli.db')}` },
      },
    );
    expect(res.stderr).toBe('');
    const added = folders(pgMigrations).filter((f) => !before.includes(f));
    expect(added).toEqual(folders(join(PRISMA, 'migrations')).slice(-1));
    const sql = readFileSync(join(pgMigrations, added[0] ?? '', 'migration.sql'), 'utf8');
    expect(sql).toMatch(/ALTER TABLE "Article" ADD COLUMN\s+"byline" TEXT;/);
    expect(res.stdout).toContain(sql.trim());
    const pgSchema = join(PRISMA, 'postgresql', 'schema.prisma');
    expect(readFileSync(pgSchema, 'utf8')).toBe(postgresSchemaOf(readFileSync(schemaFile, 'utf8')));

    const empty = await createPostgresDatabase({ migrated: false });
    try {
      const drift = await run(
        join(ROOT, 'node_modules', '.bin', 'prisma'),
        [
          'migrate',
          'diff',
          '--from-migrations',
          pgMigrations,
          '--to-schema-datamodel',
          pgSchema,
          '--exit-code',
          '--config',
          'prisma.pg.config.ts',
        ],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: empty.url } },
      );
      expect(drift.stdout).toContain('No difference detected');
    } finally {
      await empty.drop();
    }
  });
});
