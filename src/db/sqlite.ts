// The SQLite provider (the embedded default): the better-sqlite3 driver adapter, its pragmas, how it
// waits for the write lock, how it spots other processes' commits, how it encodes timestamps, and FTS5.

import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils';
import type Database from 'better-sqlite3';
import { databasePathOf } from '../env.js';
import { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { MATCH_CLOSE, MATCH_OPEN } from '../search/fts-query.js';
import { OwnChanges } from './own-changes.js';
import {
  type ChangeFeed,
  type ChangeListener,
  type Provider,
  type ProviderModule,
  type RowInserter,
  WriteLockTimeout,
} from './provider.js';
import { compileCount, compileFindMany, runCount, runTree, Unsupported } from './sqlite-tree.js';

/** The better-sqlite3 connection under the adapter (a public field of its adapter class). */
export type RawConnection = Database.Database;

/**
 * Pragmas for a read-heavy server on one file: WAL lets readers run while a writer (the import CLI in
 * another process) commits; NORMAL sync is durable across application crashes in WAL mode. No mmap:
 * mapped database pages count in the server's resident memory (+60 MB on the 10,000-article bench
 * corpus) while reads through the OS page cache cost little next to Prisma's own work (see
 * docs/performance.md); a 16 MB page cache keeps the hot indexes in the process. busy_timeout is 0:
 * better-sqlite3 waits for a lock synchronously, freezing the event loop, so writers wait for the write
 * lock asynchronously instead (`startTransaction` below) and readers never wait (WAL).
 */
const PRAGMAS = [
  'PRAGMA journal_mode = WAL',
  'PRAGMA synchronous = NORMAL',
  'PRAGMA foreign_keys = ON',
  'PRAGMA busy_timeout = 0',
  'PRAGMA cache_size = -16000',
  'PRAGMA mmap_size = 0',
  'PRAGMA temp_store = MEMORY',
];

const isBusy = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  'code' in error &&
  String(error.code).startsWith('SQLITE_BUSY');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A FIFO lock: one transaction at a time on the one connection, waiters queue without blocking. */
class ConnectionLock {
  #tail: Promise<void> = Promise.resolve();

  /** Resolves to a release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const acquired = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => released);
    return acquired;
  }
}

export interface SqliteOptions {
  /** How long a transaction may wait for the write lock before WriteLockTimeout (ms). */
  writeLockWaitMs: number;
}

/**
 * Replaces the adapter's startTransaction: `BEGIN IMMEDIATE` takes the write lock up front (a deferred
 * BEGIN would only find it taken at its first write, after its reads), and a taken lock is retried with
 * backoff and jitter on timers, never by blocking the thread. The adapter's own version runs a plain
 * BEGIN and keeps its mutex locked if BEGIN fails, so it cannot be reused here.
 */
function waitingTransactions(adapter: SqlDriverAdapter, raw: RawConnection, options: SqliteOptions) {
  const lock = new ConnectionLock();
  // The adapter's query methods live on its base class, which transactions extend too.
  const queryable = Object.getPrototypeOf(Object.getPrototypeOf(adapter)) as object;
  const begin = raw.prepare('BEGIN IMMEDIATE');
  adapter.startTransaction = async () => {
    const started = Date.now();
    const release = await lock.acquire();
    for (let attempt = 0; ; attempt++) {
      try {
        begin.run();
        break;
      } catch (error) {
        const waited = Date.now() - started;
        if (!isBusy(error) || waited >= options.writeLockWaitMs) {
          release();
          throw isBusy(error) ? new WriteLockTimeout(waited) : error;
        }
        // Short polls: a batched import leaves the lock free for BATCH_GAP_MS (40 ms) between batches.
        const backoff = Math.min(20, 2 ** attempt) * (0.5 + Math.random());
        await sleep(Math.min(backoff, options.writeLockWaitMs - waited));
      }
    }
    const transaction: Transaction = Object.assign(Object.create(queryable) as Transaction, {
      client: raw,
      adapterOptions: (adapter as unknown as { adapterOptions: unknown }).adapterOptions,
      provider: adapter.provider,
      adapterName: adapter.adapterName,
      options: { usePhantomQuery: false },
      // Prisma sends COMMIT / ROLLBACK itself; these only hand the connection to the next transaction.
      commit: async () => release(),
      rollback: async () => release(),
    });
    return transaction;
  };
}

export interface SqliteHandle {
  /** The connection under the adapter, once Prisma has connected. */
  raw?: RawConnection;
  dataVersion?: { connection: RawConnection; statement: Database.Statement };
  inserter?: { connection: RawConnection; insert: RowInserter };
}

export function sqliteAdapter(
  url: string,
  handle: SqliteHandle,
  options: SqliteOptions,
): SqlDriverAdapterFactory {
  mkdirSync(dirname(databasePathOf(url)), { recursive: true });
  const factory = new PrismaBetterSQLite3({ url, timeout: 0 });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      const raw = (adapter as unknown as { client: RawConnection }).client;
      raw.exec(PRAGMAS.map((p) => `${p};`).join('\n'));
      waitingTransactions(adapter, raw, options);
      handle.raw = raw;
      return adapter;
    },
  };
}

