// Detects and strips the place-name dateline that may open an article's first paragraph.

import {
  alternation,
  capitalised,
  DATELINE_STOPWORDS,
  MONTH_ABBREVIATIONS,
  MONTHS,
  PLACE_GLUE,
  WEEKDAYS,
} from './lexicon.js';

export interface DatelineSplit {
  dateline: string | null;
  text: string;
}

const MONTH = `${alternation(capitalised(MONTHS), capitalised(MONTH_ABBREVIATIONS))}\\.?`;
// A capitalised place word: `Beijing`, `WASHINGTON`, `St.`, `D.C.`, `Saint-Denis`, `N'Djamena`.
const WORD = "\\p{Lu}[\\p{L}\\p{M}'’.-]*";
const GLUE = alternation(PLACE_GLUE);
const PLACE = `(?<place>${WORD}(?:(?:,\\s*|\\s+)(?:${GLUE}\\s+)?${WORD}){0,3})`;
const WIRE_DATE = `(?:,\\s*(?:${MONTH}\\s+\\d{1,2}(?:,?\\s*\\d{4})?|\\d{1,2}\\s+${MONTH}(?:\\s+\\d{4})?))`;
const AGENCY = '(?:\\s*\\((?<agency>[^()]{1,40})\\))';
const SEPARATOR = '(?:\\s*:|\\s*[—–]|\\s+-{1,2})';
const DATELINE = new RegExp(`^${PLACE}(?<wire>${WIRE_DATE}?${AGENCY}?)${SEPARATOR}\\s*(?=\\S)`, 'u');

/** The longest place a dateline may name, so sentences with a late colon are never mistaken for one. */
export const MAX_PLACE_LENGTH = 40;

// Words that, anywhere in the place, show it is not one (`Note:`, `Monday:`), compared lower-cased.
const NOT_PLACES: ReadonlySet<string> = new Set([...DATELINE_STOPWORDS, ...WEEKDAYS, ...MONTHS]);

/**
 * Accepted: `Place: ...`, `PLACE — ...`, `Place – ...`, `Place - ...` (spaces around a hyphen are
 * required so `Xi-Putin` never splits), and wire forms `BEIJING, June 20 (Xinhua) — ...`,
 * `WASHINGTON (Reuters) - ...`, `NEW DELHI, June 20 (PTI): ...`. The place is 1–4 capitalised words
 * (commas and `of`/`de`-style glue allowed) of at most 40 characters. The wire date and agency credit
 * are dropped with the dateline. The text after the separator must not start with a lower-case letter.
 */
export function splitDateline(paragraph: string): DatelineSplit {
  const m = DATELINE.exec(paragraph);
  const place = m?.groups?.place;
  if (!m || !place) return { dateline: null, text: paragraph };
  const rest = paragraph.slice(m[0].length);
  // A dateline is followed by the start of a sentence; `Putin — who arrived ...` is an aside.
  if (place.length > MAX_PLACE_LENGTH || !/^[^\p{Ll}]/u.test(rest))
    return { dateline: null, text: paragraph };
  const words = place.split(/[\s,]+/).filter((w) => w !== '');
  if (words.some((w) => NOT_PLACES.has(w.toLowerCase().replace(/[.’]/g, (c) => (c === '’' ? "'" : ''))))) {
    return { dateline: null, text: paragraph };
  }
  // A word ending in a full stop other than an abbreviation ends a sentence: `He left. Then: ...`.
  if (words.some((w) => /\p{Ll}{3,}\.$/u.test(w))) return { dateline: null, text: paragraph };
  return { dateline: place.replace(/[\s,]+$/, ''), text: rest };
}
