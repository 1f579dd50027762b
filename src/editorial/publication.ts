// The publication rule: who may see an article, and from when. Every read path, the response cache
// and the mutations use this module; it exports each form the code needs (a Prisma where, SQL for raw
// queries, an in-memory predicate, the article's publication state, the next scheduled time).
//
// - Public requests see an article only when it is PUBLISHED, its publishedAt has come (a PUBLISHED
//   article with a future publishedAt is *scheduled*), and it is not deleted.
// - A `read:drafts` or `write` token sees every article that is not deleted: drafts and scheduled ones
//   too. Deleted articles are hidden from every read path for everyone; tokens find them through
//   `deletedArticles` to undo a delete (see docs/editorial.md).
// - A section or a source exists for a request only through an article it may see: a section with only
//   drafts, or a source cited only by them, is as unknown to the public as the drafts themselves.
// Nothing runs when a scheduled article's time comes: each request compares publishedAt with its own
// clock, and caches expire at the next scheduled time (`nextScheduledPublishAt`).
import { type Db, sqlTimestamp } from '../db.js';
import { type ArticleStatus, Prisma } from '../generated/prisma/client.js';

/** Who is reading, and when: a request's viewer (a token holder, or null for the public) and clock. */
export interface Audience {
  viewer: object | null;
  now: Date;
}

/** The columns the rule reads. */
export interface PublicationFields {
  status: ArticleStatus;
  publishedAt: Date;
  deletedAt: Date | null;
}

export type PublicationState = 'DRAFT' | 'SCHEDULED' | 'PUBLISHED' | 'DELETED';

/** Where an article stands for the public at `now`. */
export function publicationState(article: PublicationFields, now: Date): PublicationState {
  if (article.deletedAt !== null) return 'DELETED';
  if (article.status === 'DRAFT') return 'DRAFT';
  return article.publishedAt.getTime() > now.getTime() ? 'SCHEDULED' : 'PUBLISHED';
}

/** The rule for a row already loaded (e.g. a related link's target). */
export function isArticleVisible(audience: Audience, article: PublicationFields): boolean {
  const state = publicationState(article, audience.now);
  return audience.viewer ? state !== 'DELETED' : state === 'PUBLISHED';
}

/** The rule as a Prisma where, for every article list and lookup. */
export function visibleArticleWhere(audience: Audience): Prisma.ArticleWhereInput {
  if (audience.viewer) return { deletedAt: null };
  return { status: 'PUBLISHED', publishedAt: { lte: audience.now }, deletedAt: null };
}

/** Sections this audience may see: those with an article it may see. */
export function visibleSectionWhere(audience: Audience): Prisma.SectionWhereInput {
  return { articles: { some: visibleArticleWhere(audience) } };
}

/** Sources this audience may see: those cited by an article it may see. */
export function visibleSourceWhere(audience: Audience): Prisma.SourceWhereInput {
  return { articles: { some: { article: visibleArticleWhere(audience) } } };
}

/**
 * The rule as SQL over `"Article"`, for raw queries (full-text search joins it so the database drops
 * hidden articles before ranking is paged). test/api/visibility.test.ts checks that it admits exactly the
 * rows the Prisma where admits. The timestamp is encoded as the database stores it (src/db.ts).
 */
export function visibleArticleSql(db: Db, audience: Audience): Prisma.Sql {
  if (audience.viewer) return Prisma.sql`"Article"."deletedAt" IS NULL`;
  return Prisma.sql`"Article"."status" = 'PUBLISHED' AND "Article"."publishedAt" <= ${sqlTimestamp(db, audience.now)}
    AND "Article"."deletedAt" IS NULL`;
}

/** The earliest publishedAt after `now` of a scheduled, non-deleted article, or null when none is. */
export async function nextScheduledPublishAt(db: Db, now: Date): Promise<Date | null> {
  const next = await db.article.findFirst({
    where: { status: 'PUBLISHED', deletedAt: null, publishedAt: { gt: now } },
    orderBy: { publishedAt: 'asc' },
    select: { publishedAt: true },
  });
  return next?.publishedAt ?? null;
}
