// The one PrismaClient: the provider's driver adapter (src/db/sqlite.ts or src/db/postgres.ts, picked from
// the URL), a SQL statement counter, and the few provider-specific forms the rest of the code needs
// (timestamps in raw SQL, other processes' commits).
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils';
import type {
  ChangeFeed,
  ChangeListener,
  Connection,
  Provider,
  ProviderModule,
  RowInserter,
} from './db/provider.js';
import { type DatabaseProvider, databaseProviderOf, env } from './env.js';
import type { Prisma, PrismaClient } from './generated/prisma/client.js';

export type {
  ChangeFeed,
  ExternalChange,
  Provider,
  RowInserter,
  SearchRow,
  SearchUnits,
} from './db/provider.js';
export { CHANGE_LOG_KEEP, WriteLockTimeout } from './db/provider.js';

/**
 * The app's client, typed by the SQLite client: the PostgreSQL client generated from the same data model
 * has the same model types (src/db/postgres.ts casts it once).
 */
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

function countingFactory(inner: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const adapter = counted(await inner.connect());
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

export interface DbOptions {
  /**
   * Whether `findTree` may answer a query tree in one statement (default true). Off, every read goes
   * through Prisma: the tests compare both ways' answers byte for byte.
   */
  treeQueries?: boolean;
  /**
   * How long a write transaction waits for the write lock (held by another process or transaction)
   * before failing with WriteLockTimeout. Short for the server, so a request is answered quickly either
   * way; long for the command-line tools.
   */
  writeLockWaitMs?: number;
}

/** The server's wait: a mutation is answered (or refused as busy) within about a second. */
export const SERVER_WRITE_LOCK_WAIT_MS = 750;
/** The command-line tools' wait: an import or token command waits its turn behind another import. */
export const CLI_WRITE_LOCK_WAIT_MS = 60_000;

/** Each provider's module, loaded only when a URL names it (SQLite users never load PostgreSQL's client). */
const MODULES: Record<DatabaseProvider, () => Promise<ProviderModule>> = {
  sqlite: async () => (await import('./db/sqlite.js')).sqliteModule,
  postgresql: async () => (await import('./db/postgres.js')).postgresModule,
};

const moduleFor = (url: string) => MODULES[databaseProviderOf(url)]();

/** Removes every table and row of the database at `url` (its migrations then start afresh). */
export async function emptyDatabase(url: string): Promise<void> {
  await (await moduleFor(url)).emptyDatabase(url);
}

const connections = new WeakMap<Db, Connection>();

export async function createDb(databaseUrl: string = env.databaseUrl, options: DbOptions = {}): Promise<Db> {
  const { connect } = await moduleFor(databaseUrl);
  const connection = await connect(databaseUrl, {
    writeLockWaitMs: options.writeLockWaitMs ?? SERVER_WRITE_LOCK_WAIT_MS,
    wrap: countingFactory,
  });
  connections.set(
    connection.client,
    options.treeQueries === false
      ? { ...connection, findTree: undefined, countWhere: undefined }
      : connection,
  );
  // $disconnect first lets bookkeeping started by inBackground() finish: a transaction cut off by the pool
  // closing under it would never release its connection, and the disconnect would wait forever.
  const disconnect = connection.client.$disconnect.bind(connection.client);
  connection.client.$disconnect = async () => {
    const pending = background.get(connection.client);
    while (pending?.size) await Promise.allSettled([...pending]);
    await disconnect();
  };
  return connection.client;
}

const background = new WeakMap<Db, Set<Promise<unknown>>>();

/**
 * Runs bookkeeping nobody waits for (a token's lastUsedAt): its failure is ignored, and `db.$disconnect()`
 * waits for it to end.
 */
export function inBackground(db: Db, work: () => Promise<unknown>): void {
  const pending = background.get(db) ?? new Set<Promise<unknown>>();
  background.set(db, pending);
  const running: Promise<unknown> = work()
    .catch(() => undefined)
    .finally(() => pending.delete(running));
  pending.add(running);
}

function connectionOf(db: Db): Connection {
  const connection = connections.get(db);
  if (!connection) throw new Error('not a client made by createDb()');
  return connection;
}

/** What is specific to the database `db` runs on (src/db/provider.ts). */
export function providerOf(db: Db): Provider {
  return connectionOf(db).provider;
}

/** A timestamp as a raw-SQL parameter that compares in order with stored DateTime columns. */
export function sqlTimestamp(db: Db, date: Date): unknown {
  return providerOf(db).timestamp(date);
}

/**
 * One line for a database failure, for command-line output and logs: Prisma's messages open with an
 * excerpt of the calling source code, which says nothing to the person running a command.
 */
export function databaseErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const cause =
    error instanceof Error && 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
  return `${lines.at(-1) ?? message}${cause}`;
}

/**
 * A fast way to insert many rows inside the current write transaction, when the provider has one (the
 * write path falls back to multi-row SQL through Prisma otherwise).
 */
export function rowInserterOf(db: Db): RowInserter | undefined {
  return connections.get(db)?.rowInserter?.();
}

/**
 * Hears the content commits of other processes on the same database, with the cache tags they recorded
 * (src/editorial/write.ts). This process's own writes are announced through src/editorial/events.ts instead.
 */
export function watchExternalChanges(db: Db, listener: ChangeListener): ChangeFeed {
  return connections.get(db)?.watchChanges?.(listener) ?? { poll: () => {}, close: () => {} };
}

/**
 * `count({ where })` on `model`: straight on the connection where the provider can (SQLite: the same
 * compiler as findTree; Prisma's client costs more than the count itself), else through Prisma.
 */
export async function countWhere(db: Db, model: Prisma.ModelName, where: object): Promise<number> {
  const count = connections.get(db)?.countWhere?.(model, where);
  if (count !== undefined) {
    sqlStatementCounter.count++;
    return count;
  }
  const delegate = (db as unknown as Record<string, { count(args: object): Promise<number> }>)[
    model.charAt(0).toLowerCase() + model.slice(1)
  ];
  if (!delegate) throw new Error(`no Prisma model ${model}`);
  return delegate.count({ where });
}

/**
 * `findMany(args)` on `model` (its Prisma name, e.g. `Article`) in one SQL statement where the provider
 * can (SQLite: src/db/sqlite-tree.ts builds the nested rows with JSON functions), else through Prisma,
 * which sends one statement per relation level. Either way the rows are what Prisma returns.
 */
export async function findTree<Row>(db: Db, model: Prisma.ModelName, args: object): Promise<Row[]> {
  const rows = connections.get(db)?.findTree?.(model, args as Record<string, unknown>);
  if (rows) {
    sqlStatementCounter.count++;
    return rows as Row[];
  }
  const delegate = (db as unknown as Record<string, { findMany(args: object): Promise<Row[]> }>)[
    model.charAt(0).toLowerCase() + model.slice(1)
  ];
  if (!delegate) throw new Error(`no Prisma model ${model}`);
  return delegate.findMany(args);
}
