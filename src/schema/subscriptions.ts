// Live subscriptions (GraphQL over Server-Sent Events, Yoga's own transport): an article as a reader sees
// it each time it changes, and articles as they become public. Events come from the public events of the
// write path (src/live/feed.ts); each is resolved for the subscriber's viewer at the event's own time, by
// the publication rule, so a public subscriber never gets a draft, or a scheduled article before its time.
import type { Context } from '../context.js';
import { countWhere } from '../db.js';
import { type ArticleEvent, ENTERS_PUBLIC_VIEW } from '../editorial/article-events.js';
import { visibleArticleWhere } from '../editorial/publication.js';
import { closableIterator } from '../live/feed.js';
import { builder } from './builder.js';

builder.subscriptionType({
  description:
    'Live changes over Server-Sent Events: GET or POST /graphql with `Accept: text/event-stream` (docs/notifications.md).',
});

interface ArticleChange {
  articleId: number;
  removed: boolean;
  changedFields: string[];
}

const ArticleChangeRef = builder.objectRef<ArticleChange>('ArticleChange').implement({
  description:
    'A change to the subscribed article: the article as you may see it now, or `removed: true` (and no article) when it left your view (unpublished, deleted, or moved out of reach).',
  fields: (t) => ({
    article: t.prismaField({
      type: 'Article',
      nullable: true,
      description: 'The article now; null exactly when `removed` is true.',
      resolve: (query, change, _args, ctx) =>
        change.removed
          ? null
          : ctx.db.article.findFirst({
              ...query,
              where: { id: change.articleId, ...visibleArticleWhere(ctx) },
            }),
    }),
    removed: t.exposeBoolean('removed', {
      description: 'The article left your view: a reader should stop showing it.',
    }),
    changedFields: t.exposeStringList('changedFields', {
      description: 'The fields an edit changed (headline, paragraphs…); empty for other changes.',
    }),
  }),
});

/** The events `source` yields that `pick` keeps, as `pick` makes them; returning it returns `source`. */
function keepWhere<T>(
  source: AsyncIterableIterator<ArticleEvent>,
  pick: (event: ArticleEvent) => Promise<T | null>,
): AsyncIterableIterator<T> {
  return closableIterator<T>(
    async () => {
      for (;;) {
        const event = await source.next();
        if (event.done) return { done: true, value: undefined };
        const value = await pick(event.value);
        if (value !== null) return { done: false, value };
      }
    },
    async () => {
      await source.return?.();
    },
  );
}

/**
 * Moves the subscription's clock to the event's time and tells whether the article is visible then. A
 * subscription outlives its request: its resolvers read `ctx.now` for every event, one event at a time.
 */
async function visibleNow(ctx: Context, articleId: number): Promise<boolean> {
  ctx.now = ctx.live.clock();
  return (await countWhere(ctx.db, 'Article', { id: articleId, ...visibleArticleWhere(ctx) })) > 0;
}

builder.subscriptionFields((t) => ({
  articleChanged: t.field({
    type: ArticleChangeRef,
    description:
      'The article with this slug each time it changes publicly (published, edited, unpublished, deleted, restored), as you may see it then. Also follows it when an edit moves it to another slug.',
    args: { slug: t.arg.string({ required: true }) },
    subscribe: async (_root, args, ctx) =>
      keepWhere(await ctx.live.listen(), async (event) => {
        if (event.slug !== args.slug && event.previousSlug !== args.slug) return null;
        const visible = await visibleNow(ctx, event.articleId);
        return {
          articleId: event.articleId,
          removed: !visible,
          changedFields: visible && event.type === 'article.updated' ? event.changedFields : [],
        };
      }),
    resolve: (change) => change,
  }),
  articlesPublished: t.prismaField({
    type: 'Article',
    description:
      'Each article as it becomes public (published, a scheduled article at its time, or undeleted), in one section (by slug) or all.',
    args: { section: t.arg.string({ description: 'Section slug, e.g. `latest-news`; all when omitted.' }) },
    subscribe: async (_root, args, ctx) =>
      keepWhere(await ctx.live.listen(), async (event) => {
        if (!ENTERS_PUBLIC_VIEW.includes(event.type)) return null;
        if (args.section != null && event.section.slug !== args.section) return null;
        return (await visibleNow(ctx, event.articleId)) ? event : null;
      }),
    // Visible a moment ago (checked above); a write in between makes this event an error, not a leak.
    resolve: (query, event, _args, ctx) =>
      ctx.db.article.findFirstOrThrow({
        ...query,
        where: { id: event.articleId, ...visibleArticleWhere(ctx) },
      }),
  }),
}));
