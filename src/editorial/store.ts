// The rows of one derived article: its columns, section, sources, paragraphs with citations, related
// links, quotes and full-text search row. Only the write path (./write.ts) calls this, inside its
// transaction, so search, quotes and citations never disagree with the stored text.
import type { Provider, RowInserter, SearchRow } from '../db.js';
import { type ArticleStatus, Prisma } from '../generated/prisma/client.js';
import { headlineColumns, searchBodyOf, titleKeyOf } from '../ingest/derive.js';
import { sourceKind } from '../ingest/source-kinds.js';
import type { DerivedArticle } from '../ingest/types.js';
import { STATE_FIELDS } from './revisions.js';

type Tx = Prisma.TransactionClient;

function searchRowOf(id: number, article: DerivedArticle): SearchRow {
  return { id, headline: article.headline, body: searchBodyOf(article.paragraphs) };
}

/**
 * Finds or creates the sources by slug; returns slug -> id and the ids of existing sources whose stored
 * name the current rules (../ingest/source-kinds.ts) classify differently, now updated. The first name
 * seen for a slug is kept. One read for all of the article's sources; a write only for a new or reclassified one.
 */
async function upsertSources(
  tx: Tx,
  article: DerivedArticle,
): Promise<{ ids: Map<string, number>; reclassified: number[] }> {
  const ids = new Map<string, number>();
  const reclassified: number[] = [];
  if (article.sources.length === 0) return { ids, reclassified };
  const stored = new Map(
    (
      await tx.source.findMany({
        where: { slug: { in: article.sources.map((s) => s.slug) } },
        select: { id: true, slug: true, name: true, kind: true },
      })
    ).map((row) => [row.slug, row]),
  );
  for (const source of article.sources) {
    if (ids.has(source.slug)) continue;
    const existing = stored.get(source.slug);
    // The kind of the name stored (the first seen): another article's spelling must not flip it.
    const kind = sourceKind(existing?.name ?? source.name);
    if (!existing) {
      const row = await tx.source.create({
        data: { slug: source.slug, name: source.name, kind },
        select: { id: true },
      });
      ids.set(source.slug, row.id);
      continue;
    }
    ids.set(source.slug, existing.id);
    if (existing.kind !== kind) {
      await tx.source.update({ where: { id: existing.id }, data: { kind }, select: { id: true } });
      reclassified.push(existing.id);
    }
  }
  return { ids, reclassified };
}

/** The section by slug, created with this name if new; an existing section keeps its own name. */
function upsertSection(tx: Tx, article: DerivedArticle) {
  return tx.section.upsert({
    where: { slug: article.section.slug },
    create: { slug: article.section.slug, name: article.section.name },
    update: {},
    select: { id: true, name: true },
  });
}

function childRows(article: DerivedArticle, sourceIds: Map<string, number>) {
  const sourceId = (slug: string): number => {
    const id = sourceIds.get(slug);
    if (id === undefined) throw new Error(`citation names source "${slug}" missing from article.sources`);
    return id;
  };
  return {
    paragraphs: {
      create: article.paragraphs.map((p) => ({
        position: p.position,
        text: p.text,
        citations: {
          create: p.citations.map((c) => ({
            sourceId: sourceId(c.source.slug),
            phrase: c.phrase,
            start: c.start,
            end: c.end,
          })),
        },
      })),
    },
    sources: {
      create: article.sources.map((s, i) => ({ sourceId: sourceId(s.slug), position: i + 1 })),
    },
    relatedLinks: {
      create: article.relatedLinks.map((l) => ({
        position: l.position,
        title: l.title,
        titleKey: titleKeyOf(l.title),
        url: l.url,
      })),
    },
  } satisfies Partial<Prisma.ArticleCreateInput>;
}

function articleColumns(article: DerivedArticle, sectionId: number) {
  return {
    slug: article.slug,
    headline: article.headline,
    ...headlineColumns(article.headline),
    dateline: article.dateline,
    publishedAt: article.publishedAt,
    wordCount: article.wordCount,
    contentHash: article.contentHash,
    section: { connect: { id: sectionId } },
  };
}

