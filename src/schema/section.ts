// Section: a desk or page of the site (Latest News, World...), its queries.
import { builder } from './builder.js';

export const Section = builder.prismaNode('Section', {
  id: { field: 'id' },
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
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
    description: 'All sections in alphabetical order.',
    resolve: (query, _root, _args, ctx) => ctx.db.section.findMany({ ...query, orderBy: { slug: 'asc' } }),
  }),
}));
