// Which articles a request may see. Every article read path filters through here.
//
// - Public requests see an article only when it is PUBLISHED, its publishedAt has come (a PUBLISHED
//   article with a future publishedAt is *scheduled*), and it is not deleted.
// - A `read:drafts` or `write` token sees every article that is not deleted: drafts and scheduled ones
//   too. Deleted articles are hidden from every read path for everyone; tokens find them through
//   `deletedArticles` to undo a delete (see docs/editorial.md).
import type { Context } from '../context.js';
import type { Prisma } from '../generated/prisma/client.js';

export function visibleArticleWhere(ctx: Context): Prisma.ArticleWhereInput {
  if (ctx.viewer) return { deletedAt: null };
  return { status: 'PUBLISHED', publishedAt: { lte: ctx.now }, deletedAt: null };
}

/** The same rule for a row already loaded (e.g. a related link's target), kept next to the where above. */
export function isArticleVisible(
  ctx: Context,
  article: { status: string; publishedAt: Date; deletedAt: Date | null },
): boolean {
  if (article.deletedAt !== null) return false;
  if (ctx.viewer) return true;
  return article.status === 'PUBLISHED' && article.publishedAt.getTime() <= ctx.now.getTime();
}
