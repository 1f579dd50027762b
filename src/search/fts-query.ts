// Turns a reader's search box text into safe search terms (and SQLite's FTS5 form of them), and
// highlighted text into snippets.
import { escapeHtml } from '../html.js';

/** Longer queries are refused with BAD_USER_INPUT: no honest search needs more. */
export const MAX_SEARCH_QUERY_LENGTH = 500;
/** Words and phrases beyond this many are ignored, which bounds the cost of one MATCH. */
export const MAX_SEARCH_TERMS = 32;

// Letters, digits and combining marks: what SQLite's unicode61 tokenizer keeps inside a token.
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

export interface FtsQuery {
  /** The FTS5 MATCH expression: every word and phrase is a double-quoted string, all required (AND). */
  match: string;
  /** The words and phrases searched for, as the reader typed them (for messages and tests). */
  terms: string[];
  /** The same, as words: a phrase is several words in order. Providers other than SQLite use these. */
  units: string[][];
}

/** A text's words as search sees them (FTS5 unicode61's tokens); the PostgreSQL vector is built from these. */
export function searchWords(text: string): string[] {
  return text.match(WORD) ?? [];
}

function quoted(words: readonly string[]): string {
  // Words hold no `"` (WORD excludes it), so wrapping in quotes is the whole escaping needed.
  return `"${words.join(' ')}"`;
}

/**
 * Text between a balanced pair of double quotes is a phrase; everything else is plain words. No FTS5
 * syntax survives: `AND`, `NEAR`, `*`, `-`, `^`, `:` and parentheses are just words or separators.
 * Returns null when nothing searchable is left (only punctuation or emoji).
 */
export function toFtsQuery(input: string): FtsQuery | null {
  const parts = input.split('"');
  // An odd count of `"` leaves the last one unmatched: what follows it is read as plain words.
  const unmatchedTail = parts.length % 2 === 0 ? parts.length - 1 : -1;
  const units: string[][] = [];
  parts.forEach((part, i) => {
    const words = searchWords(part);
    const isPhrase = i % 2 === 1 && i !== unmatchedTail;
    if (isPhrase) {
      if (words.length > 0) units.push(words);
    } else {
      for (const word of words) units.push([word]);
    }
  });
  const kept = units.slice(0, MAX_SEARCH_TERMS);
  if (kept.length === 0) return null;
  return { match: kept.map(quoted).join(' '), terms: kept.map((u) => u.join(' ')), units: kept };
}

/** Private-use characters FTS5's highlight() wraps matches in; replaced by <mark> in snippets. */
export const MATCH_OPEN = '\uE000';
export const MATCH_CLOSE = '\uE001';

const SNIPPET_BEFORE = 60;
const SNIPPET_LENGTH = 200;

/**
 * A window of about SNIPPET_LENGTH characters around the first match of a highlighted text, cut at word
 * boundaries, as HTML: the text escaped, matches wrapped in `<mark>…</mark>`, `…` where text was cut.
 * Returns null when the text has no match.
 */
export function snippetOf(highlighted: string): string | null {
  const first = highlighted.indexOf(MATCH_OPEN);
  if (first < 0) return null;
  let start = Math.max(0, first - SNIPPET_BEFORE);
  if (start > 0) {
    const space = highlighted.indexOf(' ', start);
    start = space >= 0 && space < first ? space + 1 : first;
  }
  let end = Math.min(highlighted.length, start + SNIPPET_LENGTH);
  // Never cut a match in two.
  const open = highlighted.lastIndexOf(MATCH_OPEN, end - 1);
  const close = highlighted.lastIndexOf(MATCH_CLOSE, end - 1);
  if (open > close) end = highlighted.indexOf(MATCH_CLOSE, open) + 1;
  if (end < highlighted.length) {
    const space = highlighted.lastIndexOf(' ', end);
    if (space > first) end = space;
  }
  const body = escapeHtml(highlighted.slice(start, end).trim())
    .split(MATCH_OPEN)
    .join('<mark>')
    .split(MATCH_CLOSE)
    .join('</mark>');
  return `${start > 0 ? '…' : ''}${body}${end < highlighted.length ? '…' : ''}`;
}
