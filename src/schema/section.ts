// Section: a desk or page of the site (Latest News, World...), its queries.
import { visibleArticleWhere } from '../editorial/publication.js';
import { builder } from './builder.js';
import { countOrderInput, orderByCounts } from './counts.js';

const SectionOrder = countOrderInput('Section', 'in the section');

export const Section = builder.prismaNode('Section', {
  id: { field: 'id' },
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    articleCount: t.relationCount('articles', {
      description: 'Articles in this section that this request may see.',
      where: (_args, ctx) => visibleArticleWhere(ctx),
    }),
  }),
});

builder.queryFields((t) => ({
  section: t.prismaField({
    type: 'Section',
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.db.section.findUnique({ ...query, where: { slug: args.slug } }),
  }),
  sections: t.prismaField({
    type: ['Section'],
    description: 'All sections, alphabetical unless `orderBy` says otherwise.',
    args: { orderBy: t.arg({ type: SectionOrder }) },
    resolve: async (query, _root, args, ctx) => {
      const all = await ctx.db.section.findMany({ ...query });
      const counts =
        args.orderBy?.field === 'ARTICLE_COUNT'
          ? await ctx.db.article.groupBy({
              by: ['sectionId'],
              where: visibleArticleWhere(ctx),
              _count: { _all: true },
            })
          : [];
      const order = orderByCounts(
        all.map((s) => ({ id: s.id, sortKey: s.slug })),
        new Map(counts.map((c) => [c.sectionId, c._count._all])),
        args.orderBy,
      );
      const byId = new Map(all.map((s) => [s.id, s]));
      return order.flatMap((id) => byId.get(id) ?? []);
    },
  }),
}));
