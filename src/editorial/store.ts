// The rows of one derived article: its columns, section, sources, paragraphs with citations, related
// links, quotes and full-text search row. Only the write path (./write.ts) calls this, inside its
// transaction, so search, quotes and citations never disagree with the stored text.
import type { ArticleStatus, Prisma } from '../generated/prisma/client.js';
import { headlineColumns, searchBodyOf, titleKeyOf } from '../ingest/derive.js';
import { sourceKind } from '../ingest/source-kinds.js';
import type { DerivedArticle } from '../ingest/types.js';

type Tx = Prisma.TransactionClient;

/** Upserts the sources by slug and returns slug -> id. The first name seen for a slug is kept. */
async function upsertSources(tx: Tx, article: DerivedArticle): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const source of article.sources) {
    const kind = sourceKind(source.name);
    const row = await tx.source.upsert({
      where: { slug: source.slug },
      create: { slug: source.slug, name: source.name, kind },
      update: { kind },
      select: { id: true },
    });
    ids.set(source.slug, row.id);
  }
  return ids;
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
async function writeSearchAndQuotes(tx: Tx, articleId: number, article: DerivedArticle): Promise<void> {
  await tx.$executeRaw`DELETE FROM "ArticleSearch" WHERE rowid = ${articleId}`;
  await tx.$executeRaw`INSERT INTO "ArticleSearch" (rowid, headline, body)
    VALUES (${articleId}, ${article.headline}, ${searchBodyOf(article.paragraphs)})`;

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
}

/** Inserts a new article with all its rows. */
export async function insertArticleRows(
  tx: Tx,
  article: DerivedArticle,
  flags: { status: ArticleStatus; deletedAt: Date | null; editedSinceImport: boolean },
): Promise<StoredRows> {
  const section = await upsertSection(tx, article);
  const sourceIds = await upsertSources(tx, article);
  const created = await tx.article.create({
    data: { ...articleColumns(article, section.id), ...flags, ...childRows(article, sourceIds) },
    select: { id: true },
  });
  await writeSearchAndQuotes(tx, created.id, article);
  return { articleId: created.id, sectionName: section.name };
}

/**
 * Replaces an article's content. Children are replaced wholesale: positions and citations are derived
 * from the text, so a diff would cost more statements than it saves and could leave stale offsets behind.
 */
export async function replaceArticleRows(
  tx: Tx,
  articleId: number,
  article: DerivedArticle,
): Promise<StoredRows> {
  const section = await upsertSection(tx, article);
  const sourceIds = await upsertSources(tx, article);
  await tx.paragraph.deleteMany({ where: { articleId } });
  await tx.articleSource.deleteMany({ where: { articleId } });
  await tx.relatedLink.deleteMany({ where: { articleId } });
  await tx.article.update({
    where: { id: articleId },
    data: { ...articleColumns(article, section.id), ...childRows(article, sourceIds) },
    select: { id: true },
  });
  await writeSearchAndQuotes(tx, articleId, article);
  return { articleId, sectionName: section.name };
}
