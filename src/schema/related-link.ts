// RelatedLink: a "Related News" entry under an article, linked to a stored article when it is one of ours.
import { Article } from './article.js';
import { builder } from './builder.js';
import { isVisibleArticle } from './visible-articles.js';

builder.prismaNode('RelatedLink', {
  id: { field: 'id' },
  fields: (t) => ({
    position: t.exposeInt('position'),
    title: t.exposeString('title'),
    url: t.exposeString('url', { nullable: true }),
    article: t.field({
      type: Article,
      nullable: true,
      description:
        'The stored article whose headline matches this title (ignoring case, accents and punctuation), when this request may see it.',
      select: (_args, _ctx, nestedSelection) => ({ targetArticle: nestedSelection(true) }),
      resolve: async (link, _args, ctx) =>
        link.targetArticle && (await isVisibleArticle(ctx, link.targetArticle.id))
          ? link.targetArticle
          : null,
    }),
  }),
});
