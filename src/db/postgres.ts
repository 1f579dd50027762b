// The PostgreSQL provider: adapter-pg on a pool whose sessions run in UTC, writers one at a time behind an
// advisory lock (as SQLite's single writer), and full-text search on a weighted tsvector (the
// query-surface migration in prisma/postgresql/migrations) ranked with ts_rank_cd and highlighted with
// ts_headline. The client is generated from prisma/postgresql/schema.prisma, the same data model as
// SQLite's, so it is cast once to the app's client type.

import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import type { PrismaClient as AppClient } from '../generated/prisma/client.js';
import { Prisma, PrismaClient } from '../generated/prisma-pg/client.js';
import { MATCH_CLOSE, MATCH_OPEN, searchWords } from '../search/fts-query.js';
import { markPhrases } from '../search/highlights.js';
import { OwnChanges } from './own-changes.js';
import {
  CHANGE_LOG_KEEP,
  type ChangeFeed,
  type ChangeListener,
  type Provider,
  type ProviderModule,
  type SearchUnits,
  WriteLockTimeout,
} from './provider.js';

const script = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

/** Any constant: the key of the advisory lock every write transaction holds (one writer at a time). */
const WRITE_LOCK_KEY = 120_412;
/** lock_not_available: lock_timeout ran out. */
const LOCK_TIMEOUT = '55P03';

const sqlStateOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null && 'cause' in error
    ? (error.cause as { originalCode?: unknown } | undefined)?.originalCode
    : undefined;

/**
 * Every transaction first takes one advisory lock, waiting at most `writeLockWaitMs` (lock_timeout): writers
 * then run one at a time, as on SQLite, so the write path's checks (expected versions, revision numbers,
 * slugs) hold without retry loops, across every process on the database. Readers never wait.
 */
