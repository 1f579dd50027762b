// Name heuristics for quote attribution: tokens, titles, speaker phrases and earlier-name resolution.

import {
  ABBREVIATIONS,
  DETERMINERS,
  GROUP_WORDS,
  MONTHS,
  NAME_PARTICLES,
  NAME_STOPWORDS,
  SPEAKER_PRONOUNS,
  SPEAKER_TITLES,
  SPEECH_VERB_ADVERBS,
  WEEKDAYS,
} from './lexicon.js';

export interface Token {
  /** The whitespace-delimited chunk as it stands in the text. */
  raw: string;
  start: number;
  end: number;
  /** `raw` without surrounding punctuation or a possessive `'s`, e.g. `China's,` → `China`. */
  core: string;
  coreStart: number;
  coreEnd: number;
  /** A clause ends after this token (comma, colon, full stop that is not an abbreviation...). */
  endsClause: boolean;
  possessive: boolean;
}

/** A person named with a title or in a name-like position, in reading order. */
export interface NameMention {
  name: string;
  tokens: readonly string[];
  /** Lower-cased title keys this person was introduced with, e.g. `president`, `prime minister`. */
  titleKeys: readonly string[];
}

/** Who a speech verb's subject (or `according to` object) refers to, before resolution. */
export type SpeakerPhrase =
  | { kind: 'pronoun'; written: string }
  | { kind: 'person'; written: string; nameTokens: string[] }
  | { kind: 'role'; written: string; key: string; definite: boolean }
  | { kind: 'group'; written: string };

export interface PhraseMatch {
  phrase: SpeakerPhrase;
  start: number;
  end: number;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const CAPITALISED = /^\p{Lu}/u;
const ALL_CAPS = /^[\p{Lu}\p{N}]{2,}$/u;

// Capitalised words never part of a speaker's name. `May` is left out of the months: it is also a name.
const CAPITAL_STOPWORDS: ReadonlySet<string> = new Set([
  ...NAME_STOPWORDS,
  ...WEEKDAYS,
  ...[...MONTHS].filter((m) => m !== 'may'),
]);

/** A word whose full stop does not end a sentence: `Mr.`, `Dr.`, an initial `S.`, `U.S.`. */
export function isAbbreviation(word: string): boolean {
  const core = word.replace(/\.$/u, '');
  return ABBREVIATIONS.has(core.toLowerCase()) || /^\p{Lu}$/u.test(core) || core.includes('.');
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/\S+/gu)) {
    const raw = m[0];
    const start = m.index;
    let s = 0;
    let e = raw.length;
    while (s < e && !WORD_CHAR.test(raw.charAt(s))) s++;
    while (e > s && !WORD_CHAR.test(raw.charAt(e - 1))) e--;
    let core = raw.slice(s, e);
    const trailing = raw.slice(e);
    let possessive = false;
    if (/['’]s$/u.test(core) && core.length > 2) {
      core = core.slice(0, -2);
      possessive = true;
    } else if (/^['’]/u.test(trailing) && /s$/u.test(core)) {
      // Plural possessive (`leaders'`).
      possessive = true;
    }
    const endsClause = /[,;:!?)]/u.test(trailing) || (trailing.includes('.') && !isAbbreviation(core));
    tokens.push({
      raw,
      start,
      end: start + raw.length,
      core,
      coreStart: start + s,
      coreEnd: start + s + core.length,
      endsClause,
      possessive,
    });
  }
  return tokens;
}

const lower = (t: Token): string => t.core.toLowerCase();

export function isTitleHead(t: Token): boolean {
  return SPEAKER_TITLES.has(lower(t));
}

function isGroupWord(t: Token): boolean {
  return GROUP_WORDS.has(lower(t));
}

/** A capitalised word that can be part of a name (not a sentence-opening or calendar word). */
function isNameWord(t: Token): boolean {
  return CAPITALISED.test(t.core) && !CAPITAL_STOPWORDS.has(lower(t));
}

