// Source: an organisation an article cites (CNN, Xinhua, a ministry), its queries.
import type { Context } from '../context.js';
import { builder } from './builder.js';
import { assertPageArgs } from './pagination.js';
import { visibleArticleWhere } from './visibility.js';

// A source cited only by drafts, scheduled or deleted articles is not public yet either.
const citedIn = (ctx: Context) => ({ articles: { some: { article: visibleArticleWhere(ctx) } } });

export const Source = builder.prismaNode('Source', {
  id: { field: 'id' },
  description: 'An organisation cited by articles: a news agency, broadcaster, newspaper or government body.',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    citationCount: t.relationCount('citations', {
      description: 'Citations of this source in the articles the request may see.',
      where: (_args, ctx) => ({ paragraph: { article: visibleArticleWhere(ctx) } }),
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
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.source.findFirst({ ...query, where: { slug: args.slug, ...citedIn(ctx) } }),
  }),
  sources: t.prismaConnection(
    {
      type: 'Source',
      cursor: 'id',
      description: 'Sources in alphabetical order (case- and accent-insensitive).',
      totalCount: (_parent, _args, ctx) => ctx.db.source.count({ where: citedIn(ctx) }),
      resolve: (query, _root, args, ctx) => {
        assertPageArgs(args);
        return ctx.db.source.findMany({ ...query, where: citedIn(ctx), orderBy: { slug: 'asc' } });
      },
    },
    SourceConnection,
  ),
}));
