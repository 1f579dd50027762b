// Batched "may this request see article N?" for to-one links (RelatedLink.article), where Prisma cannot
// filter the nested relation: every id asked for during one tick is checked with one query.
import type { Context } from '../context.js';
import { visibleArticleWhere } from './visibility.js';

interface Waiter {
  resolve: (visible: boolean) => void;
  reject: (error: unknown) => void;
}

interface RequestBatches {
  /** Answers already asked for in this request. */
  known: Map<number, Promise<boolean>>;
  /** Ids waiting for the next flush. */
  waiting: Map<number, Waiter>;
}

const byRequest = new WeakMap<Context, RequestBatches>();

async function flush(ctx: Context, waiting: Map<number, Waiter>): Promise<void> {
  try {
    const rows = await ctx.db.article.findMany({
      where: { AND: [visibleArticleWhere(ctx), { id: { in: [...waiting.keys()] } }] },
      select: { id: true },
    });
    const visible = new Set(rows.map((r) => r.id));
    for (const [id, waiter] of waiting) waiter.resolve(visible.has(id));
  } catch (error) {
    for (const waiter of waiting.values()) waiter.reject(error);
  }
}

/** Resolves true when `visibleArticleWhere(ctx)` admits the article; cached for the request. */
export function isVisibleArticle(ctx: Context, id: number): Promise<boolean> {
  let batches = byRequest.get(ctx);
  if (!batches) {
    batches = { known: new Map(), waiting: new Map() };
    byRequest.set(ctx, batches);
  }
  const known = batches.known.get(id);
  if (known) return known;
  const { waiting } = batches;
  if (waiting.size === 0) {
    // setImmediate runs after every promise settled in this tick, so links across the whole list join in.
    setImmediate(() => {
      const ready = new Map(waiting);
      waiting.clear();
      void flush(ctx, ready);
    });
  }
  const answer = new Promise<boolean>((resolve, reject) => waiting.set(id, { resolve, reject }));
  batches.known.set(id, answer);
  return answer;
}