function oneWriterAtATime(adapter: SqlDriverAdapter, writeLockWaitMs: number): SqlDriverAdapter {
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    const started = Date.now();
    const tx = await startTransaction(isolationLevel);
    try {
      await tx.executeRaw(script(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(writeLockWaitMs))}`));
      await tx.executeRaw(script(`SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`));
      return tx;
    } catch (error) {
      await tx.executeRaw(script('ROLLBACK')).catch(() => undefined);
      await tx.rollback();
      throw sqlStateOf(error) === LOCK_TIMEOUT ? new WriteLockTimeout(Date.now() - started) : error;
    }
  };
  return adapter;
}

/** A pool whose sessions read and write timestamps in UTC, whatever the server's TimeZone. */
function pool(url: string): pg.Pool {
  return new pg.Pool({ connectionString: url, options: '-c TimeZone=UTC' });
}

// --- full-text search: "ArticleSearch" (articleId, headline, body, document), the text search
// configuration "newsroom_search" (unaccent, then simple).

/** ts_rank_cd weights {D, C, B, A}: a headline word (A) counts as much as ten body words (B), as on SQLite. */
const WEIGHTS = Prisma.raw(`'{0, 0, 0.1, 1}'::float4[]`);
/**
 * Normalisation 2, the rank divided by the article's length, stands in for bm25's length normalisation:
 * on the 10,000-article bench corpus it gives the same top 10 as SQLite for 36 of 39 queries (without it,
 * none), as docs/query-surface.md reports.
 */
const BY_LENGTH = 2;

/** Every unit required; each unit a phrase of its words in order. Each unit's text is a parameter. */
function tsquery(query: SearchUnits): Prisma.Sql {
  return Prisma.join(
    query.units.map((unit) => Prisma.sql`phraseto_tsquery('newsroom_search', ${unit.join(' ')}::text)`),
    ' && ',
  );
}

/** The whole text, every match marked: snippets are then cut by src/search/fts-query.ts as on SQLite. */
const HEADLINE_OPTIONS = `StartSel="${MATCH_OPEN}", StopSel="${MATCH_CLOSE}", HighlightAll=true`;

/** The vector of a text's words as SQLite's tokenizer sees them (no URLs, e-mails or decimals as one token). */
const vector = (text: string, weight: 'A' | 'B') =>
  Prisma.sql`setweight(to_tsvector('newsroom_search', ${searchWords(text).join(' ')}::text), ${Prisma.raw(`'${weight}'`)})`;

/** Search rows per INSERT: five parameters each, far below the bound-parameter limit. */
const SEARCH_ROWS_PER_STATEMENT = 500;

export const postgresProvider: Provider = {
  name: 'postgresql',
  // Delivered to the listeners (postgresChangeFeed) only if the transaction commits.
  announceChange: async (tx, changeId) => {
    await tx.$executeRaw`SELECT pg_notify(${CHANGES_CHANNEL}, ${String(changeId)})`;
  },
  // adapter-pg sends a Date as UTC wall-clock text, which compares with the timestamp(3) columns.
  timestamp: (date) => date,

  async searchRanked(db, query, visible, limit) {
    const rows = await db.$queryRaw<{ id: number; rank: number }[]>`
      SELECT s."articleId" AS id, ts_rank_cd(${WEIGHTS}, s."document", q.query, ${Prisma.raw(String(BY_LENGTH))}) AS rank
      FROM (SELECT ${tsquery(query)} AS query) q
      JOIN "ArticleSearch" s ON s."document" @@ q.query
      JOIN "Article" ON "Article"."id" = s."articleId"
      WHERE ${visible}
      ORDER BY rank DESC, s."articleId" LIMIT ${limit}`;
    return rows.map((r) => ({ id: r.id, score: r.rank }));
  },

  async searchHighlights(db, query, ids) {
    if (ids.length === 0) return [];
    // ts_headline re-parses the text, so it runs on the page of results only.
    const rows = await db.$queryRaw<{ id: number; headline: string; body: string }[]>`
      SELECT s."articleId" AS id,
             ts_headline('newsroom_search', s."headline", q.query, ${HEADLINE_OPTIONS}::text) AS headline,
             ts_headline('newsroom_search', s."body", q.query, ${HEADLINE_OPTIONS}::text) AS body
      FROM (SELECT ${tsquery(query)} AS query) q
      JOIN "ArticleSearch" s ON s."articleId" IN (${Prisma.join([...ids])})`;
    return rows.map((r) => ({
      id: r.id,
      headline: markPhrases(r.headline, query.units),
      body: markPhrases(r.body, query.units),
    }));
  },

  async writeSearchRows(tx, rows) {
    for (let i = 0; i < rows.length; i += SEARCH_ROWS_PER_STATEMENT) {
      const values = rows
        .slice(i, i + SEARCH_ROWS_PER_STATEMENT)
        .map(
          (r) =>
            Prisma.sql`(${r.id}, ${r.headline}, ${r.body}, ${vector(r.headline, 'A')} || ${vector(r.body, 'B')})`,
        );
      await tx.$executeRaw`
        INSERT INTO "ArticleSearch" ("articleId", "headline", "body", "document") VALUES ${Prisma.join(values)}
        ON CONFLICT ("articleId") DO UPDATE
        SET "headline" = EXCLUDED."headline", "body" = EXCLUDED."body", "document" = EXCLUDED."document"`;
    }
  },

  async syncIdSequences(tx, tables) {
    for (const table of tables) {
      const name = Prisma.raw(`"${table}"`);
      await tx.$executeRaw`
        SELECT setval(pg_get_serial_sequence(${`"${table}"`}, 'id'), coalesce(max("id"), 0) + 1, false) FROM ${name}`;
    }
  },
};

// --- whole-database operations for the command-line tools (db:copy, db:reset).

/** Runs `work` on one plain connection to `url`, closed afterwards. */
export async function withPostgresClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url, options: '-c TimeZone=UTC' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The tables of schema `public` that hold at least one row, Prisma's own bookkeeping aside. */
export function tablesWithRows(url: string): Promise<string[]> {
  return withPostgresClient(url, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`,
    );
    const filled: string[] = [];
    for (const { name } of rows) {
      const escaped = name.replaceAll('"', '""');
      const { rowCount } = await client.query(`SELECT 1 FROM "${escaped}" LIMIT 1`);
      if (rowCount) filled.push(name);
    }
    return filled;
  });
}

