// Which articles a request may see. Every article read path filters through here.
import type { Context } from '../context.js';
import type { Prisma } from '../generated/prisma/client.js';

export function visibleArticleWhere(_ctx: Context): Prisma.ArticleWhereInput {
  return { status: 'PUBLISHED' };
}