/** The search row and the quotations: written after the paragraphs, whose ids quotes point to. */
async function writeSearchAndQuotes(
  { tx, provider }: Inserter,
  articleId: number,
  article: DerivedArticle,
): Promise<void> {
  await provider.writeSearchRows(tx, [searchRowOf(articleId, article)]);

  await tx.quote.deleteMany({ where: { articleId } });
  if (article.quotes.length === 0) return;
  const paragraphs = await tx.paragraph.findMany({
    where: { articleId },
    select: { id: true, position: true },
  });
  const paragraphIds = new Map(paragraphs.map((p) => [p.position, p.id]));
  await tx.quote.createMany({
    data: article.quotes.map((q, i) => {
      const paragraphId = paragraphIds.get(q.paragraphPosition);
      if (paragraphId === undefined) throw new Error(`quote in missing paragraph ${q.paragraphPosition}`);
      return {
        articleId,
        paragraphId,
        position: i + 1,
        text: q.text,
        speaker: q.speaker,
        start: q.start,
        end: q.end,
      };
    }),
  });
}

export interface StoredRows {
  articleId: number;
  /** The section's stored name (an existing section keeps the name it was created with). */
  sectionName: string;
  sectionId: number;
  /** The article's sources' ids, in first-citation order. */
  sourceIds: number[];
  /** Existing sources whose kind this write changed (a rules change): answers showing them are stale. */
  reclassifiedSourceIds: number[];
}

const sourceIdsOf = (article: DerivedArticle, ids: ReadonlyMap<string, number>): number[] =>
  article.sources.flatMap((s) => ids.get(s.slug) ?? []);

/** Inserts a new article with all its rows. */
export async function insertArticleRows(
  inserter: Inserter,
  article: DerivedArticle,
  flags: { status: ArticleStatus; deletedAt: Date | null; editedSinceImport: boolean },
): Promise<StoredRows> {
  const { tx } = inserter;
  const section = await upsertSection(tx, article);
  const { ids: sourceIds, reclassified } = await upsertSources(tx, article);
  const created = await tx.article.create({
    data: { ...articleColumns(article, section.id), ...flags, ...childRows(article, sourceIds) },
    select: { id: true },
  });
  await writeSearchAndQuotes(inserter, created.id, article);
  return {
    articleId: created.id,
    sectionName: section.name,
    sectionId: section.id,
    sourceIds: sourceIdsOf(article, sourceIds),
    reclassifiedSourceIds: reclassified,
  };
}

/**
 * Replaces an article's content. Children are replaced wholesale: positions and citations are derived
 * from the text, so a diff would cost more statements than it saves and could leave stale offsets behind.
 */
export async function replaceArticleRows(
  inserter: Inserter,
  articleId: number,
  article: DerivedArticle,
): Promise<StoredRows> {
  const { tx } = inserter;
  const section = await upsertSection(tx, article);
  const { ids: sourceIds, reclassified } = await upsertSources(tx, article);
  await tx.paragraph.deleteMany({ where: { articleId } });
  await tx.articleSource.deleteMany({ where: { articleId } });
  await tx.relatedLink.deleteMany({ where: { articleId } });
  await tx.article.update({
    where: { id: articleId },
    data: { ...articleColumns(article, section.id), ...childRows(article, sourceIds) },
    select: { id: true },
  });
  await writeSearchAndQuotes(inserter, articleId, article);
  return {
    articleId,
    sectionName: section.name,
    sectionId: section.id,
    sourceIds: sourceIdsOf(article, sourceIds),
    reclassifiedSourceIds: reclassified,
  };
}

// --- many new articles at once (imports) ----------------------------------------------------------

/** Rows per multi-row statement, kept well under SQLite's and PostgreSQL's bound-parameter limits. */
const MAX_PARAMETERS = 8_000;

/**
 * `INSERT INTO "table" (columns) VALUES (...), (...) [RETURNING ...]` in as few statements as the
 * parameter limit allows. Identifiers are this module's own constants, never input.
 */
export async function insertRows<Row extends Record<string, unknown>>(
  { tx, fast }: Inserter,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  returning?: readonly string[],
): Promise<Row[]> {
  if (fast) {
    // Each row's id comes back in row order; the other returned columns are the row's own values.
    const ids = fast(table, columns, rows);
    return rows.map((row, i) => {
      const out: Record<string, unknown> = { id: ids[i] };
      for (const name of returning ?? []) if (name !== 'id') out[name] = row[columns.indexOf(name)];
      return out as Row;
    });
  }
  const out: Row[] = [];
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  const into = Prisma.raw(`"${table}" (${columns.map((c) => `"${c}"`).join(', ')})`);
  const tail = returning
    ? Prisma.raw(` RETURNING ${returning.map((c) => `"${c}"`).join(', ')}`)
    : Prisma.empty;
  for (let i = 0; i < rows.length; i += perStatement) {
    const values = Prisma.join(
      rows.slice(i, i + perStatement).map((row) => Prisma.sql`(${Prisma.join(row)})`),
    );
    const statement = Prisma.sql`INSERT INTO ${into} VALUES ${values}${tail}`;
    if (returning) out.push(...(await tx.$queryRaw<Row[]>(statement)));
    else await tx.$executeRaw(statement);
  }
  return out;
}

