// Highlight marks where SQLite FTS5's highlight() puts them, for a database that marks every matching word
// on its own (PostgreSQL's ts_headline): a phrase is marked as one span where its words stand in order,
// and a word searched for only inside a phrase is not marked where it stands alone.
import { foldText } from '../ingest/derive.js';
import { MATCH_CLOSE, MATCH_OPEN, searchWords } from './fts-query.js';

interface Mark {
  /** Index of MATCH_OPEN. */
  open: number;
  /** Index just past MATCH_CLOSE. */
  end: number;
  word: string;
}

const MARK = new RegExp(`${MATCH_OPEN}([^${MATCH_OPEN}${MATCH_CLOSE}]*)${MATCH_CLOSE}`, 'gu');

const unmarked = (text: string) => text.split(MATCH_OPEN).join('').split(MATCH_CLOSE).join('');

/** `highlighted` with its marks grouped by the query's units (each a word or a phrase, as searched for). */
export function markPhrases(highlighted: string, units: readonly (readonly string[])[]): string {
  const marks: Mark[] = [...highlighted.matchAll(MARK)].map((m) => ({
    open: m.index,
    end: m.index + m[0].length,
    word: foldText(m[1] ?? ''),
  }));
  const folded = units.map((unit) => unit.map(foldText));
  const words = new Set(folded.filter((u) => u.length === 1).map((u) => u[0]));
  const phrases = folded.filter((u) => u.length > 1).sort((a, b) => b.length - a.length);
  const inPhrases = new Set(phrases.flat());
  // Two marks are neighbours when only separators (no word) stand between them.
  const adjacent = (a: Mark, b: Mark) => searchWords(highlighted.slice(a.end, b.open)).length === 0;
  const phraseAt = (i: number): number => {
    for (const phrase of phrases) {
      const run = marks.slice(i, i + phrase.length);
      if (
        run.length === phrase.length &&
        run.every((m, k) => m.word === phrase[k] && (k === 0 || adjacent(run[k - 1] as Mark, m)))
      )
        return phrase.length;
    }
    return 0;
  };

  let out = '';
  let at = 0;
  for (let i = 0; i < marks.length; ) {
    const first = marks[i] as Mark;
    const length = phraseAt(i);
    const last = marks[i + Math.max(length, 1) - 1] as Mark;
    out += highlighted.slice(at, first.open);
    const text = unmarked(highlighted.slice(first.open, last.end));
    // A word the query has on its own, or one folded differently from ours (kept rather than lost).
    const keep = length > 0 || words.has(first.word) || !inPhrases.has(first.word);
    out += keep ? `${MATCH_OPEN}${text}${MATCH_CLOSE}` : text;
    at = last.end;
    i += Math.max(length, 1);
  }
  return out + highlighted.slice(at);
}
