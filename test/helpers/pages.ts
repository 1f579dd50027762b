// Builds plain-text article pages in the real page format and stores them through the real write path.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';
import type { Db } from '../../src/db.js';
import { type ImportedPage, writePages } from '../../src/editorial/import.js';
import type { SaveResult } from '../../src/editorial/write.js';
import { deriveArticle } from '../../src/ingest/derive.js';
import type { ParsedPage } from '../../src/ingest/files.js';
import { parseArticlePage } from '../../src/ingest/parse.js';
import type { ArticleContent, DerivedArticle } from '../../src/ingest/types.js';

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

/** Imports one article (a parsed page, or content to derive) as the import CLI would. */
export async function writeArticle(db: Db, article: DerivedArticle | ArticleContent): Promise<SaveResult> {
  const derived = 'contentHash' in article ? article : deriveArticle(article);
  const [result] = await writePages(db, [{ file: 'test', article: derived }]);
  if (!result) throw new Error('writePages returned no result');
  return result;
}

/** Numbers in [0, 1) from a seed: generated test corpora are identical on every run. */
export function prng(seed: number): () => number {
  // Mersenne Twister: its seeding spreads nearby seeds (xoroshiro's first draws for seeds 1, 2, 3... coincide).
  const generator = mersenne(seed);
  return () => uniformFloat64(generator);
}
