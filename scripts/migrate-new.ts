// `npm run migrate:new -- --name what_changed`: writes the SQL that takes the committed migrations to
// prisma/schema.prisma as a new migration folder. `prisma migrate dev --create-only` writes the same file but
// then exits 1 under Prisma 6.19's WebAssembly engine ("null pointer passed to rust"); `migrate diff` does not.
// PostgreSQL gets the same change: prisma/postgresql/schema.prisma is generated again (scripts/schema-pg.ts)
// and the difference from the committed one becomes a folder of the same name in its migrations.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import prismaConfig from '../prisma.config.js';
import { postgresSchemaOf } from './schema-pg.js';

const ROOT = join(import.meta.dirname, '..');
const USAGE =
  'usage: npm run migrate:new -- --name <what_changed> [--prisma-dir <folder with schema.prisma and migrations/>]';
/** Folder names sort by their timestamp; Prisma applies them in that order. */
const NAME = /^[A-Za-z0-9_]{1,100}$/;

function fail(message: string, exitCode: 1 | 2): never {
  console.error(exitCode === 2 ? `${message}\n${USAGE}` : message);
  process.exit(exitCode);
}

function options(): { name: string; prismaDir: string } {
  let values: { name?: string; 'prisma-dir'?: string };
  try {
    ({ values } = parseArgs({
      options: { name: { type: 'string' }, 'prisma-dir': { type: 'string' } },
      allowPositionals: false,
    }));
  } catch (error) {
    fail((error as Error).message, 2);
  }
  const { name } = values;
  if (name === undefined) fail('--name is required', 2);
  if (!NAME.test(name)) {
    fail(
      `--name must be 1 to 100 letters, digits or underscores, e.g. add_byline; got ${JSON.stringify(name)}`,
      2,
    );
  }
  return { name, prismaDir: resolve(values['prisma-dir'] ?? join(ROOT, 'prisma')) };
}

/** UTC, YYYYMMDDHHMMSS, as Prisma names migration folders. */
function timestamp(now: Date): string {
  return now.toISOString().replace(/\D/g, '').slice(0, 14);
}

/**
 * The SQL between two states (`--from-migrations DIR` or `--from-schema-datamodel FILE`) and a schema, or
 * null when there is no difference. Two datamodels need no database: PostgreSQL's diff runs without one.
 */
function diff(from: readonly string[], schema: string): string | null {
  const prisma = join(ROOT, 'node_modules', '.bin', 'prisma');
  const args = ['migrate', 'diff', ...from, '--to-schema-datamodel', schema];
  // --exit-code: 0 means no difference, 2 a difference (the script is on stdout), anything else an error.
  const run = spawnSync(prisma, [...args, '--script', '--exit-code'], { cwd: ROOT, encoding: 'utf8' });
  if (run.status === 0) return null;
  if (run.status === 2) return run.stdout;
  fail(`prisma migrate diff failed (exit ${run.status ?? run.signal}):\n${run.stdout}${run.stderr}`, 1);
}

/** Trigger name -> table, from the hand-written SQL of the committed migrations (Prisma does not see them). */
function triggersOf(migrations: string, folders: readonly string[]): Map<string, string> {
  const triggers = new Map<string, string>();
  for (const folder of folders) {
    const sql = readFileSync(join(migrations, folder, 'migration.sql'), 'utf8');
    for (const m of sql.matchAll(/CREATE TRIGGER (?:IF NOT EXISTS )?"?(\w+)"?[^;]*?\bON "?(\w+)"?/gi)) {
      if (m[1] && m[2]) triggers.set(m[1], m[2]);
    }
    for (const m of sql.matchAll(/DROP TRIGGER (?:IF EXISTS )?"?(\w+)"?/gi)) if (m[1]) triggers.delete(m[1]);
  }
  return triggers;
}

/**
 * PostgreSQL's side of the change, when `prismaDir` has a postgresql/ folder: the schema generated from the
 * edited one, and the SQL from the committed PostgreSQL schema to it (null when it is unchanged).
 */
function postgresChange(): { schema: string; migrations: string; generated: string; sql: string } | null {
  const pgSchema = join(prismaDir, 'postgresql', 'schema.prisma');
  if (!existsSync(pgSchema)) return null;
  const generated = postgresSchemaOf(readFileSync(schema, 'utf8'));
  const scratch = mkdtempSync(join(tmpdir(), 'migrate-new-'));
  try {
    const next = join(scratch, 'schema.prisma');
    writeFileSync(next, generated);
    const pgSql = diff(['--from-schema-datamodel', pgSchema], next);
    return pgSql === null
      ? null
      : { schema: pgSchema, migrations: join(prismaDir, 'postgresql', 'migrations'), generated, sql: pgSql };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const { name, prismaDir } = options();
const schema = join(prismaDir, 'schema.prisma');
const migrations = join(prismaDir, 'migrations');
if (!existsSync(schema) || !existsSync(migrations))
  fail(`No schema.prisma and migrations/ in ${prismaDir}`, 1);

const folders = readdirSync(migrations, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const sql = diff(['--from-migrations', migrations], schema);
const shown = (path: string) => relative(process.cwd(), path) || '.';
const postgres = postgresChange();
if (sql === null) {
  console.log(`No difference between ${shown(migrations)} and ${shown(schema)}: no migration written.`);
  if (postgres)
    fail(`${shown(postgres.schema)} differs from ${shown(schema)}: run \`npm run schema:pg\`.`, 1);
  process.exit(0);
}

// The full-text index is created by hand; prisma.config.ts lists its tables as external so the diff leaves
// them alone. Should that ever stop working, refuse rather than write a migration that drops the index.
const external = prismaConfig.tables?.external ?? [];
const touched = external.filter((table) => new RegExp(`\\b${table}\\b`).test(sql));
if (touched.length > 0) {
  fail(
    `The diff touches the full-text tables (${touched.join(', ')}); check tables.external in prisma.config.ts.`,
    1,
  );
}

const folder = `${timestamp(new Date())}_${name}`;
const latest = folders.at(-1);
if (latest !== undefined && folder <= latest) {
  fail(`${folder} would sort before (or equal) the newest migration ${latest}; check the clock.`, 1);
}
const file = join(migrations, folder, 'migration.sql');
mkdirSync(join(migrations, folder));
writeFileSync(file, sql);
console.log(`Wrote ${shown(file)}:\n\n${sql.trimEnd()}\n`);

// SQLite cannot alter most columns, so Prisma rebuilds the table (DROP TABLE, then a renamed copy), which
// also drops the triggers our hand-written migrations put on it.
const rebuilt = new Set([...sql.matchAll(/DROP TABLE "?(\w+)"?/g)].map((m) => m[1]));
const lost = [...triggersOf(migrations, folders)].filter(([, table]) => rebuilt.has(table));
if (lost.length > 0) {
  console.warn(
    `Warning: this rebuilds ${[...new Set(lost.map(([, t]) => t))].join(', ')}, which drops the trigger(s) ` +
      `${lost.map(([t]) => t).join(', ')}: copy their CREATE TRIGGER statements to the end of the file.`,
  );
}
if (postgres) {
  const pgFile = join(postgres.migrations, folder, 'migration.sql');
  mkdirSync(join(postgres.migrations, folder));
  writeFileSync(pgFile, postgres.sql);
  writeFileSync(postgres.schema, postgres.generated);
  console.log(`Wrote ${shown(pgFile)} (and ${shown(postgres.schema)}):\n\n${postgres.sql.trimEnd()}\n`);
}
console.log('Review it, then apply it with `npm run db:migrate`.');
