// Source: an organisation an article cites (CNN, Xinhua, a ministry), its queries.
import { builder } from './builder.js';
import { assertPageArgs } from './pagination.js';

export const Source = builder.prismaNode('Source', {
  id: { field: 'id' },
  description: 'An organisation cited by articles: a news agency, broadcaster, newspaper or government body.',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    citationCount: t.relationCount('citations', { description: 'Citations of this source in all articles.' }),
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
    resolve: (query, _root, args, ctx) => ctx.db.source.findUnique({ ...query, where: { slug: args.slug } }),
  }),
  sources: t.prismaConnection(
    {
      type: 'Source',
      cursor: 'id',
      description: 'Sources in alphabetical order (case- and accent-insensitive).',
      totalCount: (_parent, _args, ctx) => ctx.db.source.count(),
      resolve: (query, _root, args, ctx) => {
        assertPageArgs(args);
        return ctx.db.source.findMany({ ...query, orderBy: { slug: 'asc' } });
      },
    },
    SourceConnection,
  ),
}));
