// Data derived from an article at write time, kept in sync in the writer's transaction: the folded and
// normalised headline columns, the full-text search row, and the stored quotations.
import type { Prisma } from '../generated/prisma/client.js';
import { extractQuotes } from './quotes.js';
import type { ParsedArticle } from './types.js';

type Tx = Prisma.TransactionClient;

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
 * `foldText`, with LIKE's wildcards `%` and `_` swapped for private-use characters. Prisma's `contains`
 * on SQLite is a LIKE without an ESCAPE clause, so a `%` typed by a reader would match anything; both
 * the stored column and the reader's text go through this, so a `%` matches only a `%`.
 */
export function foldForContains(text: string): string {
  return foldText(text).replace(/%/g, '\uE025').replace(/_/g, '\uE05F');
}

/** The headline columns the writer stores with every article. */
export function headlineColumns(headline: string): { headlineFolded: string; headlineKey: string } {
  return { headlineFolded: foldForContains(headline), headlineKey: titleKeyOf(headline) };
}

/** Paragraphs are joined with newlines in the search row, so a highlight splits back into paragraphs. */
export const SEARCH_BODY_SEPARATOR = '\n';

/** Line i of the body is paragraph position i + 1 (an empty line for a missing position). */
function searchBody(article: ParsedArticle): string {
  const lines: string[] = [];
  for (const p of article.paragraphs) lines[p.position - 1] = p.text.replace(/[\r\n]+/g, ' ');
  return Array.from(lines, (line) => line ?? '').join(SEARCH_BODY_SEPARATOR);
}

/**
 * Rewrites the article's search row and quotations. Runs after the article and its paragraphs are
 * written, in the same transaction, so search and quotes never disagree with the stored text.
 */
export async function syncDerived(tx: Tx, articleId: number, article: ParsedArticle): Promise<void> {
  await tx.$executeRaw`DELETE FROM "ArticleSearch" WHERE rowid = ${articleId}`;
  await tx.$executeRaw`INSERT INTO "ArticleSearch" (rowid, headline, body)
    VALUES (${articleId}, ${article.headline}, ${searchBody(article)})`;

  await tx.quote.deleteMany({ where: { articleId } });
  const quotes = extractQuotes(article.paragraphs);
  if (quotes.length === 0) return;
  const paragraphs = await tx.paragraph.findMany({
    where: { articleId },
    select: { id: true, position: true },
  });
  const paragraphIds = new Map(paragraphs.map((p) => [p.position, p.id]));
  await tx.quote.createMany({
    data: quotes.map((q, i) => {
      const paragraphId = paragraphIds.get(q.paragraphPosition);
      if (paragraphId === undefined) throw new Error(`quote in missing paragraph ${q.paragraphPosition}`);
      return {
        articleId,
        paragraphId,
        position: i + 1,
        text: q.text,
        speaker: q.speaker,
        start: q.start,
        end: q.end,
      };
    }),
  });
}
