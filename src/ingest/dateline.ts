// Detects and strips the place-name dateline that may open an article's first paragraph.

export interface DatelineSplit {
  dateline: string | null;
  text: string;
}

const MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
// A capitalised place word: `Beijing`, `WASHINGTON`, `St.`, `D.C.`, `Saint-Denis`, `N'Djamena`.
const WORD = "\\p{Lu}[\\p{L}\\p{M}'’.-]*";
// Lower-case words that occur inside place names (`Rio de Janeiro`, `Frankfurt am Main`).
const GLUE = '(?:of|de|del|da|do|dos|das|la|le|el|al|am|an|upon|on|the|es|sur|en|y)';
const PLACE = `(?<place>${WORD}(?:(?:,\\s*|\\s+)(?:${GLUE}\\s+)?${WORD}){0,3})`;
const WIRE_DATE = `(?:,\\s*(?:${MONTH}\\s+\\d{1,2}(?:,?\\s*\\d{4})?|\\d{1,2}\\s+${MONTH}(?:\\s+\\d{4})?))`;
const AGENCY = '(?:\\s*\\((?<agency>[^()]{1,40})\\))';
const SEPARATOR = '(?:\\s*:|\\s*[—–]|\\s+-{1,2})';
const DATELINE = new RegExp(`^${PLACE}(?<wire>${WIRE_DATE}?${AGENCY}?)${SEPARATOR}\\s*(?=\\S)`, 'u');

/** The longest place a dateline may name, so sentences with a late colon are never mistaken for one. */
export const MAX_PLACE_LENGTH = 40;

// Capitalised labels and openers that can precede a colon or dash but are not places.
const NOT_PLACES = new Set(
  `note notes nb update updated editor editor's editors correction clarification disclaimer disclosure warning
  read also watch listen photo photos picture video image caption credit source sources reporting report
  breaking exclusive analysis opinion explainer live summary background context highlights key tags topics
  published by edited advertisement important question answer q a transcript quote translation first second
  finally step day part chapter president prime minister mr mrs ms dr sen rep gen chancellor king queen
  premier the a an this that it he she they we i in on at but and meanwhile however today yesterday
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july
  august september october november december`.split(/\s+/),
);

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
