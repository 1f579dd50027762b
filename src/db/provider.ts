// What differs between the databases the API runs on. One module per provider implements it
// (src/db/sqlite.ts; PostgreSQL next); the rest of the code asks `providerOf(db)` (src/db.ts) and never
// branches on the provider itself.
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
}

/** What another process's commit touched: its cache tags, or `all` when that cannot be known. */
export type ExternalChange = { tags: string[] } | 'all';
export type ChangeListener = (change: ExternalChange) => void;

/** Hears other processes' commits; `poll` checks now (synchronously, cheaply) where the provider polls. */
export interface ChangeFeed {
  poll(): void;
  close(): void;
}