export const postgresModule: ProviderModule = {
  async connect(url, { writeLockWaitMs, wrap }) {
    const factory = new PrismaPg(pool(url), { disposeExternalPool: true });
    const adapter: SqlDriverAdapterFactory = {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: async () => oneWriterAtATime(await factory.connect(), writeLockWaitMs),
    };
    // The one cast: both clients are generated from the same data model (scripts/schema-pg.ts).
    const client = new PrismaClient({ adapter: wrap(adapter) }) as unknown as AppClient;
    await client.$connect();
    return {
      client,
      provider: postgresProvider,
      watchChanges: (listener) => postgresChangeFeed(url, listener),
    };
  },

  /** Drops schema `public` with everything in it (tables, types, functions, extensions) and recreates it. */
  emptyDatabase: (url) =>
    withPostgresClient(url, async (client) => {
      await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public');
    }),
};

// --- other instances' commits: each write NOTIFYs its ChangeLog row's id on CHANGES_CHANNEL in its
// transaction (announceChange above); a dedicated connection LISTENs and reads the rows it has not seen.

/** The NOTIFY channel of committed content writes. */
const CHANGES_CHANNEL = 'newsroom_changes';
/** The listening connection's `application_name`, as pg_stat_activity shows it. */
export const CHANGES_APPLICATION = 'newsroom-changes';
/** Reconnection backoff for the listening connection. */
const RECONNECT_MS = [250, 1000, 2000, 5000, 10_000];

/**
 * Hears other instances' commits through LISTEN on a connection of its own (a pooled one cannot keep a
 * LISTEN, and nothing is replayed after a reconnect). Each notification reads the ChangeLog rows after
 * the last one seen and hands their tags to `listener`. While the connection is down, every `poll` says
 * `'all'`: a cache then serves and keeps nothing it cannot know to be fresh; on reconnect the rows missed
 * meanwhile are read (or, if already pruned, `'all'` once more).
 */
function postgresChangeFeed(url: string, listener: ChangeListener): ChangeFeed {
  let client: pg.Client | undefined;
  let lastId: number | undefined;
  let listening = false;
  let closed = false;
  let attempts = 0;
  let reading: Promise<void> = Promise.resolve();
  const own = new OwnChanges();

  const readNew = (connection: pg.Client) => {
    reading = reading
      .then(async () => {
        if (lastId === undefined) return;
        const { rows } = await connection.query<{ id: number; tags: string }>(
          'SELECT "id", "tags" FROM "ChangeLog" WHERE "id" > $1 ORDER BY "id"',
          [lastId],
        );
        const last = rows.at(-1)?.id;
        if (last === undefined) return;
        // Rows up to (a row's id - CHANGE_LOG_KEEP) are pruned: ones after lastId may be gone unread.
        if (last - CHANGE_LOG_KEEP > lastId) listener('all');
        else {
          for (const row of rows) {
            if (!own.skip(row.id)) listener({ tags: row.tags === '' ? [] : row.tags.split(' ') });
          }
        }
        lastId = last;
        own.readTo(last);
      })
      .catch(() => {
        // The connection's own error handler reconnects.
      });
  };

  const lost = () => {
    if (!listening) return;
    listening = false;
    client = undefined;
    listener('all');
    if (!closed) setTimeout(connect, RECONNECT_MS[Math.min(attempts++, RECONNECT_MS.length - 1)]).unref();
  };

  const connect = async () => {
    if (closed) return;
    const connection = new pg.Client({
      connectionString: url,
      options: '-c TimeZone=UTC',
      application_name: CHANGES_APPLICATION,
    });
    connection.on('error', lost);
    connection.on('end', lost);
    connection.on('notification', (message) => {
      if (message.channel === CHANGES_CHANNEL) readNew(connection);
    });
    try {
      await connection.connect();
      await connection.query(`LISTEN ${CHANGES_CHANNEL}`);
      if (lastId === undefined) {
        const { rows } = await connection.query<{ max: number | null }>(
          'SELECT max("id") AS max FROM "ChangeLog"',
        );
        lastId = rows[0]?.max ?? 0;
      }
      if (closed) {
        await connection.end();
        return;
      }
      client = connection;
      listening = true;
      attempts = 0;
      readNew(connection); // what was committed while the connection was down
    } catch {
      connection.removeAllListeners();
      void connection.end().catch(() => {});
      listening = true; // so that lost() schedules the next attempt
      lost();
    }
  };
  void connect();

  return {
    poll() {
      if (!listening) listener('all');
    },
    close() {
      closed = true;
      listening = false;
      void client?.end().catch(() => {});
    },
    own(id) {
      own.add(id, lastId);
    },
  };
}
