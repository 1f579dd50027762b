// Source: an organisation an article cites (CNN, Xinhua, a ministry), its queries.
import { queryFromInfo } from '@pothos/plugin-prisma';
import { findTree } from '../db.js';
import { cacheTag } from '../editorial/cache-tags.js';
import { visibleArticleWhere, visibleSourceWhere } from '../editorial/publication.js';
import { SourceKind as SourceKindValues, type Source as SourceRow } from '../generated/prisma/client.js';
import { builder } from './builder.js';
import { tagAnswer } from './cache-tags.js';
import { countOrderInput, orderByCounts } from './counts.js';
import { connectionOverIds } from './pagination.js';

// The values are the Prisma enum's (prisma/schema.prisma), so the two cannot drift apart.
const SourceKind = builder.enumType(SourceKindValues, {
  name: 'SourceKind',
  description: 'What kind of organisation a source is, from a small curated table (OTHER when unknown).',
});

const SourceOrder = countOrderInput('Source', 'citing the source');

export const Source = builder.prismaNode('Source', {
  id: { field: 'id' },
  // node(id) answers null for a source cited only by articles this request may not see, or none at all.
  nullable: true,
  findUnique: (id, ctx) => ({ id: Number(id), AND: [visibleSourceWhere(ctx)] }),
  description:
    'An organisation cited by articles: a news agency, broadcaster, newspaper or government body. Visible only through an article the request may see.',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    kind: t.expose('kind', { type: SourceKind }),
    citationCount: t.relationCount('citations', {
      description: 'Citations of this source in the articles the request may see.',
      where: (_args, ctx) => ({ paragraph: { article: visibleArticleWhere(ctx) } }),
    }),
    articleCount: t.relationCount('articles', {
      description: 'Articles citing this source that this request may see.',
      where: (_args, ctx) => ({ article: visibleArticleWhere(ctx) }),
    }),
  }),
});

export const SourceConnection = builder.connectionObject(
  { type: Source, name: 'SourceConnection', description: 'A page of sources (Relay connection).' },
  { name: 'SourceEdge' },
);

builder.queryFields((t) => ({
  source: t.prismaField({
    type: 'Source',
    nullable: true,
    description: 'One source by slug, or null when there is none this request may see.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const [source] = await findTree<SourceRow>(ctx.db, 'Source', {
        ...query,
        where: { slug: args.slug, ...visibleSourceWhere(ctx) },
        take: 1,
      });
      // As for section(slug): a source found changes with its counts, one not found with any source.
      tagAnswer(ctx, source ? cacheTag.sourceCount(source.id) : cacheTag.sources);
      return source ?? null;
    },
  }),
  sources: t.connection(
    {
      type: Source,
      description:
        'Sources, alphabetical unless `orderBy` says otherwise. Offset cursors: the order is computed per request.',
      args: { orderBy: t.arg({ type: SourceOrder }) },
      resolve: async (_root, args, ctx, info) => {
        tagAnswer(ctx, cacheTag.sources);
        const all = await ctx.db.source.findMany({
          where: visibleSourceWhere(ctx),
          select: { id: true, slug: true },
        });
        const counts =
          args.orderBy?.field === 'ARTICLE_COUNT'
            ? await ctx.db.articleSource.groupBy({
                by: ['sourceId'],
                where: { article: visibleArticleWhere(ctx) },
                _count: { _all: true },
              })
            : [];
        const ids = orderByCounts(
          all.map((s) => ({ id: s.id, sortKey: s.slug })),
          new Map(counts.map((c) => [c.sourceId, c._count._all])),
          args.orderBy,
        );
        const query = queryFromInfo({ context: ctx, info, path: ['edges', 'node'] });
        return connectionOverIds(args, ids, (pageIds) =>
          findTree<SourceRow>(ctx.db, 'Source', {
            ...query,
            ...('select' in query && query.select ? { select: { ...query.select, id: true } } : {}),
            where: { id: { in: pageIds } },
          }),
        );
      },
    },
    SourceConnection,
  ),
}));