const idOf = (value: unknown): number => Number(value);

/** The transaction, its database's provider, and the provider's fast row inserter when it has one. */
export interface Inserter {
  tx: Tx;
  provider: Provider;
  fast?: RowInserter;
}

/** Ids of the named rows by slug, inserting the ones missing (an existing row keeps its own name). */
async function ensureBySlug(
  inserter: Inserter,
  table: 'Section' | 'Source',
  wanted: ReadonlyMap<string, readonly unknown[]>,
  columns: readonly string[],
): Promise<Map<string, { id: number; name: string; kind?: string; created: boolean }>> {
  const slugs = [...wanted.keys()];
  const found = new Map<string, { id: number; name: string; kind?: string; created: boolean }>();
  if (slugs.length === 0) return found;
  // A source's kind too, so that only a reclassified one is written (src/ingest/source-kinds.ts).
  const kind = table === 'Source' ? Prisma.raw(', "kind"') : Prisma.empty;
  const existing = await inserter.tx.$queryRaw<{ id: unknown; slug: string; name: string; kind?: string }[]>`
    SELECT "id", "slug", "name"${kind} FROM ${Prisma.raw(`"${table}"`)} WHERE "slug" IN (${Prisma.join(slugs)})`;
  for (const row of existing) {
    found.set(row.slug, { id: idOf(row.id), name: row.name, kind: row.kind, created: false });
  }
  const missing = slugs.filter((slug) => !found.has(slug));
  const created = await insertRows<{ id: unknown; slug: string; name: string }>(
    inserter,
    table,
    columns,
    missing.map((slug) => wanted.get(slug) ?? []),
    ['id', 'slug', 'name'],
  );
  for (const row of created) found.set(row.slug, { id: idOf(row.id), name: row.name, created: true });
  return found;
}

export interface NewArticle {
  article: DerivedArticle;
  status: ArticleStatus;
  editedSinceImport: boolean;
}

/**
 * Inserts many new articles with all their rows in a dozen multi-row statements rather than dozens of
 * statements each: the same rows `insertArticleRows` writes, with their CREATE revisions. Returns each
 * article's id and stored section name, in input order. Slugs must be new (the caller checked).
 */