function isPronoun(t: Token): boolean {
  return SPEAKER_PRONOUNS.has(lower(t)) && !t.possessive;
}

/**
 * Names introduced by a title or role noun: `President Xi Jinping`, `his Russian counterpart Vladimir
 * Putin`, `Kremlin spokesman Dmitry Peskov`. Returns each name with its token offset in `text`.
 */
export function titledNames(tokens: readonly Token[]): { mention: NameMention; start: number }[] {
  const out: { mention: NameMention; start: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const head = tokens[i];
    if (!head || !isTitleHead(head) || head.endsClause || head.possessive) continue;
    const name: Token[] = [];
    // `Secretary of State Antony Blinken`: the office's own `of X` is not part of the name.
    const ofOffice = tokens[i + 1]?.core === 'of' && !tokens[i + 2]?.endsClause;
    for (let j = ofOffice ? i + 3 : i + 1; j < tokens.length && name.length < 4; j++) {
      const t = tokens[j];
      if (!t) break;
      const particle = NAME_PARTICLES.has(t.core) && name.length > 0;
      if (!particle && (!isNameWord(t) || isTitleHead(t) || isGroupWord(t))) break;
      name.push(t);
      if (t.endsClause || t.possessive) break;
    }
    while (name.length > 0 && NAME_PARTICLES.has(name[name.length - 1]?.core ?? '')) name.pop();
    const first = name[0];
    if (!first) continue;
    const keys = [lower(head)];
    const prev = tokens[i - 1];
    if (prev && !prev.endsClause && !prev.possessive && /^\p{L}/u.test(prev.core)) {
      keys.push(`${lower(prev)} ${lower(head)}`);
    }
    const words = name.map((t) => t.core);
    out.push({ mention: { name: words.join(' '), tokens: words, titleKeys: keys }, start: first.coreStart });
  }
  return out;
}

/** Classify the tokens of a speaker phrase (`China's President Xi Jinping`, `the ministry`, `he`). */
export function classifyPhrase(phraseTokens: readonly Token[], text: string): SpeakerPhrase | null {
  const first = phraseTokens[0];
  const last = phraseTokens[phraseTokens.length - 1];
  if (!first || !last) return null;
  const written = text.slice(first.coreStart, last.coreEnd);
  if (phraseTokens.length === 1 && isPronoun(first)) return { kind: 'pronoun', written };
  const hasDeterminer = DETERMINERS.has(lower(first));
  const rest = hasDeterminer ? phraseTokens.slice(1) : [...phraseTokens];
  if (rest.length === 0) return null;
  // Sentence-initial `The` is the same determiner as `the`; normalise so the same speaker compares equal.
  const writtenNorm = hasDeterminer ? `${lower(first)}${written.slice(first.core.length)}` : written;

  let head = -1;
  rest.forEach((t, i) => {
    if (isTitleHead(t)) head = i;
  });
  if (head >= 0 && head < rest.length - 1) {
    const nameTokens = rest.slice(head + 1);
    if (nameTokens.every((t, i) => isNameWord(t) || (i > 0 && NAME_PARTICLES.has(t.core)))) {
      return { kind: 'person', written, nameTokens: nameTokens.map((t) => t.core) };
    }
    return null;
  }
  if (rest.some(isGroupWord)) return { kind: 'group', written: writtenNorm };
  if (head === rest.length - 1) {
    const headTok = rest[head];
    const before = rest[head - 1];
    if (!headTok) return null;
    const key =
      before && !before.possessive && /^\p{L}/u.test(before.core)
        ? `${lower(before)} ${lower(headTok)}`
        : lower(headTok);
    return { kind: 'role', written: writtenNorm, key, definite: !hasDeterminer || lower(first) === 'the' };
  }
  // A determiner before capitalised words that are neither a title nor an organisation (`The Hague`) is
  // not a speaker we can name.
  if (hasDeterminer) return null;
  // `Russia's Putin`: the possessive names a country, not part of the person's name.
  let from = 0;
  rest.forEach((t, i) => {
    if (t.possessive && i < rest.length - 1) from = i + 1;
  });
  const nameTokens = rest.slice(from);
  const only = nameTokens[0];
  if (nameTokens.length === 1 && only && ALL_CAPS.test(only.core)) return { kind: 'group', written };
  if (
    nameTokens.length > 4 ||
    !nameTokens.every((t, i) => isNameWord(t) || (i > 0 && NAME_PARTICLES.has(t.core)))
  ) {
    return null;
  }
  return { kind: 'person', written, nameTokens: nameTokens.map((t) => t.core) };
}