/**
 * `PRAGMA data_version` on Prisma's own connection, read synchronously (microseconds, not counted as a
 * request statement). It changes only when ANOTHER connection commits, e.g. the import CLI in another
 * process. Undefined before connect.
 */
export function sqliteDataVersion(handle: SqliteHandle): number | undefined {
  const raw = handle.raw;
  if (!raw) return undefined;
  // Prepared once per connection: better-sqlite3's pragma() would prepare on every call.
  if (handle.dataVersion?.connection !== raw) {
    handle.dataVersion = { connection: raw, statement: raw.prepare('PRAGMA data_version').pluck() };
  }
  return Number(handle.dataVersion.statement.get());
}

/**
 * A timestamp as a raw-SQL parameter that compares in order with stored DateTime columns. The
 * better-sqlite3 adapter stores `2024-06-20T00:00:00.000+00:00` (text), so the parameter must be that text.
 */
export function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

/**
 * Bulk inserts straight through the connection under the adapter: inside a write transaction they are
 * part of it (one connection), and they skip Prisma's per-statement work, which costs more than SQLite's
 * own for the thousands of rows an import writes. Values are stored exactly as the adapter stores them.
 */
export function sqliteRowInserter(handle: SqliteHandle): RowInserter | undefined {
  const raw = handle.raw;
  if (!raw) return undefined;
  if (handle.inserter?.connection === raw) return handle.inserter.insert;
  const statements = new Map<string, Database.Statement>();
  const insert: RowInserter = (table, columns, rows) => {
    const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    let statement = statements.get(sql);
    if (!statement) {
      statement = raw.prepare(sql);
      statements.set(sql, statement);
    }
    const ids: number[] = [];
    for (const row of rows) ids.push(Number(statement.run(...row.map(sqliteValue)).lastInsertRowid));
    return ids;
  };
  handle.inserter = { connection: raw, insert };
  return insert;
}

