// Copies every row of one database into another, empty and migrated one (`npm run db:copy`, moving from
// SQLite to PostgreSQL): ids kept, so global ids and cursors stay valid; all in one transaction on the
// target, read from one transaction on the source (a consistent snapshot); hand-written triggers off while
// rows arrive (each row is copied as stored, not re-derived); search rows rebuilt by the target's provider;
// id sequences moved past the copied ids; row counts compared and statistics gathered before commit.

import type { Tx } from '../db/provider.js';
import type { Db, Provider, SearchRow } from '../db.js';
import { Prisma } from '../generated/prisma/client.js';
import { searchBodyOf } from '../ingest/derive.js';

/** Every table of the data model, parents before children, with the columns that order and page it. */
export const COPIED_TABLES: readonly { table: Prisma.ModelName; key: readonly string[] }[] = [
  { table: 'Section', key: ['id'] },
  { table: 'Source', key: ['id'] },
  { table: 'Article', key: ['id'] },
  { table: 'Paragraph', key: ['id'] },
  { table: 'Citation', key: ['id'] },
  { table: 'ArticleSource', key: ['articleId', 'sourceId'] },
  { table: 'RelatedLink', key: ['id'] },
  { table: 'Quote', key: ['id'] },
  { table: 'Revision', key: ['id'] },
  { table: 'ApiToken', key: ['id'] },
  { table: 'ChangeLog', key: ['id'] },
  { table: 'OutboxEvent', key: ['id'] },
  { table: 'Webhook', key: ['id'] },
  { table: 'Delivery', key: ['id'] },
  { table: 'DeliveryAttempt', key: ['id'] },
];

/** Rows read and written per statement: one JSON parameter each, so the parameter limit never binds. */
const BATCH_ROWS = 2000;
/** Articles whose search rows are rebuilt per statement. */
const SEARCH_BATCH = 500;
/** The copy may take this long (it is one transaction on each side). */
const COPY_TIMEOUT_MS = 6 * 60 * 60_000;

export interface CopyProgress {
  table: string;
  done: number;
  total: number;
}

export interface CopyReport {
  /** Rows copied per table (equal to the source's count), plus the rebuilt search rows. */
  rows: Record<string, number>;
  totalRows: number;
  ms: number;
}

type Row = Record<string, unknown>;

const quote = (name: string) => Prisma.raw(`"${name}"`);

/** Row-value comparison `(a, b) > (x, y)`, valid on SQLite and PostgreSQL alike. */
function after(key: readonly string[], last: Row | undefined): Prisma.Sql {
  if (!last) return Prisma.empty;
  return Prisma.sql`WHERE (${Prisma.join(key.map(quote))}) > (${Prisma.join(key.map((k) => last[k]))})`;
}

/** JSON for json_populate_recordset: dates as ISO-8601 (UTC), counts the driver returned as bigint as numbers. */
const toJson = (rows: readonly Row[]) =>
  JSON.stringify(rows, (_key, value) => (typeof value === 'bigint' ? Number(value) : value));

async function countRows(db: Db | Tx, table: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number | bigint }[]>`SELECT count(*) AS n FROM ${quote(table)}`;
  return Number(row?.n ?? 0);
}

/** Rebuilds every article's search row from its headline and paragraphs, as the writer writes it. */
async function rebuildSearch(
  tx: Tx,
  provider: Provider,
  onProgress: (done: number) => void,
): Promise<number> {
  let last = 0;
  let done = 0;
  for (;;) {
    const articles = await tx.article.findMany({
      where: { id: { gt: last } },
      orderBy: { id: 'asc' },
      take: SEARCH_BATCH,
      select: { id: true, headline: true, paragraphs: { select: { position: true, text: true } } },
    });
    if (articles.length === 0) return done;
    const rows: SearchRow[] = articles.map((a) => ({
      id: a.id,
      headline: a.headline,
      body: searchBodyOf(a.paragraphs),
    }));
    await provider.writeSearchRows(tx, rows);
    done += rows.length;
    last = articles.at(-1)?.id ?? last;
    onProgress(done);
  }
}

/**
 * Copies everything from `source` into `target` (migrated, every table empty: the caller checked). Throws,
 * leaving the target untouched, if anything fails or a table's count differs at the end.
 */
export async function copyDatabase(
  source: Db,
  target: Db,
  targetProvider: Provider,
  onProgress: (progress: CopyProgress) => void = () => {},
): Promise<CopyReport> {
  const started = Date.now();
  const rows: Record<string, number> = {};
  const options = { timeout: COPY_TIMEOUT_MS, maxWait: 60_000 };
  await source.$transaction(
    (from) =>
      target.$transaction(async (to) => {
        for (const { table } of COPIED_TABLES)
          await to.$executeRaw`ALTER TABLE ${quote(table)} DISABLE TRIGGER USER`;
        for (const { table, key } of COPIED_TABLES) {
          const total = await countRows(from, table);
          let done = 0;
          let last: Row | undefined;
          while (done < total) {
            const batch = await from.$queryRaw<Row[]>`
              SELECT * FROM ${quote(table)} ${after(key, last)}
              ORDER BY ${Prisma.join(key.map(quote))} LIMIT ${BATCH_ROWS}`;
            if (batch.length === 0) break;
            await to.$executeRaw`
              INSERT INTO ${quote(table)}
              SELECT * FROM json_populate_recordset(NULL::${quote(table)}, ${toJson(batch)}::json)`;
            done += batch.length;
            last = batch.at(-1);
            onProgress({ table, done, total });
          }
          const copied = await countRows(to, table);
          if (copied !== total) throw new Error(`${table}: ${total} rows in the source, ${copied} copied`);
          rows[table] = copied;
        }
        for (const { table } of COPIED_TABLES)
          await to.$executeRaw`ALTER TABLE ${quote(table)} ENABLE TRIGGER USER`;
        await targetProvider.syncIdSequences(
          to,
          COPIED_TABLES.filter((t) => t.key[0] === 'id').map((t) => t.table),
        );
        const articles = rows.Article ?? 0;
        rows.ArticleSearch = await rebuildSearch(to, targetProvider, (done) =>
          onProgress({ table: 'ArticleSearch', done, total: articles }),
        );
        const searchRows = await countRows(to, 'ArticleSearch');
        if (searchRows !== articles)
          throw new Error(`ArticleSearch: ${searchRows} rows for ${articles} articles`);
        // Fresh statistics, so the planner serves the first requests well (both databases know ANALYZE).
        await to.$executeRaw`ANALYZE`;
      }, options),
    options,
  );
  const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);
  return { rows, totalRows, ms: Date.now() - started };
}