/** Whether the token can belong to a speaker phrase when read right to left. */
function acceptsBackward(t: Token, collected: readonly Token[]): boolean {
  if (isNameWord(t) || isTitleHead(t) || isGroupWord(t)) return true;
  const next = collected[0];
  return NAME_PARTICLES.has(t.core) && !!next && CAPITALISED.test(next.core) && lower(t) !== 'the';
}

/** The speaker phrase that ends at token `i` (the word before a speech verb), read right to left. */
function phraseEndingAt(tokens: readonly Token[], i: number, text: string): PhraseMatch | null {
  const end = tokens[i];
  if (!end) return null;
  if (isPronoun(end))
    return { phrase: { kind: 'pronoun', written: end.core }, start: end.coreStart, end: end.coreEnd };
  const collected: Token[] = [];
  let j = i;
  for (; j >= 0; j--) {
    const t = tokens[j];
    if (!t || (j < i && t.endsClause)) break;
    if (!acceptsBackward(t, collected) || (j < i && t.possessive && !CAPITALISED.test(t.core))) break;
    collected.unshift(t);
    if (t.possessive && j < i) {
      j--;
      break;
    }
  }
  // `Xi and Putin said`: a joint statement has no single speaker, so keep both names as written.
  const and = tokens[j];
  const other = tokens[j - 1];
  if (collected.length > 0 && and?.core === 'and' && other && !other.endsClause && isNameWord(other)) {
    let from = other;
    for (let k = j - 2; k >= 0; k--) {
      const t = tokens[k];
      if (!t || t.endsClause || !isNameWord(t)) break;
      from = t;
    }
    const written = text.slice(from.coreStart, end.coreEnd);
    return { phrase: { kind: 'group', written }, start: from.coreStart, end: end.coreEnd };
  }
  // Lower-case descriptors count only when a determiner closes them off (`the commerce minister`).
  const pending: Token[] = [];
  for (let k = j; k >= 0 && pending.length < 3; k--) {
    const t = tokens[k];
    if (!t || t.endsClause) break;
    if (DETERMINERS.has(lower(t)) || (t.possessive && pending.length + collected.length > 0)) {
      if (collected.length === 0 && pending.length === 0) break;
      collected.unshift(...pending);
      collected.unshift(t);
      if (t.possessive) {
        const det = tokens[k - 1];
        if (det && !det.endsClause && DETERMINERS.has(lower(det))) collected.unshift(det);
      }
      break;
    }
    if (!/^\p{Ll}/u.test(t.core) || pending.length >= 2) break;
    pending.unshift(t);
  }
  const opener = (): string => collected[0]?.core ?? '';
  while (collected.length > 1 && NAME_PARTICLES.has(opener()) && !DETERMINERS.has(opener()))
    collected.shift();
  const phrase = classifyPhrase(collected, text);
  const first = collected[0];
  if (!phrase || !first) return null;
  return { phrase, start: first.coreStart, end: end.coreEnd };
}

/**
 * The subject of the speech verb at `verb`: `Xi said`, `the ministry said`, `Smith, the CEO, said`,
 * `the company's chief executive, Jane Doe, said`.
 */