/** As the Prisma adapter binds values: dates as ISO-8601 text with `+00:00`, booleans as 0/1. */
function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return sqliteTimestamp(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

// --- full-text search: an FTS5 table, "ArticleSearch" (rowid = article id; created by the query-surface
// migration), ranked with bm25 and highlighted with highlight().

/** bm25 column weights: a word in the headline counts as much as ten in the body. */
const HEADLINE_WEIGHT = 10;
const BODY_WEIGHT = 1;

export const sqliteProvider: Provider = {
  name: 'sqlite',
  // Other processes poll `PRAGMA data_version` and read the ChangeLog (sqliteChangeFeed below).
  announceChange: async () => {},
  timestamp: sqliteTimestamp,

  async searchRanked(db, query, visible, limit) {
    // Visibility is applied in SQL, so hidden articles never take a place among the ranked matches.
    // CROSS JOIN makes SQLite drive the loop from the full-text matches (a plain JOIN let it scan every
    // visible article and probe the index for each: 4x slower on 10,000 articles).
    const rows = await db.$queryRaw<{ id: number | bigint; rank: number }[]>`
      SELECT "ArticleSearch".rowid AS id, bm25("ArticleSearch", ${HEADLINE_WEIGHT}, ${BODY_WEIGHT}) AS rank
      FROM "ArticleSearch" CROSS JOIN "Article" ON "Article"."id" = "ArticleSearch".rowid
      WHERE "ArticleSearch" MATCH ${query.match} AND ${visible}
      ORDER BY rank, "ArticleSearch".rowid LIMIT ${limit}`;
    // bm25 is smaller for better matches; the API's score is larger for them.
    return rows.map((r) => ({ id: Number(r.id), score: -r.rank }));
  },

  async searchHighlights(db, query, ids) {
    if (ids.length === 0) return [];
    const rows = await db.$queryRaw<{ id: number | bigint; headline: string; body: string }[]>`
      SELECT rowid AS id,
             highlight("ArticleSearch", 0, ${MATCH_OPEN}, ${MATCH_CLOSE}) AS headline,
             highlight("ArticleSearch", 1, ${MATCH_OPEN}, ${MATCH_CLOSE}) AS body
      FROM "ArticleSearch" WHERE "ArticleSearch" MATCH ${query.match} AND rowid IN (${Prisma.join([...ids])})`;
    return rows.map((r) => ({ id: Number(r.id), headline: r.headline, body: r.body }));
  },

  async writeSearchRows(tx, rows) {
    if (rows.length === 0) return;
    const ids = Prisma.join(rows.map((r) => r.id));
    await tx.$executeRaw`DELETE FROM "ArticleSearch" WHERE rowid IN (${ids})`;
    const values = Prisma.join(rows.map((r) => Prisma.sql`(${r.id}, ${r.headline}, ${r.body})`));
    await tx.$executeRaw`INSERT INTO "ArticleSearch" (rowid, headline, body) VALUES ${values}`;
  },

  // AUTOINCREMENT keeps its high-water mark in sqlite_sequence, which explicit ids already move.
  syncIdSequences: async () => {},
};

export const sqliteModule: ProviderModule = {
  async connect(url, { writeLockWaitMs, wrap }) {
    const handle: SqliteHandle = {};
    const client = new PrismaClient({ adapter: wrap(sqliteAdapter(url, handle, { writeLockWaitMs })) });
    await client.$connect();
    return {
      client,
      provider: sqliteProvider,
      watchChanges: (listener) => sqliteChangeFeed(handle, listener),
      rowInserter: () => sqliteRowInserter(handle),
      findTree: (model, args) => {
        if (!handle.raw) return undefined;
        try {
          return runTree(handle.raw, model, compileFindMany(model, args));
        } catch (error) {
          if (error instanceof Unsupported) return undefined;
          throw error;
        }
      },
      countWhere: (model, where) => {
        if (!handle.raw) return undefined;
        try {
          return runCount(handle.raw, compileCount(model, where));
        } catch (error) {
          if (error instanceof Unsupported) return undefined;
          throw error;
        }
      },
    };
  },

  async emptyDatabase(url) {
    const path = databasePathOf(url);
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
  },
};

// --- other processes' commits: `PRAGMA data_version` moves, then the ChangeLog rows they wrote say what
// they touched (src/editorial/write.ts records them in the same transaction).

/**
 * Polls, synchronously and cheaply (one pragma read), for commits by other connections, and hands the
 * tags they recorded to `listener`; `'all'` when the log cannot tell (rows pruned before they were read).
 * SQLite's AUTOINCREMENT ids of committed rows follow one another, so a gap means pruned rows.
 */
export function sqliteChangeFeed(handle: SqliteHandle, listener: ChangeListener): ChangeFeed {
  let dataVersion: number | undefined;
  let lastId: number | undefined;
  const own = new OwnChanges();
  let statements: { after: Database.Statement; last: Database.Statement } | undefined;
  const start = (raw: RawConnection) => {
    statements = {
      after: raw.prepare('SELECT "id", "tags" FROM "ChangeLog" WHERE "id" > ? ORDER BY "id"'),
      last: raw.prepare('SELECT coalesce(max("id"), 0) FROM "ChangeLog"').pluck(),
    };
    lastId = Number(statements.last.get());
    dataVersion = sqliteDataVersion(handle);
  };
  return {
    poll() {
      const raw = handle.raw;
      if (!raw) return;
      if (!statements) {
        start(raw);
        return;
      }
      const version = sqliteDataVersion(handle);
      if (version === dataVersion) return;
      dataVersion = version;
      const after = lastId ?? 0;
      const rows = statements.after.all(after) as { id: number | bigint; tags: string }[];
      if (rows.length === 0) return;
      if (Number(rows[0]?.id) !== after + 1) listener('all');
      else {
        for (const row of rows) {
          if (!own.skip(Number(row.id))) listener({ tags: row.tags === '' ? [] : row.tags.split(' ') });
        }
      }
      lastId = Number(rows.at(-1)?.id);
      own.readTo(lastId);
    },
    close() {
      statements = undefined;
    },
    own(id) {
      own.add(id, lastId);
    },
  };
}
