// Applies pending committed migrations with Prisma's own CLI, so its bookkeeping stays authoritative: the
// provider's Prisma config, schema and migrations folder are chosen from the database URL. On SQLite it
// asks the file first, so a start that finds nothing pending never runs the CLI: Prisma's WebAssembly
// migrate engine takes the file in `locking_mode=EXCLUSIVE`, which fails (as an undecodable
// "SocketTimeout") while any other process — a second server, an import — has it open.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { type DatabaseProvider, databasePathOf, databaseProviderOf } from './env.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Each provider's Prisma CLI config, schema and migrations (relative to the project root). */
export const PRISMA_FILES: Record<DatabaseProvider, { config: string; schema: string; migrations: string }> =
  {
    sqlite: { config: 'prisma.config.ts', schema: 'prisma/schema.prisma', migrations: 'prisma/migrations' },
    postgresql: {
      config: 'prisma.pg.config.ts',
      schema: 'prisma/postgresql/schema.prisma',
      migrations: 'prisma/postgresql/migrations',
    },
  };

/** How long a start waits for other processes to let go of a SQLite file before giving up. */
const WAIT_FOR_EXCLUSIVE_MS = 60_000;

/** Committed SQLite migrations not yet applied to the file (all of them for a new file). */
export function pendingMigrations(databaseUrl: string): string[] {
  const committed = readdirSync(join(root, PRISMA_FILES.sqlite.migrations), { withFileTypes: true })
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
  const provider = databaseProviderOf(databaseUrl);
  const pending = provider === 'sqlite' ? pendingMigrations(databaseUrl) : undefined;
  if (pending?.length === 0) return;
  const prisma = join(root, 'node_modules', '.bin', 'prisma');
  const { config } = PRISMA_FILES[provider];
  const deadline = Date.now() + WAIT_FOR_EXCLUSIVE_MS;
  let waiting = false;
  for (;;) {
    try {
      const { stdout } = await promisify(execFile)(prisma, ['migrate', 'deploy', '--config', config], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl },
      });
      if (pending) log(`Applied ${pending.length} migration(s): ${pending.join(', ')}`);
      else if (/applied/i.test(stdout) && !/No pending migrations/i.test(stdout))
        log('Applied pending migrations');
      return;
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      if (!pending || !isLockedOut(`${stdout}${stderr}`)) {
        throw new Error(`prisma migrate deploy failed:\n${stdout}${stderr}`);
      }
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
