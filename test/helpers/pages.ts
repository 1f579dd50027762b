// Builds plain-text article pages in the real page format and imports them through the real ingest path.
import type { Db } from '../../src/db.js';
import { type ImportedPage, type ParsedPage, writePages } from '../../src/ingest/import.js';
import { parseArticlePage } from '../../src/ingest/parse.js';

export interface PageSpec {
  /** YYYY-MM-DD or any date line the parser accepts. */
  date: string;
  section: string;
  headline: string;
  paragraphs: string[];
  related?: string[];
}

export function pageText(spec: PageSpec): string {
  const lines = [spec.date, '', spec.section, '', spec.headline, '', ...spec.paragraphs];
  if (spec.related && spec.related.length > 0) lines.push('', 'Related News', ...spec.related);
  return `${lines.join('\n')}\n`;
}

/** Parses each page as the import CLI does and writes them all in one transaction. */
export async function importTexts(db: Db, specs: readonly PageSpec[]): Promise<ImportedPage[]> {
  const pages: ParsedPage[] = specs.map((spec, i) => {
    const file = `generated/${String(i).padStart(4, '0')}.txt`;
    return { file, article: parseArticlePage(pageText(spec), { file }) };
  });
  return writePages(db, pages);
}

/** A small deterministic PRNG, so generated corpora are identical on every run (shared with bench/). */
export { prng } from '../../bench/corpus.js';
