// Which articles a request may see. Every article read path filters through here.
//
// - Public requests see an article only when it is PUBLISHED, its publishedAt has come (a PUBLISHED
//   article with a future publishedAt is *scheduled*), and it is not deleted.
// - A `read:drafts` or `write` token sees every article that is not deleted: drafts and scheduled ones
//   too. Deleted articles are hidden from every read path for everyone; tokens find them through
//   `deletedArticles` to undo a delete (see docs/editorial.md).
import type { Context } from '../context.js';
import { Prisma } from '../generated/prisma/client.js';

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

/** How the better-sqlite3 adapter stores a DateTime (`2024-06-20T00:00:00.000+00:00`), so text compares in order. */
function sqliteDateTime(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

/**
 * The same rule as SQL over `"Article"`, for raw queries (full-text search joins it so the database drops
 * hidden articles before ranking is paged). test/visibility.test.ts checks that both forms admit the same rows.
 */
export function visibleArticleSql(ctx: Context): Prisma.Sql {
  if (ctx.viewer) return Prisma.sql`"Article"."deletedAt" IS NULL`;
  return Prisma.sql`"Article"."status" = 'PUBLISHED' AND "Article"."publishedAt" <= ${sqliteDateTime(ctx.now)}
    AND "Article"."deletedAt" IS NULL`;
}
