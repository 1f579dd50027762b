// What feeds and sitemaps read: one Prisma query each, always through the publication rule for the public
// (`visibleArticleWhere({ viewer: null, now })`), so drafts, scheduled and deleted articles never appear.
import type { Db } from '../../db.js';
import { visibleArticleWhere } from '../../editorial/publication.js';
import type { Prisma } from '../../generated/prisma/client.js';

function publicAt(now: Date, and: Prisma.ArticleWhereInput = {}): Prisma.ArticleWhereInput {
  return { AND: [visibleArticleWhere({ viewer: null, now }), and] };
}

/** When an article last changed for a reader: a scheduled article changes when it becomes public. */
export function lastModified(article: { publishedAt: Date; updatedAt: Date }): Date {
  return new Date(Math.max(article.updatedAt.getTime(), article.publishedAt.getTime()));
}

export interface FeedArticle {
  id: number;
  slug: string;
  headline: string;
  publishedAt: Date;
  updatedAt: Date;
  createdAt: Date;
  section: { slug: string; name: string };
  /** The first paragraph's text. */
  summary: string;
}

/**
 * The newest public articles, with their section and first paragraph (one Prisma query: the articles, then
 * their sections and first paragraphs by id, whatever the number of articles).
 */
export async function newestArticles(
  db: Db,
  now: Date,
  take: number,
  sectionSlug?: string,
): Promise<FeedArticle[]> {
  const rows = await db.article.findMany({
    where: publicAt(now, sectionSlug === undefined ? {} : { section: { slug: sectionSlug } }),
    orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
    take,
    select: {
      id: true,
      slug: true,
      headline: true,
      publishedAt: true,
      updatedAt: true,
      createdAt: true,
      section: { select: { slug: true, name: true } },
      paragraphs: { where: { position: 1 }, select: { text: true } },
    },
  });
  return rows.map(({ paragraphs, ...article }) => ({ ...article, summary: paragraphs[0]?.text ?? '' }));
}

export interface SitemapArticle {
  slug: string;
  publishedAt: Date;
  updatedAt: Date;
}

export function countPublicArticles(db: Db, now: Date): Promise<number> {
  return db.article.count({ where: publicAt(now) });
}

/**
 * Public articles oldest first, so a new article lands on the last page and earlier pages (and their
 * ETags) stay as they were.
 */
export function sitemapArticles(db: Db, now: Date, skip: number, take: number): Promise<SitemapArticle[]> {
  return db.article.findMany({
    where: publicAt(now),
    orderBy: [{ publishedAt: 'asc' }, { id: 'asc' }],
    skip,
    take,
    select: { slug: true, publishedAt: true, updatedAt: true },
  });
}

export interface NewsArticle {
  slug: string;
  headline: string;
  publishedAt: Date;
}

/** Public articles published at `since` or later, newest first. */
export function articlesPublishedSince(db: Db, now: Date, since: Date, take: number): Promise<NewsArticle[]> {
  return db.article.findMany({
    where: publicAt(now, { publishedAt: { gte: since } }),
    orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
    take,
    select: { slug: true, headline: true, publishedAt: true },
  });
}
