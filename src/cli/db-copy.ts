// `npm run db:copy -- --to postgresql://…`: moves the database of DATABASE_URL (SQLite or PostgreSQL) into
// an empty PostgreSQL database, migrated first (src/editorial/copy.ts). Exit codes: 0 copied, 1 refused
// (the target holds rows), 2 usage error, 3 the database failed (nothing was copied).
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { tablesWithRows } from '../db/postgres.js';
import {
  CLI_WRITE_LOCK_WAIT_MS,
  createDb,
  type Db,
  databaseErrorMessage,
  emptyDatabase,
  providerOf,
} from '../db.js';
import { type CopyProgress, copyDatabase } from '../editorial/copy.js';
import { databaseLabelOf, databasePathOf, databaseProviderOf, env } from '../env.js';
import { applyMigrations } from '../migrate.js';

const USAGE = `usage: npm run db:copy -- --to postgresql://user@host/database [--replace]

Copies every row of DATABASE_URL (default file:./data/newsroom.db) into the PostgreSQL database --to,
after applying its migrations, in one transaction: ids are kept, so global ids and cursors stay valid.
The target must hold no rows; --replace first drops everything in its schema "public".`;

/** Progress on stderr for tables this large, every PROGRESS_STEP rows. */
const PROGRESS_STEP = 20_000;

class UsageError extends Error {}

function options(argv: string[]): { to: string; replace: boolean } | 'help' {
  let values: { to?: string; replace?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        to: { type: 'string' },
        replace: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  if (!values.to) throw new UsageError('--to is required');
  if (databaseProviderOf(values.to) !== 'postgresql') {
    throw new UsageError(
      `--to must be a postgresql:// (or postgres://) URL, got ${JSON.stringify(values.to)}`,
    );
  }
  if (sameDatabase(values.to, env.databaseUrl)) throw new UsageError('--to is DATABASE_URL itself');
  return { to: values.to, replace: values.replace ?? false };
}

/** Whether two URLs name one PostgreSQL database (scheme spelling, credentials and parameters aside). */
function sameDatabase(a: string, b: string): boolean {
  if (databaseProviderOf(a) !== 'postgresql' || databaseProviderOf(b) !== 'postgresql') return a === b;
  try {
    const [x, y] = [a, b].map((url) => new URL(url.replace(/^postgres:/, 'postgresql:')));
    return (
      x?.hostname === y?.hostname &&
      (x?.port || '5432') === (y?.port || '5432') &&
      x?.pathname === y?.pathname
    );
  } catch {
    return a === b;
  }
}

function progress({ table, done, total }: CopyProgress): void {
  if (total >= PROGRESS_STEP && (done % PROGRESS_STEP < 2000 || done === total)) {
    process.stderr.write(`progress: ${table} ${done}/${total}\n`);
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof options>;
  try {
    parsed = options(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { to, replace } = parsed;
  const target = databaseLabelOf(to);
  let source: Db | undefined;
  let copy: Db | undefined;
  try {
    // The source first: a missing file or an unmigrated database is refused before the target is touched.
    const sourcePath = databasePathOf(env.databaseUrl);
    if (sourcePath && !existsSync(sourcePath)) throw new Error(`no database file at ${sourcePath}`);
    source = await createDb(env.databaseUrl, { writeLockWaitMs: CLI_WRITE_LOCK_WAIT_MS });
    await source.article.count();
    const filled = await tablesWithRows(to);
    if (filled.length > 0 && !replace) {
      process.stderr.write(
        `${target} is not empty (rows in ${filled.join(', ')}): nothing was copied. Pass --replace to drop everything in it first.\n`,
      );
      return 1;
    }
    if (replace) await emptyDatabase(to);
    await applyMigrations(to);
    copy = await createDb(to, { writeLockWaitMs: CLI_WRITE_LOCK_WAIT_MS });
    const report = await copyDatabase(source, copy, providerOf(copy), progress);
    const seconds = report.ms / 1000;
    const counts = Object.entries(report.rows).map(([table, n]) => `${table} ${n}`);
    process.stdout.write(
      `copied ${databaseLabelOf(env.databaseUrl)} to ${target}: ${counts.join(', ')}\n` +
        `${report.totalRows} rows in ${seconds.toFixed(1)} s (${Math.round(report.totalRows / Math.max(seconds, 0.001))} rows/s); counts checked\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`database error, nothing was copied: ${databaseErrorMessage(error)}\n`);
    return 3;
  } finally {
    await source?.$disconnect();
    await copy?.$disconnect();
  }
}

process.exitCode = await main(process.argv.slice(2));
