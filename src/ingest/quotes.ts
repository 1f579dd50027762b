// Extracts direct quotations from an article's paragraphs and attributes each to a speaker (docs/quotes.md).

import { alternation, NAMING_WORDS, SPEECH_VERBS, TITLE_MINOR_WORDS } from './lexicon.js';
import {
  isAbbreviation,
  type NameMention,
  type PhraseMatch,
  resolveName,
  resolveRole,
  type SpeakerPhrase,
  subjectAfter,
  subjectBefore,
  type Token,
  titledNames,
  tokenize,
} from './person-names.js';

export interface ExtractedQuote {
  /** 1-based position of the paragraph the quote is in. */
  paragraphPosition: number;
  /** The quotation without its quote marks, exactly as in the paragraph: `text === paragraph.slice(start, end)`. */
  text: string;
  start: number;
  end: number;
  /** Resolved full name (or organisation as written), or null when no one can be attributed. */
  speaker: string | null;
}

/** Opening mark → the marks that close it. `„` closes with `“` (German) or `”` (Polish). */
const CLOSERS: Readonly<Record<string, string>> = { '"': '"', '“': '”', '«': '»', '„': '“”' };

// Words right before a quoted phrase that make it a name being mentioned, not words being reported.
const NAMING_CONTEXT = new RegExp(`${alternation(NAMING_WORDS)}$`, 'iu');

const MAX_TITLE_WORDS = 5;

interface Span {
  /** Offset of the opening mark. */
  open: number;
  /** Offset of the closing mark, or the paragraph length when the quote runs on. */
  close: number;
  /** Just past the closing mark. */
  markEnd: number;
  textStart: number;
  textEnd: number;
  runsOn: boolean;
}

function firstCharIndex(text: string): number {
  return text.length - text.trimStart().length;
}

function startsWithOpener(text: string): boolean {
  return text.trimStart().charAt(0) in CLOSERS;
}

/** The closing mark for the opener at `open`, honouring nesting of the same curly pair. */
function findClose(text: string, open: number): number {
  const opener = text.charAt(open);
  const closers = CLOSERS[opener] ?? '';
  // Straight quotes cannot nest: the next one closes. `„` reuses `“` as a closer, so it cannot nest either.
  const nests = opener !== '"' && opener !== '„';
  let depth = 0;
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charAt(i);
    if (closers.includes(c)) {
      if (depth === 0) return i;
      depth--;
    } else if (nests && c === opener) {
      depth++;
    }
  }
  return -1;
}

/**
 * Quote-mark spans in reading order. An opening mark with no close runs to the paragraph end only when it
 * opens the paragraph or the next paragraph opens with a quote mark (the multi-paragraph convention);
 * otherwise it is a stray mark and is skipped.
 */
function findSpans(text: string, nextOpensWithQuote: boolean): Span[] {
  const spans: Span[] = [];
  let i = 0;
  while (i < text.length) {
    if (!(text.charAt(i) in CLOSERS)) {
      i++;
      continue;
    }
    const close = findClose(text, i);
    if (close >= 0) {
      spans.push(trimSpan(text, { open: i, close, markEnd: close + 1, runsOn: false }));
      i = close + 1;
      continue;
    }
    if (i === firstCharIndex(text) || nextOpensWithQuote) {
      spans.push(trimSpan(text, { open: i, close: text.length, markEnd: text.length, runsOn: true }));
      break;
    }
    i++;
  }
  return spans;
}

/** Drop surrounding spaces and a trailing comma, which belongs to the attribution sentence, not the speaker. */
function trimSpan(text: string, s: Omit<Span, 'textStart' | 'textEnd'>): Span {
  let a = s.open + 1;
  let b = s.close;
  while (a < b && /\s/u.test(text.charAt(a))) a++;
  while (b > a && /[\s,]/u.test(text.charAt(b - 1))) b--;
  return { ...s, textStart: a, textEnd: b };
}

/** Why a quoted span is not a quotation, or null when it is one. */
function rejection(text: string, span: Span): string | null {
  const words = text
    .slice(span.textStart, span.textEnd)
    .split(/\s+/u)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((w) => w.length > 0);
  if (words.length < 2) return 'fewer than two words';
  if (NAMING_CONTEXT.test(text.slice(0, span.open).trimEnd())) return 'a name being mentioned';
  const titleCased =
    words.length <= MAX_TITLE_WORDS &&
    /^[\p{Lu}\p{N}]/u.test(words[0] ?? '') &&
    words.every((w) => /^[\p{Lu}\p{N}]/u.test(w) || TITLE_MINOR_WORDS.has(w));
  if (titleCased) return 'a title or name';
  return null;
}

