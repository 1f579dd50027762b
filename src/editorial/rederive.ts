// Re-derives stored articles after a change to the derivation rules (citations, quotes, source kinds,
// folding): each article's state is derived again and saved through the write path, which rewrites only
// the articles whose content hash changed. No page files are needed: revisions hold what editors control.
import type { Db } from '../db.js';
import { deriveArticle } from '../ingest/derive.js';
import { contentOf } from './revisions.js';
import { writeContent } from './write.js';

export interface RederiveReport {
  articles: number;
  rederived: number;
}

/** Batches are separate transactions, so a long run never holds the write lock for long. */
export async function rederiveArticles(
  db: Db,
  options: { batchSize?: number; onBatch?: (done: number, total: number) => void } = {},
): Promise<RederiveReport> {
  const batchSize = options.batchSize ?? 200;
  const ids = (await db.article.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((a) => a.id);
  let rederived = 0;
  for (let from = 0; from < ids.length; from += batchSize) {
    rederived += await writeContent(db, { author: 'rederive', origin: 'rederive' }, async (writer) => {
      let changed = 0;
      for (const id of ids.slice(from, from + batchSize)) {
        const stored = await writer.load({ id });
        if (!stored) continue; // removed meanwhile
        const { status, deleted } = stored.state;
        const article = deriveArticle(contentOf(stored.state));
        const result = await writer.save(
          stored,
          { article, status, deleted },
          { action: 'UPDATE', via: 'rules' },
        );
        if (result.outcome === 'updated') changed++;
      }
      return changed;
    });
    options.onBatch?.(Math.min(from + batchSize, ids.length), ids.length);
  }
  return { articles: ids.length, rederived };
}
