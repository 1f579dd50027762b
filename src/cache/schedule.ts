// When the next scheduled article goes public: the moment every cached answer may change on its own.
import type { Db } from '../db.js';

/**
 * The earliest `publishedAt` after `after` among published articles, or null when none is scheduled.
 * Articles are hidden until their `publishedAt`; when the drafts/scheduling work lands with its own
 * function for this, swap the body here, and nothing else changes.
 */
export async function nextScheduledPublishAt(db: Db, after: Date): Promise<Date | null> {
  const next = await db.article.findFirst({
    where: { status: 'PUBLISHED', publishedAt: { gt: after } },
    orderBy: { publishedAt: 'asc' },
    select: { publishedAt: true },
  });
  return next?.publishedAt ?? null;
}
