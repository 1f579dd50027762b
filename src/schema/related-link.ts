// RelatedLink: a "Related News" entry under an article, linked to a stored article when it is one of ours.
import { builder } from './builder.js';
import { visibleArticleWhere } from './visibility.js';

builder.prismaNode('RelatedLink', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id: Number(id), article: visibleArticleWhere(ctx) }),
  fields: (t) => ({
    position: t.exposeInt('position'),
    title: t.exposeString('title'),
    url: t.exposeString('url', { nullable: true }),
    article: t.relation('targetArticle', {
      nullable: true,
      description: 'The linked article when stored here and visible to this request.',
      query: (_args, ctx) => ({ where: visibleArticleWhere(ctx) }),
    }),
  }),
});
