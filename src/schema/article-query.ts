// How article lists are filtered and ordered: the inputs, and the one function that turns them into a
// Prisma where/orderBy for `articles`, `Section.articles`, `Source.articles` and `search`.
import type { Context } from '../context.js';
import { visibleArticleWhere } from '../editorial/publication.js';
import { badUserInput } from '../errors.js';
import type { ArticleStatus as ArticleStatusValue, Prisma } from '../generated/prisma/client.js';
import { foldForContains } from '../ingest/derive.js';
import { builder } from './builder.js';

/** Longer `headlineContains` values are refused: no headline is that long, and LIKE cost grows with it. */
export const MAX_HEADLINE_CONTAINS_LENGTH = 200;

export const ArticleStatus = builder.enumType('ArticleStatus', {
  values: {
    DRAFT: { description: 'Not public.' },
    PUBLISHED: { description: 'Public from `publishedAt` on (scheduled while that is in the future).' },
  } as const satisfies Record<ArticleStatusValue, { description: string }>,
});

export const OrderDirection = builder.enumType('OrderDirection', {
  values: { ASC: { description: 'Smallest first (A to Z, oldest first).' }, DESC: {} } as const,
});

export const ArticleOrderField = builder.enumType('ArticleOrderField', {
  values: {
    PUBLISHED_AT: { description: 'Publication time.' },
    HEADLINE: { description: 'Headline, alphabetical, ignoring case and accents.' },
    UPDATED_AT: { description: 'Time of the last stored change.' },
  } as const,
});

export const ArticleFilter = builder.inputType('ArticleFilter', {
  description: 'Every given condition must hold. Section and source are slugs.',
  fields: (t) => ({
    section: t.string({ description: 'Section slug, e.g. `latest-news`.' }),
    source: t.string({ description: 'Slug of a source the article cites, e.g. `cnn`.' }),
    publishedFrom: t.field({ type: 'DateTime', description: 'Published at or after this instant.' }),
    publishedTo: t.field({ type: 'DateTime', description: 'Published before this instant (exclusive).' }),
    status: t.field({ type: ArticleStatus }),
    headlineContains: t.string({
      description: `Headline contains this text, ignoring case and accents in any script (at most ${MAX_HEADLINE_CONTAINS_LENGTH} characters).`,
    }),
  }),
});

export const ArticleOrder = builder.inputType('ArticleOrder', {
  description: 'Ties are broken by id in the same direction, so cursors stay stable.',
  fields: (t) => ({
    field: t.field({ type: ArticleOrderField, required: true }),
    direction: t.field({ type: OrderDirection, required: true }),
  }),
});

export interface ArticleFilterInput {
  section?: string | null;
  source?: string | null;
  publishedFrom?: Date | null;
  publishedTo?: Date | null;
  status?: ArticleStatusValue | null;
  headlineContains?: string | null;
}

export interface ArticleOrderInput {
  field: 'PUBLISHED_AT' | 'HEADLINE' | 'UPDATED_AT';
  direction: 'ASC' | 'DESC';
}

export interface ArticleListArgs {
  filter?: ArticleFilterInput | null;
  orderBy?: ArticleOrderInput | null;
}

/** Where clause of a filter alone (no visibility): used inside `articleListQuery`. */
export function articleFilterWhere(
  filter: ArticleFilterInput | null | undefined,
): Prisma.ArticleWhereInput[] {
  if (!filter) return [];
  const where: Prisma.ArticleWhereInput[] = [];
  if (filter.section != null) where.push({ section: { slug: filter.section } });
  if (filter.source != null) where.push({ sources: { some: { source: { slug: filter.source } } } });
  if (filter.publishedFrom != null) where.push({ publishedAt: { gte: filter.publishedFrom } });
  if (filter.publishedTo != null) where.push({ publishedAt: { lt: filter.publishedTo } });
  if (filter.status != null) where.push({ status: filter.status });
  if (filter.headlineContains != null) {
    if (filter.headlineContains.length > MAX_HEADLINE_CONTAINS_LENGTH) {
      throw badUserInput(
        `\`filter.headlineContains\` may be at most ${MAX_HEADLINE_CONTAINS_LENGTH} characters, got ${filter.headlineContains.length}`,
        'filter.headlineContains',
      );
    }
    where.push({ headlineFolded: { contains: foldForContains(filter.headlineContains) } });
  }
  return where;
}

function articleOrderBy(
  order: ArticleOrderInput | null | undefined,
): Prisma.ArticleOrderByWithRelationInput[] {
  const direction = order?.direction === 'ASC' ? 'asc' : 'desc';
  switch (order?.field ?? 'PUBLISHED_AT') {
    case 'HEADLINE':
      return [{ headlineFolded: direction }, { id: direction }];
    case 'UPDATED_AT':
      return [{ updatedAt: direction }, { id: direction }];
    default:
      return [{ publishedAt: direction }, { id: direction }];
  }
}

/**
 * The single translation of (filter, orderBy, request) into a Prisma query for an article list. `scope`
 * narrows it to a parent (a section's or a source's articles). Visibility always applies.
 */
export function articleListQuery(
  args: ArticleListArgs,
  ctx: Context,
  scope: Prisma.ArticleWhereInput = {},
): { where: Prisma.ArticleWhereInput; orderBy: Prisma.ArticleOrderByWithRelationInput[] } {
  return {
    where: { AND: [visibleArticleWhere(ctx), scope, ...articleFilterWhere(args.filter)] },
    orderBy: articleOrderBy(args.orderBy),
  };
}
