// Article: the object type, its queries.

import type { Context } from '../context.js';
import { countWhere, findTree } from '../db.js';
import { cacheTag, type ListScope } from '../editorial/cache-tags.js';
import { visibleArticleWhere } from '../editorial/publication.js';
import type { Article as ArticleRow } from '../generated/prisma/client.js';
import {
  ArticleFilter,
  type ArticleListArgs,
  ArticleOrder,
  type ArticlePageRequest,
  ArticleStatus,
  articleConnection,
  articleListQuery,
  articleOrder,
  articlePage,
  articlePageQuery,
} from './article-query.js';
import { builder } from './builder.js';
import { tagAnswer } from './cache-tags.js';
import type { PageArgs } from './pagination.js';
import { Section } from './section.js';
import { Source } from './source.js';

export { ArticleStatus };

export const Article = builder.prismaNode('Article', {
  id: { field: 'id' },
  // node(id) answers null for an article this request may not see, exactly as article(slug) does.
  nullable: true,
  findUnique: (id, ctx) => ({ id: Number(id), AND: [visibleArticleWhere(ctx)] }),
  description:
    'A news article: headline, dateline, paragraphs in reading order, cited sources, related links.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'URL-safe unique key derived from the headline.' }),
    headline: t.exposeString('headline'),
    dateline: t.exposeString('dateline', {
      nullable: true,
      description: 'Place the story was filed from, e.g. "Beijing".',
    }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime' }),
    status: t.expose('status', { type: ArticleStatus }),
    section: t.relation('section'),
    paragraphs: t.relation('paragraphs', {
      description: 'Body paragraphs in reading order (positions start at 1).',
      query: { orderBy: { position: 'asc' } },
    }),
    sources: t.field({
      type: [Source],
      description: 'Distinct cited sources in first-citation order.',
      select: (_args, _ctx, nestedSelection) => ({
        sources: { orderBy: { position: 'asc' }, select: { source: nestedSelection(true) } },
      }),
      resolve: (article) => article.sources.map((s) => s.source),
    }),
    relatedLinks: t.relation('relatedLinks', { query: { orderBy: { position: 'asc' } } }),
    quotes: t.relation('quotes', {
      description: 'Direct quotations in reading order (docs/quotes.md).',
      query: { orderBy: { position: 'asc' } },
    }),
    wordCount: t.exposeInt('wordCount'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const ArticleConnection = builder.connectionObject(
  { type: Article, name: 'ArticleConnection', description: 'A page of articles (Relay connection).' },
  { name: 'ArticleEdge' },
);

builder.queryFields((t) => ({
  article: t.prismaField({
    type: 'Article',
    nullable: true,
    description: 'One article by slug, or null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      // Found or not: an article with this slug may appear, or move to another slug.
      tagAnswer(ctx, cacheTag.articleSlug(args.slug));
      // The whole article page in one statement (src/db.ts findTree).
      const [article] = await findTree<ArticleRow>(ctx.db, 'Article', {
        ...query,
        where: { slug: args.slug, ...visibleArticleWhere(ctx) },
        take: 1,
      });
      return article ?? null;
    },
  }),
  articles: t.connection(
    {
      type: Article,
      description: 'Articles matching `filter`, newest first unless `orderBy` says otherwise.',
      args: { filter: t.arg({ type: ArticleFilter }), orderBy: t.arg({ type: ArticleOrder }) },
      resolve: (_root, args, ctx, info) => {
        tagList(ctx, { kind: 'all' }, args);
        return articleConnection(ctx, info, {
          args,
          where: articleListQuery(args, ctx).where,
          order: articleOrder(args.orderBy),
        });
      },
    },
    ArticleConnection,
  ),
}));

// The article connections of sources and sections live here, next to the article list they mirror.
builder.prismaObjectFields(Source, (t) => ({
  articles: t.connection(
    {
      type: Article,
      description:
        'Articles citing this source matching `filter`, newest first unless `orderBy` says otherwise.',
      args: { filter: t.arg({ type: ArticleFilter }), orderBy: t.arg({ type: ArticleOrder }) },
      resolve: (source, args, ctx, info) => {
        tagList(ctx, { kind: 'source', id: source.id }, args);
        return articleConnection(ctx, info, {
          args,
          where: articleListQuery(args, ctx, { sources: { some: { sourceId: source.id } } }).where,
          order: articleOrder(args.orderBy),
        });
      },
    },
    ArticleConnection,
  ),
}));

builder.prismaObjectFields(Section, (t) => ({
  articles: t.connection(
    {
      type: Article,
      description:
        'Articles of this section matching `filter`, newest first unless `orderBy` says otherwise.',
      args: { filter: t.arg({ type: ArticleFilter }), orderBy: t.arg({ type: ArticleOrder }) },
      // Loaded with the section itself (a relation of its query tree), so a list of sections with their
      // articles stays one query tree. Bad arguments load nothing here and are reported by `resolve`.
      select: (args, ctx, nestedSelection) => {
        let page: ReturnType<typeof articlePageQuery>;
        try {
          page = articlePageQuery(sectionArticles(args, ctx));
        } catch {
          return { articles: { take: 0 } };
        }
        const { cursorSelect, ...query } = page;
        const nested = nestedSelection(query, ['edges', 'node']);
        return {
          articles: nested.select ? { ...nested, select: { ...nested.select, ...cursorSelect } } : nested,
        };
      },
      resolve: (section, args, ctx) => {
        tagList(ctx, { kind: 'section', id: section.id }, args);
        const request = sectionArticles(args, ctx);
        articlePageQuery(request);
        return articlePage(request, section.articles, (where) =>
          countWhere(ctx.db, 'Article', { AND: [where, { sectionId: section.id }] }),
        );
      },
    },
    ArticleConnection,
  ),
}));

/** Tags an answer with the list it read, in the ordering it read it (and as filtered, when it is). */
function tagList(ctx: Context, scope: ListScope, args: ArticleListArgs): void {
  tagAnswer(ctx, cacheTag.list(scope, args.orderBy?.field ?? 'PUBLISHED_AT'));
  if (args.filter && Object.values(args.filter).some((v) => v != null)) tagAnswer(ctx, cacheTag.filtered);
}

/** A section's article list, as its `articles` relation: the section itself is the relation's scope. */
function sectionArticles(args: ArticleListArgs & PageArgs, ctx: Context): ArticlePageRequest {
  return { args, where: articleListQuery(args, ctx).where, order: articleOrder(args.orderBy) };
}