/**
 * The paragraph with each quotation (marks included) replaced by `#`, so attribution patterns never match
 * words inside a quote. A quotation that ends a sentence keeps a full stop for the sentence splitter.
 */
function maskQuotes(text: string, spans: readonly Span[]): string {
  const chars = text.split('');
  for (const s of spans) {
    for (let i = s.open; i < s.markEnd; i++) chars[i] = '#';
    const endsSentence = /[.!?]$/u.test(text.slice(s.open + 1, s.close).trimEnd());
    if (!s.runsOn && endsSentence && /^\s+[\p{Lu}"“«„]/u.test(text.slice(s.markEnd)))
      chars[s.markEnd - 1] = '.';
  }
  return chars.join('');
}

/** Offsets at which sentences start. */
function sentenceStarts(masked: string): number[] {
  const starts = [0];
  for (const m of masked.matchAll(/[.!?]+["”’»)]*\s+(?=[\p{Lu}\p{N}#"“«„])/gu)) {
    const word = /\S+$/u.exec(masked.slice(0, m.index + 1))?.[0] ?? '';
    if (!word.startsWith('#') && isAbbreviation(word)) continue;
    starts.push(m.index + m[0].length);
  }
  return starts;
}

interface Attribution {
  kind: 'verb' | 'according';
  start: number;
  end: number;
  sentence: number;
  phrase: SpeakerPhrase;
  speaker: string | null;
}

function isMaskToken(t: Token | undefined): boolean {
  return !!t && t.raw.includes('#');
}

/** Every `X said`, `"…," said X` and `according to X` in the masked paragraph, in reading order. */
function findAttributions(masked: string, sentenceOf: (offset: number) => number): Attribution[] {
  const tokens = tokenize(masked);
  const found: Attribution[] = [];
  const add = (kind: Attribution['kind'], m: PhraseMatch | null, start: number, end: number) => {
    if (m) found.push({ kind, start, end, sentence: sentenceOf(start), phrase: m.phrase, speaker: null });
  };
  tokens.forEach((t, v) => {
    // Capitalised `States`, `Says` etc. are names (`the United States`), not verbs.
    if (!/^\p{Ll}/u.test(t.core)) return;
    if (t.core === 'according' && tokens[v + 1]?.core === 'to') {
      const m = subjectAfter(tokens, v + 2, masked, false);
      add('according', m, t.coreStart, m?.end ?? 0);
      return;
    }
    if (!SPEECH_VERBS.has(t.core)) return;
    const before = subjectBefore(tokens, v, masked);
    if (before) {
      add('verb', before, before.start, t.coreEnd);
      return;
    }
    // Inverted order (`"…," said Xi`) only straight after a quotation or a comma, so that in
    // `Xi said China-Russia relations` the capitalised word after the verb is not taken as the speaker.
    const prev = tokens[v - 1];
    if (prev && (isMaskToken(prev) || prev.raw.endsWith(','))) {
      const m = subjectAfter(tokens, v + 1, masked, true);
      add('verb', m, t.coreStart, m?.end ?? 0);
    }
  });
  return found;
}

/** Pick the attribution that speaks a quotation, by the tiers in docs/quotes.md. */
function chooseAttribution(
  span: Span,
  sentence: number,
  events: readonly Attribution[],
  masked: string,
): Attribution | null {
  const gap = (a: number, b: number, pattern: RegExp) => a <= b && pattern.test(masked.slice(a, b));
  const punctuationOnly = /^[\s,;:—–-]*$/u;
  const trailing = events.find((e) => gap(span.markEnd, e.start, punctuationOnly));
  if (trailing) return trailing;
  const leading = events.filter(
    (e) => e.kind === 'verb' && gap(e.end, span.open, /^[\s,;:—–-]*(?:that\s*)?$/iu),
  );
  if (leading.length > 0) return leading[leading.length - 1] ?? null;
  const verbs = events.filter((e) => e.kind === 'verb');
  const precedingIn = (list: readonly Attribution[]) => list.filter((e) => e.end <= span.open).at(-1);
  const followingIn = (list: readonly Attribution[]) => list.find((e) => e.start >= span.markEnd);
  const sameSentence = verbs.filter((e) => e.sentence === sentence);
  const according = events.filter((e) => e.kind === 'according' && e.sentence === sentence);
  return (
    precedingIn(sameSentence) ??
    followingIn(sameSentence) ??
    according[0] ??
    precedingIn(verbs) ??
    followingIn(verbs) ??
    null
  );
}

interface Pending extends ExtractedQuote {
  chain: number;
}

/** Any opening quotation mark: without one in the article there is nothing to extract. */
const ANY_OPENER = new RegExp(`[${Object.keys(CLOSERS).join('')}]`, 'u');

export function extractQuotes(paragraphs: readonly { position: number; text: string }[]): ExtractedQuote[] {
  // Speaker resolution reads every paragraph, which costs as much as the rest of the derive step: skip it
  // for the many articles that quote no one.
  if (!paragraphs.some((p) => ANY_OPENER.test(p.text))) return [];
  const ordered = [...paragraphs].sort((a, b) => a.position - b.position);
  const mentions: NameMention[] = [];
  // The person the most recent speech verb named; `he`/`she` refer to them.
  let lastSpeaker: string | null = null;
  const out: Pending[] = [];
  let runningChain: number | null = null;
  let chains = 0;

  ordered.forEach((para, p) => {
    const { text } = para;
    const next = ordered[p + 1];
    const spans = findSpans(text, next ? startsWithOpener(next.text) : false).filter(
      (s) => rejection(text, s) === null,
    );
    const masked = maskQuotes(text, spans);
    const starts = sentenceStarts(masked);
    const sentenceOf = (offset: number) => starts.filter((s) => s <= offset).length - 1;
    const events = findAttributions(masked, sentenceOf);

    // Interleave title mentions with attributions so each speaker resolves only against earlier names.
    const titled = titledNames(tokenize(text));
    let t = 0;
    const mentionsBefore = (offset: number) => {
      for (; t < titled.length && (titled[t]?.start ?? Infinity) < offset; t++) {
        const m = titled[t]?.mention;
        if (m) mentions.push(m);
      }
    };
    for (const e of events) {
      mentionsBefore(e.end);
      e.speaker = resolveSpeaker(e.phrase, mentions, lastSpeaker);
      if (e.kind === 'verb' && e.phrase.kind !== 'group' && e.speaker !== null) lastSpeaker = e.speaker;
      if (e.phrase.kind === 'person' && e.phrase.nameTokens.length >= 2) {
        mentions.push({ name: e.phrase.nameTokens.join(' '), tokens: e.phrase.nameTokens, titleKeys: [] });
      }
    }
    mentionsBefore(Infinity);

    const continues = runningChain !== null && startsWithOpener(text);
    spans.forEach((s, i) => {
      const chain = i === 0 && continues && s.open === firstCharIndex(text) ? (runningChain ?? 0) : ++chains;
      const event = chooseAttribution(s, sentenceOf(s.open), events, masked);
      out.push({
        paragraphPosition: para.position,
        text: text.slice(s.textStart, s.textEnd),
        start: s.textStart,
        end: s.textEnd,
        speaker: event?.speaker ?? null,
        chain,
      });
    });
    const last = spans[spans.length - 1];
    const lastQuote = out[out.length - 1];
    runningChain = last?.runsOn && lastQuote ? lastQuote.chain : null;
  });

  // A quotation running over several paragraphs is usually attributed once, in its first or last part.
  const chainSpeaker = new Map<number, string>();
  for (const q of out) {
    if (q.speaker !== null && !chainSpeaker.has(q.chain)) chainSpeaker.set(q.chain, q.speaker);
  }
  return out.map(({ chain, ...q }) => ({ ...q, speaker: q.speaker ?? chainSpeaker.get(chain) ?? null }));
}

function resolveSpeaker(
  phrase: SpeakerPhrase,
  mentions: readonly NameMention[],
  lastSpeaker: string | null,
): string | null {
  switch (phrase.kind) {
    case 'pronoun':
      return lastSpeaker ?? onlyPerson(mentions);
    case 'person':
      return resolveName(phrase.nameTokens, mentions);
    case 'role':
      return (phrase.definite ? resolveRole(phrase.key, mentions) : null) ?? phrase.written;
    case 'group':
      return phrase.written;
  }
}

/** With no earlier speaker, a pronoun can still only mean the one person the article has named. */
function onlyPerson(mentions: readonly NameMention[]): string | null {
  const people = new Set(mentions.filter((m) => m.tokens.length >= 2).map((m) => m.name));
  const [only] = people;
  return people.size === 1 && only ? only : null;
}
