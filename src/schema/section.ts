// Section: a desk or page of the site (Latest News, World...), its queries.

import { findTree } from '../db.js';
import { cacheTag } from '../editorial/cache-tags.js';
import { visibleArticleWhere, visibleSectionWhere } from '../editorial/publication.js';
import type { Section as SectionRow } from '../generated/prisma/client.js';
import { builder } from './builder.js';
import { tagAnswer } from './cache-tags.js';
import { countOrderInput, orderByCounts } from './counts.js';

const SectionOrder = countOrderInput('Section', 'in the section');

export const Section = builder.prismaNode('Section', {
  id: { field: 'id' },
  // node(id) answers null for a section this request may not see (one with only drafts, say) or none at all.
  nullable: true,
  findUnique: (id, ctx) => ({ id: Number(id), AND: [visibleSectionWhere(ctx)] }),
  description: 'A desk or page of the site. Visible only through an article the request may see.',
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
    description: 'One section by slug, or null when there is none this request may see.',
    resolve: async (query, _root, args, ctx) => {
      // The section page (its articles are a relation of this query) in one statement: src/db.ts findTree.
      const [section] = await findTree<SectionRow>(ctx.db, 'Section', {
        ...query,
        where: { slug: args.slug, ...visibleSectionWhere(ctx) },
        take: 1,
      });
      // A section found stops being visible only when its count of visible articles changes; one not
      // found may appear with any section's first public article.
      tagAnswer(ctx, section ? cacheTag.sectionCount(section.id) : cacheTag.sections);
      return section ?? null;
    },
  }),
  sections: t.prismaField({
    type: ['Section'],
    description:
      'The sections this request may see (those with an article it may see), alphabetical unless `orderBy` says otherwise.',
    args: { orderBy: t.arg({ type: SectionOrder }) },
    resolve: async (query, _root, args, ctx) => {
      tagAnswer(ctx, cacheTag.sections);
      const all = await findTree<SectionRow>(ctx.db, 'Section', {
        ...query,
        where: visibleSectionWhere(ctx),
      });
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
