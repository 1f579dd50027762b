// `npm run migrate:new` as a real process against a copy of prisma/: a schema change becomes a migration
// that applies to a fresh database, no change writes nothing, and a bad --name is a usage error.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';
import { runCommand } from '../helpers/process.js';

const dir = mkdtempSync(join(tmpdir(), 'newsroom-migrate-new-'));
const PRISMA = join(dir, 'prisma');
const MIGRATIONS = join(PRISMA, 'migrations');
cpSync(join(ROOT, 'prisma'), PRISMA, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const migrateNew = (...args: string[]) =>
  runCommand('npm', ['run', '--silent', 'migrate:new', '--', ...args], {
    DATABASE_URL: `file:${join(dir, 'cli.db')}`,
  });

const folders = () =>
  readdirSync(MIGRATIONS, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

describe('npm run migrate:new', { timeout: 120_000 }, () => {
  it('turns a schema change into a migration that applies to a fresh database, then finds no difference', async () => {
    const before = folders();
    const schemaFile = join(PRISMA, 'schema.prisma');
    const schema = readFileSync(schemaFile, 'utf8');
    expect(schema).toContain('model Article {\n');
    writeFileSync(schemaFile, schema.replace('model Article {\n', 'model Article {\n  byline String?\n'));

    const res = await migrateNew('--name', 'add_byline', '--prisma-dir', PRISMA);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const added = folders().filter((f) => !before.includes(f));
    expect(added).toHaveLength(1);
    const folder = added[0] ?? '';
    expect(folder).toMatch(/^\d{14}_add_byline$/);
    expect(folder > (before.at(-1) ?? '')).toBe(true);
    const sql = readFileSync(join(MIGRATIONS, folder, 'migration.sql'), 'utf8');
    expect(sql).toContain('ALTER TABLE "Article" ADD COLUMN "byline" TEXT;');
    expect(sql).not.toMatch(/ArticleSearch/); // the full-text tables are external to Prisma
    expect(res.stdout).toContain(join(folder, 'migration.sql'));
    expect(res.stdout).toContain(sql.trim());

    const sqlite = new Database(join(dir, 'fresh.db'));
    try {
      for (const folder of folders())
        sqlite.exec(readFileSync(join(MIGRATIONS, folder, 'migration.sql'), 'utf8'));
      const columns = sqlite.prepare(`SELECT name FROM pragma_table_info('Article')`).all() as {
        name: string;
      }[];
      expect(columns.map((c) => c.name)).toContain('byline');
      expect(sqlite.prepare(`SELECT count(*) AS n FROM "ArticleSearch"`).get()).toEqual({ n: 0 });
    } finally {
      sqlite.close();
    }

    const again = await migrateNew('--name', 'nothing_left', '--prisma-dir', PRISMA);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/No difference .*: no migration written\./);
    expect(folders()).toEqual([...before, folder]);
  });

  it('refuses a missing or invalid --name with exit 2 and the usage', async () => {
    for (const args of [[], ['--name', '../escape'], ['--title', 'x']]) {
      const res = await migrateNew(...args, '--prisma-dir', PRISMA);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr).toContain('usage: npm run migrate:new -- --name <what_changed>');
    }
  });
});
