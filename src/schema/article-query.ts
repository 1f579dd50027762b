// How article lists are filtered, ordered and paged: the inputs, the one function that turns them into a
// Prisma where/orderBy for `articles`, `Section.articles`, `Source.articles` and `search`, and the one
// keyset connection every article list (`deletedArticles` too) is paged with.
import { queryFromInfo } from '@pothos/plugin-prisma';
import { parseCursorConnectionArgs, resolveCursorConnection } from '@pothos/plugin-relay';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import { countWhere, findTree } from '../db.js';
import { visibleArticleWhere } from '../editorial/publication.js';
import { badUserInput } from '../errors.js';
import type {
  Article as ArticleRow,
  ArticleStatus as ArticleStatusValue,
  Prisma,
} from '../generated/prisma/client.js';
import { foldForContains } from '../ingest/derive.js';
import { builder } from './builder.js';
import { type CursorOrder, type CursorPosition, decodeCursor, encodeCursor } from './cursor.js';
import { assertPageArgs, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type PageArgs } from './pagination.js';

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
  description:
    'Ties are broken by id in the same direction, so cursors stay stable. A cursor belongs to the order it came from: pass it back with the same `orderBy` (another order is BAD_USER_INPUT).',
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

/** The column each cursor field sorts by; id breaks ties in the same direction. */
const ORDER_COLUMN = {
  PUBLISHED_AT: 'publishedAt',
  HEADLINE: 'headlineFolded',
  UPDATED_AT: 'updatedAt',
  DELETED_AT: 'deletedAt',
} as const satisfies Record<CursorOrder['field'], keyof ArticleRow>;

/** The order of an article list: `orderBy`, or newest first. */
export function articleOrder(order: ArticleOrderInput | null | undefined): CursorOrder {
  return { field: order?.field ?? 'PUBLISHED_AT', direction: order?.direction ?? 'DESC' };
}

function articleOrderBy(order: CursorOrder, reversed = false): Prisma.ArticleOrderByWithRelationInput[] {
  const ascending = (order.direction === 'ASC') !== reversed;
  const direction = ascending ? 'asc' : 'desc';
  return [{ [ORDER_COLUMN[order.field]]: direction }, { id: direction }];
}

/**
 * Rows strictly after (`side: 'after'`) or before a cursor's position in its order, as a keyset condition:
 * `(column, id) > (value, id)` written as `column > value OR (column = value AND id > id)`.
 */
function keysetWhere(position: CursorPosition, side: 'after' | 'before'): Prisma.ArticleWhereInput {
  const column = ORDER_COLUMN[position.field];
  const op = (position.direction === 'ASC') === (side === 'after') ? 'gt' : 'lt';
  return {
    OR: [{ [column]: { [op]: position.value } }, { [column]: position.value, id: { [op]: position.id } }],
  } as Prisma.ArticleWhereInput;
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
    orderBy: articleOrderBy(articleOrder(args.orderBy)),
  };
}

export interface ArticleConnectionShape {
  edges: { cursor: string; node: ArticleRow }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: () => Promise<number>;
}

export interface ArticlePageRequest {
  args: PageArgs;
  /** The whole list: visibility, scope and filter. */
  where: Prisma.ArticleWhereInput;
  order: CursorOrder;
}

/**
 * The Prisma arguments that load one page of a keyset-paged article list (the cursors' bounds, the
 * order, reversed for `last`, and one row more than the page to tell whether another follows), and
 * how to select the rows so their cursors can be written. BAD_USER_INPUT for bad page arguments.
 */
export function articlePageQuery({ args, where, order }: ArticlePageRequest): {
  where: Prisma.ArticleWhereInput;
  orderBy: Prisma.ArticleOrderByWithRelationInput[];
  take: number;
  cursorSelect: Prisma.ArticleSelect;
} {
  assertPageArgs(args);
  const bounds = [
    ...(args.after == null ? [] : [keysetWhere(decodeCursor(args.after, order, 'after'), 'after')]),
    ...(args.before == null ? [] : [keysetWhere(decodeCursor(args.before, order, 'before'), 'before')]),
  ];
  const { limit, inverted } = parseCursorConnectionArgs({
    args,
    defaultSize: DEFAULT_PAGE_SIZE,
    maxSize: MAX_PAGE_SIZE,
  });
  return {
    where: bounds.length === 0 ? where : { AND: [where, ...bounds] },
    orderBy: articleOrderBy(order, inverted),
    take: limit,
    cursorSelect: { id: true, [ORDER_COLUMN[order.field]]: true },
  };
}

/** The connection of a page loaded with `articlePageQuery` (rows in that query's order). */
export async function articlePage(
  { args, where, order }: ArticlePageRequest,
  rows: readonly ArticleRow[],
  count: (where: Prisma.ArticleWhereInput) => Promise<number>,
): Promise<ArticleConnectionShape> {
  const column = ORDER_COLUMN[order.field];
  const page = await resolveCursorConnection<readonly ArticleRow[]>(
    {
      args,
      defaultSize: DEFAULT_PAGE_SIZE,
      maxSize: MAX_PAGE_SIZE,
      toCursor: (row: ArticleRow) => {
        const value = row[column];
        if (value === null) throw new Error(`article ${row.id} has no ${column} to page by`);
        return encodeCursor({ ...order, value, id: row.id });
      },
    },
    () => rows,
  );
  const edges = page.edges.flatMap((edge) => (edge ? [edge] : []));
  return {
    edges,
    pageInfo: {
      ...page.pageInfo,
      // No edges, no cursors (Pothos would echo the request's own cursor, or "").
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: () => count(where),
  };
}

/**
 * A page of an article list with keyset cursors (src/schema/cursor.ts) in one query, its nodes'
 * selection (relations included) taken from the request; `totalCount` runs only when asked for.
 */
export async function articleConnection(
  ctx: Context,
  info: GraphQLResolveInfo,
  request: ArticlePageRequest,
): Promise<ArticleConnectionShape> {
  const { cursorSelect, ...page } = articlePageQuery(request);
  const query = queryFromInfo({ context: ctx, info, path: ['edges', 'node'] }) as Prisma.ArticleFindManyArgs;
  const select = query.select ? { select: { ...query.select, ...cursorSelect } } : {};
  // One statement for the page and everything nested in its nodes (src/db.ts findTree).
  const rows = await findTree<ArticleRow>(ctx.db, 'Article', { ...query, ...select, ...page });
  return articlePage(request, rows, (where) => countWhere(ctx.db, 'Article', where));
}
