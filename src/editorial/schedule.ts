// Scheduled publishing: an article is scheduled when it is PUBLISHED with a publishedAt in the future.
// Nothing runs at that moment: visibility compares publishedAt with each request's clock. Caches must
// therefore expire by the next scheduled time, which this module answers cheaply (one indexed query).
import type { Db } from '../db.js';

/** The earliest publishedAt after `now` of a scheduled, non-deleted article, or null when none is. */
export async function nextScheduledPublishAt(db: Db, now: Date): Promise<Date | null> {
  const next = await db.article.findFirst({
    where: { status: 'PUBLISHED', deletedAt: null, publishedAt: { gt: now } },
    orderBy: { publishedAt: 'asc' },
    select: { publishedAt: true },
  });
  return next?.publishedAt ?? null;
}
