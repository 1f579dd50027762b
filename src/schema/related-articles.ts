// Article.relatedArticles and Article.citedBy: the resolved side of "Related News" links, both ways.

import { cacheTag } from '../editorial/cache-tags.js';
import { isArticleVisible, visibleArticleWhere } from '../editorial/publication.js';
import { Article } from './article.js';
import { builder } from './builder.js';
import { tagAnswer } from './cache-tags.js';

function distinctById<T extends { id: number }>(items: readonly (T | null)[]): T[] {
  const seen = new Set<number>();
  return items.filter((item): item is T => item !== null && !seen.has(item.id) && seen.add(item.id) !== null);
}

builder.prismaObjectFields(Article, (t) => ({
  relatedArticles: t.field({
    type: [Article],
    description: "The stored articles this one's related links resolve to, in link order, each once.",
    // Same arguments as the `relatedLinks` field, so both share one load of the links.
    select: (_args, _ctx, nestedSelection) => ({
      relatedLinks: {
        orderBy: { position: 'asc' },
        select: { titleKey: true, targetArticle: nestedSelection(true) },
      },
    }),
    resolve: (article, _args, ctx) => {
      tagAnswer(ctx, ...article.relatedLinks.map((l) => cacheTag.titleKey(l.titleKey)));
      return distinctById(article.relatedLinks.map((l) => l.targetArticle)).filter((a) =>
        isArticleVisible(ctx, a),
      );
    },
  }),
  citedBy: t.field({
    type: [Article],
    description: 'Stored articles whose related links point to this one, oldest link first, each once.',
    select: (_args, ctx, nestedSelection) => ({
      headlineKey: true,
      linkedFrom: {
        where: { article: visibleArticleWhere(ctx) },
        orderBy: { id: 'asc' },
        select: { article: nestedSelection(true) },
      },
    }),
    resolve: (article, _args, ctx) => {
      // Links resolve to this article through its headline's key, whichever was written first.
      tagAnswer(ctx, cacheTag.titleKey(article.headlineKey));
      return distinctById(article.linkedFrom.map((l) => l.article));
    },
  }),
}));