export function subjectBefore(tokens: readonly Token[], verb: number, text: string): PhraseMatch | null {
  let i = verb - 1;
  for (let skipped = 0; skipped < 2; skipped++) {
    const t = tokens[i];
    if (!t || t.endsClause || !SPEECH_VERB_ADVERBS.has(lower(t))) break;
    i--;
  }
  const last = tokens[i];
  if (!last) return null;
  if (last.endsClause) {
    if (!last.raw.endsWith(',')) return null;
    // An appositive between commas: either it describes the subject before it, or it is the name itself.
    for (let j = i - 1; j >= Math.max(0, i - 10); j--) {
      const t = tokens[j];
      if (!t?.endsClause) continue;
      const opener = tokens[j + 1];
      if (!t.raw.endsWith(',') || !opener) return null;
      const describes = DETERMINERS.has(lower(opener)) || /^\d/u.test(opener.core) || opener.possessive;
      if (describes) return phraseEndingAt(tokens, j, text);
      return phraseEndingAt(tokens, i, text);
    }
    return null;
  }
  return phraseEndingAt(tokens, i, text);
}

/** The speaker phrase starting at token `k`, read left to right: `said Xi`, `according to the ministry`. */
export function subjectAfter(
  tokens: readonly Token[],
  k: number,
  text: string,
  allowPronoun: boolean,
): PhraseMatch | null {
  const firstTok = tokens[k];
  if (!firstTok) return null;
  if (isPronoun(firstTok)) {
    return allowPronoun
      ? {
          phrase: { kind: 'pronoun', written: firstTok.core },
          start: firstTok.coreStart,
          end: firstTok.coreEnd,
        }
      : null;
  }
  const collected: Token[] = [];
  let j = k;
  if (DETERMINERS.has(lower(firstTok)) && !firstTok.endsClause) {
    collected.push(firstTok);
    j++;
  }
  for (; j < tokens.length && collected.length < 9; j++) {
    const t = tokens[j];
    if (!t) break;
    const next = tokens[j + 1];
    const particle =
      NAME_PARTICLES.has(t.core) && collected.length > 0 && !!next && CAPITALISED.test(next.core);
    if (!particle && !isNameWord(t) && !isTitleHead(t) && !isGroupWord(t)) break;
    collected.push(t);
    if (t.endsClause) break;
  }
  const phrase = classifyPhrase(collected, text);
  const first = collected[0];
  const last = collected[collected.length - 1];
  if (!phrase || !first || !last) return null;
  return { phrase, start: first.coreStart, end: last.coreEnd };
}

/**
 * Resolve a name as written (`Xi`, `Putin`) to the one earlier full name it abbreviates (`Xi Jinping`).
 * Two or more candidates, or none, keep the name as written: guessing would mis-attribute.
 */
export function resolveName(nameTokens: readonly string[], earlier: readonly NameMention[]): string {
  const written = nameTokens.join(' ');
  const candidates = new Set<string>();
  for (const m of earlier) {
    if (m.tokens.length < 2) continue;
    if (m.name === written) return written;
    if (m.tokens.length <= nameTokens.length) continue;
    const prefix = nameTokens.every((w, i) => m.tokens[i] === w);
    const suffix = nameTokens.every((w, i) => m.tokens[m.tokens.length - nameTokens.length + i] === w);
    if (prefix || suffix) candidates.add(m.name);
  }
  const [only] = candidates;
  return candidates.size === 1 && only ? only : written;
}

/** Resolve `the President` to the one person introduced earlier with that title, if exactly one. */
export function resolveRole(key: string, earlier: readonly NameMention[]): string | null {
  const people = new Set<string>();
  for (const m of earlier) {
    if (m.titleKeys.includes(key)) people.add(resolveName(m.tokens, earlier));
  }
  const [only] = people;
  return people.size === 1 && only ? only : null;
}
