// Applies pending committed migrations with Prisma's own CLI, so its bookkeeping stays authoritative; but
// asks the database first, so a start that finds nothing pending never runs it. That matters on SQLite:
// Prisma's WebAssembly migrate engine takes the file in `locking_mode=EXCLUSIVE`, which fails (as an
// undecodable "SocketTimeout") while any other process — a second server, an import — has it open.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { databasePathOf } from './env.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MIGRATIONS = join(root, 'prisma', 'migrations');

/** How long a start waits for other processes to let go of the database before giving up. */
const WAIT_FOR_EXCLUSIVE_MS = 60_000;

/** Committed migrations not yet applied to the SQLite file (all of them for a new file). */
export function pendingMigrations(databaseUrl: string): string[] {
  const committed = readdirSync(MIGRATIONS, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const path = databasePathOf(databaseUrl);
  if (!existsSync(path)) return committed;
  // A plain read: WAL lets it run beside any other connection.
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const table = sqlite
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`)
      .get();
    if (!table) return committed;
    const applied = new Set(
      sqlite
        .prepare(
          `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        )
        .pluck()
        .all() as string[],
    );
    return committed.filter((name) => !applied.has(name));
  } finally {
    sqlite.close();
  }
}

const isLockedOut = (output: string) => /SocketTimeout|SQLITE_BUSY|database is locked/i.test(output);

export async function applyMigrations(
  databaseUrl: string,
  log: (message: string) => void = (message) => console.log(message),
): Promise<void> {
  const pending = pendingMigrations(databaseUrl);
  if (pending.length === 0) return;
  const prisma = join(root, 'node_modules', '.bin', 'prisma');
  const deadline = Date.now() + WAIT_FOR_EXCLUSIVE_MS;
  let waiting = false;
  for (;;) {
    try {
      await promisify(execFile)(prisma, ['migrate', 'deploy'], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl },
      });
      log(`Applied ${pending.length} migration(s): ${pending.join(', ')}`);
      return;
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      if (!isLockedOut(`${stdout}${stderr}`))
        throw new Error(`prisma migrate deploy failed:\n${stdout}${stderr}`);
      if (Date.now() > deadline) {
        throw new Error(
          `${pending.length} migration(s) are pending (${pending.join(', ')}) and another process kept the database open for ${WAIT_FOR_EXCLUSIVE_MS / 1000} s: stop the other servers and imports on it, start this one (it migrates), then start them again`,
        );
      }
      if (!waiting) {
        waiting = true;
        log(
          `${pending.length} migration(s) pending (${pending.join(', ')}): waiting for the other processes using the database to close it`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
