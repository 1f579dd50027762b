// RelatedLink: a "Related News" entry under an article, linked to a stored article when it is one of ours.

import { cacheTag } from '../editorial/cache-tags.js';
import { isArticleVisible, visibleArticleWhere } from '../editorial/publication.js';
import { Article } from './article.js';
import { builder } from './builder.js';
import { tagAnswer } from './cache-tags.js';

builder.prismaNode('RelatedLink', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id: Number(id), article: visibleArticleWhere(ctx) }),
  fields: (t) => ({
    position: t.exposeInt('position'),
    title: t.exposeString('title'),
    url: t.exposeString('url', { nullable: true }),
    // Not `t.relation` with a where: Prisma cannot filter a to-one include, so Pothos would load each
    // link's target separately. The target row comes with the page and is checked in memory.
    article: t.field({
      type: Article,
      nullable: true,
      description:
        'The stored article whose headline matches this title (ignoring case, accents and punctuation), when this request may see it.',
      select: (_args, _ctx, nestedSelection) => ({ titleKey: true, targetArticle: nestedSelection(true) }),
      resolve: (link, _args, ctx) => {
        // Which article the title resolves to changes when a headline with this key comes or goes.
        tagAnswer(ctx, cacheTag.titleKey(link.titleKey));
        return link.targetArticle && isArticleVisible(ctx, link.targetArticle) ? link.targetArticle : null;
      },
    }),
  }),
});
