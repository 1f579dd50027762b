// What differs between the databases the API runs on. One module per provider implements it
// (src/db/sqlite.ts, src/db/postgres.ts); src/db.ts picks the module from the URL once, and the rest of the
// code asks `providerOf(db)` and never branches on the provider itself.
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';

/** A reader's search, parsed: each unit is a word or a phrase (words in order); all are required. */
export interface SearchUnits {
  units: readonly (readonly string[])[];
  /** SQLite FTS5's MATCH expression for the same units (src/search/fts-query.ts). */
  match: string;
}

export interface SearchHit {
  id: number;
  /** Relevance, higher is better (the API's `score`). */
  score: number;
}

export interface SearchRow {
  id: number;
  headline: string;
  /** Paragraphs joined by SEARCH_BODY_SEPARATOR (src/ingest/derive.ts), line i = paragraph i + 1. */
  body: string;
}

/** A write transaction's client. */
export type Tx = Prisma.TransactionClient;

export interface Provider {
  readonly name: 'sqlite' | 'postgresql';
  /** A timestamp as a raw-SQL parameter that compares in order with stored DateTime columns. */
  timestamp(date: Date): unknown;
  /**
   * The best `limit` matches among the articles `visible` admits (SQL over "Article"), best first, ties
   * by id. Headline words weigh more than body words.
   */
  searchRanked(
    db: PrismaClient,
    query: SearchUnits,
    visible: Prisma.Sql,
    limit: number,
  ): Promise<SearchHit[]>;
  /** Headline and body of each article with every match wrapped in MATCH_OPEN/MATCH_CLOSE. */
  searchHighlights(db: PrismaClient, query: SearchUnits, ids: readonly number[]): Promise<SearchRow[]>;
  /** Replaces the search rows of these articles, inside the write transaction. */
  writeSearchRows(tx: Tx, rows: readonly SearchRow[]): Promise<void>;
  /**
   * After rows were inserted with explicit ids (a copy between databases): the next generated id of each
   * table follows its largest stored one.
   */
  syncIdSequences(tx: Tx, tables: readonly string[]): Promise<void>;
  /**
   * Inside the write transaction, after its ChangeLog row: tells the database's other sessions, if the
   * provider pushes changes (PostgreSQL: NOTIFY, delivered only if the transaction commits). SQLite's
   * readers poll instead, so it does nothing there.
   */
  announceChange(tx: Tx, changeId: number): Promise<void>;
}

/** Raised when the write lock stayed taken (by another process or transaction) past the wait allowed. */
export class WriteLockTimeout extends Error {
  constructor(readonly waitedMs: number) {
    super(`the database is busy with another write (waited ${waitedMs} ms for the write lock)`);
    this.name = 'WriteLockTimeout';
  }
}

/** Inserts rows one prepared statement run at a time and reports each new rowid, in row order. */
export type RowInserter = (
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
) => number[];

export interface ConnectOptions {
  /** How long a write transaction may wait for the write lock before WriteLockTimeout (ms). */
  writeLockWaitMs: number;
  /** Wraps the provider's driver adapter factory (src/db.ts counts statements and transactions). */
  wrap: (factory: SqlDriverAdapterFactory) => SqlDriverAdapterFactory;
}

/** A connected database: its client (typed as the app's `Db`) and what its provider offers. */
export interface Connection {
  client: PrismaClient;
  provider: Provider;
  /**
   * Hears other processes' commits and the ChangeLog rows they wrote (SQLite: polls `PRAGMA data_version`;
   * PostgreSQL: LISTEN on a connection of its own). A provider that leaves it out gets a feed that never
   * reports anything: the response cache would then see only its own process's writes.
   */
  watchChanges?: (listener: ChangeListener) => ChangeFeed;
  /** A fast bulk inserter inside the current write transaction, where the provider has one. */
  rowInserter?: () => RowInserter | undefined;
  /**
   * `findMany(args)` on a model in one statement, as Prisma would return it; undefined when the provider
   * cannot translate the query (the caller then asks Prisma). SQLite: src/db/sqlite-tree.ts.
   */
  findTree?: (model: string, args: Record<string, unknown>) => unknown[] | undefined;
  /** `count({ where })` on a model in one statement without Prisma's client; undefined as for findTree. */
  countWhere?: (model: string, where: unknown) => number | undefined;
}

export type Connect = (url: string, options: ConnectOptions) => Promise<Connection>;

/** What each provider module exports for src/db.ts. */
export interface ProviderModule {
  connect: Connect;
  /** Removes every table and row (`npm run db:reset`, `db:copy --replace`): migrations then start afresh. */
  emptyDatabase(url: string): Promise<void>;
}

/** ChangeLog rows kept (src/editorial/write.ts prunes older ones): a reader further behind empties its cache. */
export const CHANGE_LOG_KEEP = 10_000;

/** What another process's commit touched: its cache tags, or `all` when that cannot be known. */
export type ExternalChange = { tags: string[] } | 'all';
export type ChangeListener = (change: ExternalChange) => void;

/** Hears other processes' commits; `poll` checks now (synchronously, cheaply) where the provider polls. */
export interface ChangeFeed {
  poll(): void;
  close(): void;
  /**
   * This process committed ChangeLog row `id` and its caches already dropped the row's tags (through the
   * write hook): the feed need not report it when it reads it among other processes' rows.
   */
  own?(id: number): void;
}
