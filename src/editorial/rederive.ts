// Re-derives stored articles after a change to the derivation rules (citations, quotes, source kinds,
// folding): each article's state is derived again and saved through the write path, which rewrites only
// the articles whose content hash changed. No page files are needed: revisions hold what editors control.
import type { Db } from '../db.js';
import { deriveArticle } from '../ingest/derive.js';
import { contentOf } from './revisions.js';
import { type WriteOutcome, writeInBatches } from './write.js';

export interface RederiveReport {
  articles: number;
  rederived: number;
}

/** Short batches (writeInBatches), so a long run never keeps other writers out for long. */
export async function rederiveArticles(
  db: Db,
  options: { onProgress?: (done: number, total: number) => void } = {},
): Promise<RederiveReport> {
  const ids = (await db.article.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((a) => a.id);
  const outcomes = await writeInBatches(
    db,
    { author: 'rederive', origin: 'rederive' },
    ids,
    async (writer, chunk) => {
      const outcomes: WriteOutcome[] = [];
      for (const id of chunk) {
        const stored = await writer.load({ id });
        if (!stored) {
          outcomes.push('unchanged'); // removed meanwhile
          continue;
        }
        const { status, deleted } = stored.state;
        const article = deriveArticle(contentOf(stored.state));
        const result = await writer.save(
          stored,
          { article, status, deleted },
          { action: 'UPDATE', via: 'rules' },
        );
        outcomes.push(result.outcome);
      }
      return outcomes;
    },
    { onCommitted: (_outcome, index, total) => options.onProgress?.(index + 1, total) },
  );
  return { articles: ids.length, rederived: outcomes.filter((o) => o === 'updated').length };
}