export async function insertNewArticles(
  inserter: Inserter,
  items: readonly NewArticle[],
  author: string,
  now: Date,
): Promise<StoredRows[]> {
  const { tx } = inserter;
  if (items.length === 0) return [];
  const sections = new Map<string, unknown[]>();
  const sources = new Map<string, unknown[]>();
  for (const { article } of items) {
    const { slug, name } = article.section;
    if (!sections.has(slug)) sections.set(slug, [slug, name, now, now]);
    for (const s of article.sources) {
      if (!sources.has(s.slug)) sources.set(s.slug, [s.slug, s.name, sourceKind(s.name), now]);
    }
  }
  const sectionIds = await ensureBySlug(inserter, 'Section', sections, [
    'slug',
    'name',
    'createdAt',
    'updatedAt',
  ]);
  const sourceIds = await ensureBySlug(inserter, 'Source', sources, ['slug', 'name', 'kind', 'createdAt']);
  // An existing source's kind follows the current table, as the one-by-one path does.
  const reclassified: number[] = [];
  for (const slug of sources.keys()) {
    const existing = sourceIds.get(slug);
    if (!existing || existing.created) continue;
    const kind = sourceKind(existing.name);
    if (existing.kind === kind) continue;
    await tx.source.update({ where: { id: existing.id }, data: { kind }, select: { id: true } });
    reclassified.push(existing.id);
  }

  const articleRows = items.map(({ article, status, editedSinceImport }) => {
    const section = sectionIds.get(article.section.slug);
    if (!section) throw new Error(`section "${article.section.slug}" was not stored`);
    const { headlineFolded, headlineKey } = headlineColumns(article.headline);
    return [
      article.slug,
      article.headline,
      headlineFolded,
      headlineKey,
      article.dateline,
      article.publishedAt,
      status,
      section.id,
      article.wordCount,
      article.contentHash,
      editedSinceImport,
      now,
      now,
    ];
  });
  const inserted = await insertRows<{ id: unknown; slug: string }>(
    inserter,
    'Article',
    [
      'slug',
      'headline',
      'headlineFolded',
      'headlineKey',
      'dateline',
      'publishedAt',
      'status',
      'sectionId',
      'wordCount',
      'contentHash',
      'editedSinceImport',
      'createdAt',
      'updatedAt',
    ],
    articleRows,
    ['id', 'slug'],
  );
  const articleIds = new Map(inserted.map((row) => [row.slug, idOf(row.id)]));
  const articleIdOf = (slug: string): number => {
    const id = articleIds.get(slug);
    if (id === undefined) throw new Error(`article "${slug}" was not stored`);
    return id;
  };
  const sourceIdOf = (slug: string): number => {
    const source = sourceIds.get(slug);
    if (!source) throw new Error(`source "${slug}" was not stored`);
    return source.id;
  };

  const paragraphs = await insertRows<{ id: unknown; articleId: unknown; position: unknown }>(
    inserter,
    'Paragraph',
    ['articleId', 'position', 'text'],
    items.flatMap(({ article }) =>
      article.paragraphs.map((p) => [articleIdOf(article.slug), p.position, p.text]),
    ),
    ['id', 'articleId', 'position'],
  );
  const paragraphIds = new Map(
    paragraphs.map((p) => [`${idOf(p.articleId)}:${idOf(p.position)}`, idOf(p.id)]),
  );
  const paragraphIdOf = (articleId: number, position: number): number => {
    const id = paragraphIds.get(`${articleId}:${position}`);
    if (id === undefined) throw new Error(`paragraph ${position} of article ${articleId} was not stored`);
    return id;
  };

  const citations: unknown[][] = [];
  const articleSources: unknown[][] = [];
  const links: unknown[][] = [];
  const quotes: unknown[][] = [];
  const search: SearchRow[] = [];
  const revisions: unknown[][] = [];
  for (const { article } of items) {
    const articleId = articleIdOf(article.slug);
    for (const p of article.paragraphs) {
      for (const c of p.citations) {
        citations.push([
          paragraphIdOf(articleId, p.position),
          sourceIdOf(c.source.slug),
          c.phrase,
          c.start,
          c.end,
        ]);
      }
    }
    article.sources.forEach((s, i) => {
      articleSources.push([articleId, sourceIdOf(s.slug), i + 1]);
    });
    for (const l of article.relatedLinks)
      links.push([articleId, l.position, l.title, l.url, titleKeyOf(l.title)]);
    article.quotes.forEach((q, i) => {
      quotes.push([
        articleId,
        paragraphIdOf(articleId, q.paragraphPosition),
        i + 1,
        q.text,
        q.speaker,
        q.start,
        q.end,
      ]);
    });
    search.push(searchRowOf(articleId, article));
    revisions.push([articleId, 1, 'CREATE', author, JSON.stringify(STATE_FIELDS), null, now]);
  }
  await insertRows(inserter, 'Citation', ['paragraphId', 'sourceId', 'phrase', 'start', 'end'], citations);
  await insertRows(inserter, 'ArticleSource', ['articleId', 'sourceId', 'position'], articleSources);
  await insertRows(inserter, 'RelatedLink', ['articleId', 'position', 'title', 'url', 'titleKey'], links);
  await insertRows(
    inserter,
    'Quote',
    ['articleId', 'paragraphId', 'position', 'text', 'speaker', 'start', 'end'],
    quotes,
  );
  await inserter.provider.writeSearchRows(tx, search);
  await insertRows(
    inserter,
    'Revision',
    ['articleId', 'number', 'action', 'author', 'changedFields', 'previous', 'createdAt'],
    revisions,
  );
  return items.map(({ article }) => {
    const section = sectionIds.get(article.section.slug);
    if (!section) throw new Error(`section "${article.section.slug}" was not stored`);
    return {
      articleId: articleIdOf(article.slug),
      sectionName: section.name,
      sectionId: section.id,
      sourceIds: article.sources.map((s) => sourceIdOf(s.slug)),
      reclassifiedSourceIds: reclassified,
    };
  });
}
