// The derive step: from what a page says or an editor typed (ArticleContent) to everything stored with it
// (citations, sources, quotes, word count, folded headline columns, search text) and the content hash
// that covers all of it. Pure. The page parser and the editorial mutations both go through here, so an
// edited article stores exactly what importing the same text would.
import { createHash } from 'node:crypto';
import { collectPersons, findCitations, sourceSlug } from './citations.js';
import { extractQuotes } from './quotes.js';
import { slugOrFallback } from './slug.js';
import { sourceKey, sourceKind } from './source-kinds.js';
import { countWords, normaliseLine } from './text.js';
import type { ArticleContent, DerivedArticle, ParsedParagraph, ParsedSourceRef } from './types.js';

/**
 * Lower-cased with accents removed, for matching that is case- and accent-insensitive in any script
 * (`Zürich` → `zurich`, `ΑΘΉΝΑ` → `αθηνα`). SQLite's LIKE and NOCASE fold ASCII only, so the writer stores
 * this next to the headline and `headlineContains` compares folded text on both sides.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/\s+/g, ' ')
    .normalize('NFC');
}

/**
 * The key a related link's title and a headline are compared on: folded, every run of characters that
 * are neither letters nor digits made one space, so quotes, dashes and punctuation never decide a match.
 */
export function titleKeyOf(text: string): string {
  return foldText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * `foldText`, with LIKE's special characters swapped for private-use characters: the wildcards `%` and `_`
 * (Prisma's `contains` is a LIKE without an ESCAPE clause, so a `%` typed by a reader would match anything)
 * and `\`, PostgreSQL's default LIKE escape. Both the stored column and the reader's text go through this,
 * so each matches only itself, on either database.
 */
export function foldForContains(text: string): string {
  return foldText(text).replace(/%/g, '\uE025').replace(/_/g, '\uE05F').replace(/\\/g, '\uE05C');
}

/** The headline columns stored with every article. */
export function headlineColumns(headline: string): { headlineFolded: string; headlineKey: string } {
  return { headlineFolded: foldForContains(headline), headlineKey: titleKeyOf(headline) };
}

/** Paragraphs are joined with newlines in the search row, so a highlight splits back into paragraphs. */
export const SEARCH_BODY_SEPARATOR = '\n';

/** The search row's body: line i is paragraph position i + 1 (an empty line for a missing position). */
export function searchBodyOf(paragraphs: readonly { position: number; text: string }[]): string {
  const lines: string[] = [];
  for (const p of paragraphs) lines[p.position - 1] = p.text.replace(/[\r\n]+/g, ' ');
  return Array.from(lines, (line) => line ?? '').join(SEARCH_BODY_SEPARATOR);
}

/**
 * Normalises the content (NFC, one line each, spacing collapsed) and derives the rest. `lines` gives each
 * paragraph's line in the source page, for error messages; without it the paragraph number is used.
 */
export function deriveArticle(content: ArticleContent, lines?: readonly number[]): DerivedArticle {
  const headline = normaliseLine(content.headline);
  const texts = content.paragraphs.map(normaliseLine);
  // Names introduced with a title anywhere in the article (`President Xi Jinping`) are people, not sources.
  const persons = collectPersons([headline, ...texts]);
  const sources = new Map<string, ParsedSourceRef>();
  const paragraphs: ParsedParagraph[] = texts.map((text, n) => {
    const citations = findCitations(text, { persons });
    // Sources come out in first-citation order, once each, however their names are written.
    for (const c of citations) {
      const key = sourceKey(c.source.name) || sourceSlug(c.source.name);
      if (!sources.has(key)) sources.set(key, c.source);
    }
    return { position: n + 1, text, citations, line: lines?.[n] ?? n + 1 };
  });
  const section = normaliseLine(content.section);
  const derived: Omit<DerivedArticle, 'contentHash'> = {
    slug: content.slug,
    headline,
    section: { name: section, slug: slugOrFallback(section, 'section') },
    dateline: content.dateline === null ? null : normaliseLine(content.dateline),
    publishedAt: content.publishedAt,
    paragraphs,
    sources: [...sources.values()],
    relatedLinks: content.relatedLinks.map((l, i) => ({
      position: i + 1,
      title: normaliseLine(l.title),
      url: l.url,
    })),
    wordCount: paragraphs.reduce((sum, p) => sum + countWords(p.text), 0),
    quotes: extractQuotes(paragraphs),
  };
  return { ...derived, contentHash: contentHashOf(derived) };
}

/**
 * A fingerprint of everything stored for an article: its content and every derived row and column. A
 * re-import of an unchanged page writes nothing; a change to any derivation rule (citations, quotes,
 * source kinds, folding) changes the hash, so the next import or `npm run rederive` rewrites the article.
 */
export function contentHashOf(article: Omit<DerivedArticle, 'contentHash'>): string {
  const canonical = JSON.stringify({
    slug: article.slug,
    headline: article.headline,
    headlineColumns: headlineColumns(article.headline),
    section: article.section,
    dateline: article.dateline,
    publishedAt: article.publishedAt.toISOString(),
    wordCount: article.wordCount,
    paragraphs: article.paragraphs.map((p) => [
      p.position,
      p.text,
      p.citations.map((c) => [c.source.slug, c.phrase, c.start, c.end]),
    ]),
    sources: article.sources.map((s) => [s.slug, s.name, sourceKind(s.name)]),
    quotes: article.quotes.map((q) => [q.paragraphPosition, q.start, q.end, q.text, q.speaker]),
    relatedLinks: article.relatedLinks.map((l) => [l.position, l.title, titleKeyOf(l.title), l.url]),
    searchBody: searchBodyOf(article.paragraphs),
  });
  return createHash('sha256').update(canonical).digest('hex');
}
