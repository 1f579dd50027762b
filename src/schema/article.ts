// Article: the object type, its queries.
import { builder } from './builder.js';
import { assertPageArgs, NEWEST_FIRST } from './pagination.js';
import { Section } from './section.js';
import { Source } from './source.js';
import { visibleArticleWhere } from './visibility.js';

export const ArticleStatus = builder.enumType('ArticleStatus', {
  values: {
    DRAFT: { description: 'Not public.' },
    PUBLISHED: { description: 'Public from `publishedAt` on (scheduled while that is in the future).' },
  } as const,
});

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
    resolve: (query, _root, args, ctx) =>
      ctx.db.article.findFirst({ ...query, where: { slug: args.slug, ...visibleArticleWhere(ctx) } }),
  }),
  articles: t.prismaConnection(
    {
      type: 'Article',
      cursor: 'id',
      description: 'Articles, newest first.',
      totalCount: (_parent, _args, ctx) => ctx.db.article.count({ where: visibleArticleWhere(ctx) }),
      resolve: (query, _root, args, ctx) => {
        assertPageArgs(args);
        return ctx.db.article.findMany({ ...query, where: visibleArticleWhere(ctx), orderBy: NEWEST_FIRST });
      },
    },
    ArticleConnection,
  ),
}));

// The article connections of sources and sections live here, next to the article list they mirror.
builder.prismaObjectFields(Source, (t) => ({
  articles: t.prismaConnection(
    {
      type: 'Article',
      cursor: 'id',
      description: 'Articles citing this source, newest first.',
      totalCount: (source, _args, ctx) =>
        ctx.db.article.count({
          where: { ...visibleArticleWhere(ctx), sources: { some: { sourceId: source.id } } },
        }),
      resolve: (query, source, args, ctx) => {
        assertPageArgs(args);
        return ctx.db.article.findMany({
          ...query,
          where: { ...visibleArticleWhere(ctx), sources: { some: { sourceId: source.id } } },
          orderBy: NEWEST_FIRST,
        });
      },
    },
    ArticleConnection,
  ),
}));

builder.prismaObjectFields(Section, (t) => ({
  articles: t.relatedConnection(
    'articles',
    {
      cursor: 'id',
      description: 'Articles of this section, newest first.',
      totalCount: true,
      query: (args, ctx) => {
        assertPageArgs(args);
        return { where: visibleArticleWhere(ctx), orderBy: NEWEST_FIRST };
      },
    },
    ArticleConnection,
  ),
}));
