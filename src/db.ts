// The one PrismaClient: better-sqlite3 driver adapter, connection pragmas, and a SQL statement counter.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils';
import { databasePathOf, env } from './env.js';
import { PrismaClient } from './generated/prisma/client.js';

export type Db = PrismaClient;

/**
 * Counts every SQL statement the client sends. Tests use it to prove a request's statement count does
 * not grow with the data (no N+1); the benchmark reports statements per request.
 */
export const sqlStatementCounter = { count: 0 };

function counted<T extends Pick<SqlDriverAdapter, 'queryRaw' | 'executeRaw'>>(target: T): T {
  const queryRaw = target.queryRaw.bind(target);
  const executeRaw = target.executeRaw.bind(target);
  target.queryRaw = (query) => {
    sqlStatementCounter.count++;
    return queryRaw(query);
  };
  target.executeRaw = (query) => {
    sqlStatementCounter.count++;
    return executeRaw(query);
  };
  return target;
}

/**
 * Interactive transactions run on the same connection as reads, so a read made while one is open can see
 * its uncommitted rows. The response cache stores nothing computed while one was open or started.
 */
export const transactionActivity = { open: 0, started: 0 };

/** The better-sqlite3 connection under the adapter (a public field of its adapter class). */
type RawConnection = { prepare(sql: string): { pluck(): { get(): unknown } } };

function countingFactory(
  inner: SqlDriverAdapterFactory,
  onConnect: (raw: RawConnection | undefined) => void,
): SqlDriverAdapterFactory {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const adapter = counted(await inner.connect());
      onConnect((adapter as unknown as { client?: RawConnection }).client);
      const startTransaction = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel) => {
        const tx = counted<Transaction>(await startTransaction(isolationLevel));
        transactionActivity.started++;
        transactionActivity.open++;
        for (const end of ['commit', 'rollback'] as const) {
          const finish = tx[end].bind(tx);
          tx[end] = async () => {
            try {
              return await finish();
            } finally {
              transactionActivity.open--;
            }
          };
        }
        return tx;
      };
      return adapter;
    },
  };
}

/**
 * Pragmas for a read-heavy server on one file: WAL lets readers run while a writer (the import CLI in
 * another process) commits; NORMAL sync is durable across application crashes in WAL mode; busy_timeout
 * makes a second writer wait instead of failing with SQLITE_BUSY. No mmap: mapped database pages count
 * in the server's resident memory (+60 MB on the 10,000-article bench corpus) while reads through the
 * OS page cache cost little next to Prisma's own work (see docs/performance.md); a 16 MB page cache
 * keeps the hot indexes in the process.
 */
const PRAGMAS = [
  'PRAGMA journal_mode = WAL',
  'PRAGMA synchronous = NORMAL',
  'PRAGMA foreign_keys = ON',
  'PRAGMA busy_timeout = 5000',
  'PRAGMA cache_size = -16000',
  'PRAGMA mmap_size = 0',
  'PRAGMA temp_store = MEMORY',
];

interface RawHolder {
  current?: RawConnection;
  dataVersion?: { connection: RawConnection; statement: { get(): unknown } };
}

const rawConnections = new WeakMap<Db, RawHolder>();

export async function createDb(databaseUrl: string = env.databaseUrl): Promise<Db> {
  mkdirSync(dirname(databasePathOf(databaseUrl)), { recursive: true });
  const holder: RawHolder = {};
  const adapter = countingFactory(new PrismaBetterSQLite3({ url: databaseUrl, timeout: 5000 }), (raw) => {
    holder.current = raw;
  });
  const db = new PrismaClient({ adapter });
  for (const pragma of PRAGMAS) await db.$queryRawUnsafe(pragma);
  rawConnections.set(db, holder);
  return db;
}

/**
 * A timestamp as a raw-SQL parameter that compares in order with stored DateTime columns. The
 * better-sqlite3 adapter stores `2024-06-20T00:00:00.000+00:00` (text), so the parameter must be that text.
 */
export function sqlTimestamp(_db: Db, date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

/**
 * `PRAGMA data_version` on Prisma's own connection, read synchronously (microseconds, not counted as a
 * request statement). It changes only when ANOTHER connection commits, e.g. the import CLI in another
 * process; this process's writes are announced through src/events.ts instead. Undefined before connect.
 */
export function dataVersionOf(db: Db): number | undefined {
  const holder = rawConnections.get(db);
  const raw = holder?.current;
  if (!holder || !raw) return undefined;
  // Prepared once per connection: better-sqlite3's pragma() would prepare on every call.
  if (holder.dataVersion?.connection !== raw) {
    holder.dataVersion = { connection: raw, statement: raw.prepare('PRAGMA data_version').pluck() };
  }
  return Number(holder.dataVersion.statement.get());
}
