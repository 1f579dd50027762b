// RelatedLink: a "Related News" entry under an article, linked to a stored article when it is one of ours.
import { builder } from './builder.js';

builder.prismaNode('RelatedLink', {
  id: { field: 'id' },
  fields: (t) => ({
    position: t.exposeInt('position'),
    title: t.exposeString('title'),
    url: t.exposeString('url', { nullable: true }),
    article: t.relation('targetArticle', {
      nullable: true,
      description: 'The linked article when stored here.',
    }),
  }),
});
