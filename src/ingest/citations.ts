// Finds cited news sources in paragraph text with a documented, data-driven table of attribution rules.

import {
  alternation,
  CITING_NOUNS,
  COUNTRIES_AND_CAPITALS,
  COUNTRY_ACRONYMS,
  capitalised,
  DOCUMENT_NOUNS,
  MEDIA_DESCRIPTORS,
  MEDIA_WORDS,
  MONTHS,
  ORGANISATION_GLUE,
  ORGANISATION_WORDS,
  PERSON_TITLES,
  REPORTING_VERB_ADVERBS,
  SOURCE_STOPWORDS,
  STATE_QUALIFIERS,
  STATEMENT_NOUNS,
  WEEKDAYS,
} from './lexicon.js';
import { fnv1a } from './slug.js';
import { isKnownOutlet, isOutletKind, sourceKey, sourceKind } from './source-kinds.js';
import { foldApostrophes } from './text.js';
import type { ParsedCitation } from './types.js';

/**
 * How much evidence a rule needs before its name counts as a source:
 * - `media`: the name is a news outlet (curated outlet, acronym, media word such as `Times`/`News`/`TV`,
 *   or described as `state media`/`news agency`). Used where a person is equally likely (`told X`).
 * - `strong`: any organisation (media evidence, government body, or an organisation word such as
 *   `Ministry`, `Institute`, `Committee`).
 * - `weak`: strong evidence, or a lone capitalised word that is not a known person in the article and
 *   not a common sentence word (`Interfax reported`, but not `Putin reported` when Putin is a person).
 */
export type Evidence = 'media' | 'strong' | 'weak';

export interface CitationRule {
  /** Stable id, stored in `ParsedCitation.rule`. */
  name: string;
  description: string;
  /** A sentence this rule cites from; the docs and tests use it. */
  example: string;
  /** What the example cites: `[phrase, source name]`. */
  expected: readonly [string, string];
  /** A near miss this rule must not cite from. */
  counterExample: string;
  evidence: Evidence;
  /** Whether the source name comes before the verb; such names may lose leading sentence words. */
  nameFirst: boolean;
  /** Named groups: `qual` (optional `the`/`state media`), `name`, `tail` (optional `news agency`). */
  pattern: RegExp;
  /**
   * A cheap test the text must pass for `pattern` to match at all (its verb or preposition): most
   * paragraphs fail most cues, which spares running the name-scanning patterns over them.
   */
  cue: RegExp;
}

// --- pattern building blocks -------------------------------------------------------------------

const WC = '[\\p{L}\\p{M}\\p{N}]';
const NOT_BEFORE = '(?<![\\p{L}\\p{M}\\p{N}])';
const NOT_AFTER = '(?![\\p{L}\\p{M}\\p{N}])';
// One capitalised word: `Reuters`, `China's`, `Al-Jazeera`, `AT&T`, or initials such as `U.N.`.
const CAP = `(?:(?:\\p{Lu}\\.){2,}|\\p{Lu}${WC}*(?:[-&'’]\\p{L}${WC}*)*)`;
// Lower-case glue allowed inside a name: `Ministry of External Affairs`, `Committee for the ...`.
const GLUE = alternation(ORGANISATION_GLUE);
const NAME = `(?<name>${CAP}(?:\\s+(?:${GLUE}\\s+){0,2}(?:${CAP}|\\d{1,4}${NOT_AFTER}))*)`;
const MEDIA_DESCRIPTOR = alternation(MEDIA_DESCRIPTORS);
const QUAL = `(?<qual>(?:[Tt]he\\s+)?(?:${alternation(STATE_QUALIFIERS)}\\s+)?(?:${MEDIA_DESCRIPTOR}\\s+)?)`;
const TAIL = `(?<tail>\\s+${MEDIA_DESCRIPTOR})?`;
const WEEKDAY = alternation(capitalised(WEEKDAYS));
const ADVERBS = `(?:\\s+on\\s+${WEEKDAY})?(?:\\s+${alternation(REPORTING_VERB_ADVERBS)})*`;
const SOURCE_FIRST = `${NOT_BEFORE}${QUAL}${NAME}${TAIL}${ADVERBS}`;
const SOURCE_LAST = `${QUAL}${NAME}${NOT_AFTER}`;
const DOC_WORDS = alternation(DOCUMENT_NOUNS);
const CITED_WORDS = alternation(CITING_NOUNS);
const STATEMENT_WORDS = alternation(STATEMENT_NOUNS);

const rx = (source: string): RegExp => new RegExp(source, 'gdu');

/** The attribution rules, most specific first. Each rule is independent; overlaps are resolved afterwards. */
export const CITATION_RULES: readonly CitationRule[] = [
  {
    name: 'according-to-document',
    description: '`according to a readout/statement/report/data from|by|of X`',
    example: "Ties should be cherished, according to a readout from China's Foreign Ministry.",
    expected: ["according to a readout from China's Foreign Ministry", "China's Foreign Ministry"],
    counterExample: 'Ties should be cherished, according to a readout from Putin, who met President Putin.',
    evidence: 'strong',
    nameFirst: false,
    cue: /ccording\s+to\s/,
    pattern: rx(
      `${NOT_BEFORE}[Aa]ccording\\s+to\\s+(?:(?:a|an|the)\\s+)?(?:[\\p{Ll}-]+\\s+){0,2}?${DOC_WORDS}s?\\s+(?:from|by|of|issued\\s+by|released\\s+by|published\\s+by)\\s+${SOURCE_LAST}`,
    ),
  },
  {
    name: 'according-to',
    description: '`according to X`',
    example: 'They counter Western dominance, according to CNN.',
    expected: ['according to CNN', 'CNN'],
    counterExample: 'The relations are strong, according to President Xi, and according to Xi.',
    evidence: 'strong',
    nameFirst: false,
    cue: /ccording\s+to\s/,
    pattern: rx(`${NOT_BEFORE}[Aa]ccording\\s+to\\s+${SOURCE_LAST}`),
  },
  {
    name: 'reported-by',
    description: '`(as) reported by X`, `(as) cited by X`, `(as) quoted by X`',
    example: 'The offensive began in Kharkiv, as reported by CNN.',
    expected: ['as reported by CNN', 'CNN'],
    counterExample: 'The offensive was first reported by Smith and Jones on Monday.',
    evidence: 'strong',
    nameFirst: false,
    cue: /(?:reported|cited|quoted)\s+by\s/,
    pattern: rx(`${NOT_BEFORE}(?:[Aa]s\\s+)?(?:first\\s+)?(?:reported|cited|quoted)\\s+by\\s+${SOURCE_LAST}`),
  },
  {
    name: 'source-reported',
    description: '`X reported` / `X reports` / `X has reported` / `X on Monday reported`',
    example: 'The visit signals deeper alignment, CNN reported.',
    expected: ['CNN reported', 'CNN'],
    counterExample: 'President Putin met Xi, and Putin reported progress.',
    evidence: 'weak',
    nameFirst: true,
    cue: /report(?:ed|s|ing)/,
    pattern: rx(`${SOURCE_FIRST}\\s+(?:reported|reports|reporting)${NOT_AFTER}`),
  },
  {
    name: 'reported-source',
    description: 'inverted `..., reported X.` (the name must end the clause)',
    example: 'Talks will resume in July, reported Reuters.',
    expected: ['reported Reuters', 'Reuters'],
    counterExample: 'Officials reported Monday that talks will resume.',
    evidence: 'media',
    nameFirst: false,
    cue: /reported\s/,
    pattern: rx(`${NOT_BEFORE}reported\\s+${SOURCE_LAST}(?=\\s*(?:[.,;:!?)"”’]|$))`),
  },
  {
    name: 'citing',
    description: '`citing X`, `citing a report/statement from X`',
    example: 'Prices rose sharply, citing the Ministry of Commerce.',
    expected: ['citing the Ministry of Commerce', 'Ministry of Commerce'],
    counterExample: 'Prices rose sharply, citing Peskov and unnamed officials.',
    evidence: 'strong',
    nameFirst: false,
    cue: /[Cc]iting\s/,
    pattern: rx(
      `${NOT_BEFORE}[Cc]iting\\s+(?:(?:a|an|the)\\s+(?:[\\p{Ll}-]+\\s+){0,2}?${CITED_WORDS}s?\\s+(?:from|by|in|of|at)\\s+)?${SOURCE_LAST}`,
    ),
  },
  {
    name: 'source-quoted-as-saying',
    description: '`X quoted ... as saying` (the quoting outlet is the source)',
    example: 'Interfax quoted a Kremlin aide as saying the talks went well.',
    expected: ['Interfax quoted a Kremlin aide as saying', 'Interfax'],
    counterExample: 'Putin quoted Tolstoy as saying that peace is hard, President Putin added.',
    evidence: 'weak',
    nameFirst: true,
    cue: /\squoted\s[\s\S]*\sas\s+saying/,
    pattern: rx(`${SOURCE_FIRST}\\s+quoted\\s+[^.!?;]{1,80}?\\s+as\\s+saying${NOT_AFTER}`),
  },
  {
    name: 'source-said-in-statement',
    description: '`X said in a statement/press release/readout` (organisations only)',
    example: 'The US Embassy said in a statement that the visa rules would change.',
    expected: ['The US Embassy said in a statement', 'The US Embassy'],
    counterExample: 'Xi said in a statement that ties were strong.',
    evidence: 'strong',
    nameFirst: true,
    cue: /\ssaid\s+in\s/,
    pattern: rx(
      `${SOURCE_FIRST}\\s+said\\s+in\\s+(?:a|an|its|their|the)\\s+(?:[\\p{Ll}-]+\\s+)?${STATEMENT_WORDS}${NOT_AFTER}`,
    ),
  },
  {
    name: 'source-told',
    description: '`X told ...` where X is an organisation (`the Pentagon told reporters`)',
    example: 'The Pentagon told reporters the drills were routine.',
    expected: ['The Pentagon told', 'The Pentagon'],
    counterExample: 'Putin told reporters the drills were routine.',
    evidence: 'strong',
    nameFirst: true,
    cue: /\stold/,
    pattern: rx(`${SOURCE_FIRST}\\s+told${NOT_AFTER}`),
  },
  {
    name: 'told-source',
    description: '`told X` where X is a news outlet (`told CNN`, `told the BBC`)',
    example: 'The minister told the BBC that talks would continue.',
    expected: ['told the BBC', 'BBC'],
    counterExample: 'Xi told Putin that talks would continue, and told the Foreign Ministry too.',
    evidence: 'media',
    nameFirst: false,
    cue: /told\s/,
    pattern: rx(`${NOT_BEFORE}told\\s+${SOURCE_LAST}`),
  },
  {
    name: 'interview-with',
    description: '`in an (exclusive) interview with X` where X is a news outlet',
    example: 'Zelenskyy spoke in an exclusive interview with Al Jazeera on Friday.',
    expected: ['in an exclusive interview with Al Jazeera', 'Al Jazeera'],
    counterExample: 'Zelenskyy spoke in an interview with Smith on Friday.',
    evidence: 'media',
    nameFirst: false,
    cue: /interview\s+with\s/,
    pattern: rx(
      `${NOT_BEFORE}(?:[Ii]n|[Dd]uring)\\s+(?:an?|the|his|her|their|its)\\s+(?:[\\p{Ll}-]+\\s+){0,2}?interview\\s+with\\s+${SOURCE_LAST}`,
    ),
  },
  {
    name: 'per-source',
    description: '`per X` / `as per X` where X is an organisation',
    example: 'Cases rose to 40, as per the Health Ministry.',
    expected: ['as per the Health Ministry', 'Health Ministry'],
    counterExample: 'Rates rose 4 per cent, per Article 5 of the rules.',
    evidence: 'strong',
    nameFirst: false,
    cue: /[Pp]er\s/,
    pattern: rx(`${NOT_BEFORE}(?:[Aa]s\\s+)?[Pp]er\\s+${SOURCE_LAST}`),
  },
  {
    name: 'source-cited',
    description: '`X cited ...` where X is an organisation (`Reuters cited two sources`)',
    example: 'Reuters cited two officials familiar with the talks.',
    expected: ['Reuters cited', 'Reuters'],
    counterExample: 'Xi cited history, President Xi said.',
    evidence: 'strong',
    nameFirst: true,
    cue: /\scited/,
    pattern: rx(`${SOURCE_FIRST}\\s+cited${NOT_AFTER}`),
  },
];

// --- evidence ------------------------------------------------------------------------------------

// Never a lone source name (`Officials reported`): sentence openers, plain nouns and calendar words.
const SENTENCE_WORDS: ReadonlySet<string> = new Set([...SOURCE_STOPWORDS, ...WEEKDAYS, ...MONTHS]);

const bare = (word: string): string => foldApostrophes(word).replace(/'s$/i, '').toLowerCase();

interface Judgement {
  media: boolean;
  strong: boolean;
  weak: boolean;
}

function judge(name: string, described: boolean, persons: ReadonlySet<string>): Judgement {
  const words = name.split(/\s+/).map(bare);
  const kind = sourceKind(name);
  const compact = name.replace(/\./g, '');
  const acronym = /^\p{Lu}[\p{Lu}\p{N}&]{1,5}$/u.test(compact) && !COUNTRY_ACRONYMS.has(compact);
  const media = described || isOutletKind(kind) || acronym || words.some((w) => MEDIA_WORDS.has(w));
  const strong = media || kind === 'GOVERNMENT' || words.some((w) => ORGANISATION_WORDS.has(w));
  const only = words.length === 1 ? (words[0] ?? '') : '';
  const weak =
    strong ||
    (only !== '' &&
      /^\p{Lu}\p{Ll}/u.test(name) &&
      !persons.has(only) &&
      !SENTENCE_WORDS.has(only) &&
      !COUNTRIES_AND_CAPITALS.has(only));
  return { media, strong, weak };
}

function passes(j: Judgement, evidence: Evidence): boolean {
  return evidence === 'media' ? j.media : evidence === 'strong' ? j.strong : j.weak;
}

// --- persons -------------------------------------------------------------------------------------

const PERSON_RE = new RegExp(
  `${NOT_BEFORE}${alternation(PERSON_TITLES)}\\s+(\\p{Lu}[\\p{L}\\p{M}'’.-]*(?:\\s+\\p{Lu}[\\p{L}\\p{M}'’.-]*){0,3})`,
  'gu',
);

/**
 * Words of names that follow a personal title (`President Xi Jinping` → `xi`, `jinping`), lower-cased,
 * possessives dropped. A lone word matching one of these is taken to be a person, never a source.
 */
export function collectPersons(texts: Iterable<string>): Set<string> {
  const persons = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(PERSON_RE)) {
      for (const word of (m[1] ?? '').split(/\s+/)) {
        const w = bare(word).replace(/\.$/, '');
        if (w && !ORGANISATION_WORDS.has(w) && !MEDIA_WORDS.has(w) && !isKnownOutlet(w)) persons.add(w);
      }
    }
  }
  return persons;
}

// --- matching ------------------------------------------------------------------------------------

interface Candidate {
  name: string;
  start: number;
  end: number;
  rule: string;
}

/** Options for {@link findCitations}. */
export interface FindCitationsOptions {
  /** Person-name words known from the whole article; defaults to those found in `text` itself. */
  persons?: ReadonlySet<string>;
}

/**
 * Citations in one paragraph, in text order. `text.slice(c.start, c.end) === c.phrase` always holds.
 * A phrase naming two outlets joined by `and` (`Xinhua and CNN reported`) yields one citation per outlet.
 */
export function findCitations(text: string, options: FindCitationsOptions = {}): ParsedCitation[] {
  const persons = options.persons ?? collectPersons([text]);
  const candidates: Candidate[] = [];
  for (const rule of CITATION_RULES) {
    if (!rule.cue.test(text)) continue;
    rule.pattern.lastIndex = 0;
    for (const m of text.matchAll(rule.pattern)) {
      candidates.push(...resolve(m, rule, persons));
    }
  }
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    const key = sourceKey(c.name);
    const dup = kept.some((k) => sourceKey(k.name) === key && k.start < c.end && c.start < k.end);
    if (!dup) kept.push(c);
  }
  return kept.map((c) => ({
    source: { name: c.name, slug: sourceSlug(c.name) },
    phrase: text.slice(c.start, c.end),
    start: c.start,
    end: c.end,
    rule: c.rule,
  }));
}

/** The slug that identifies a source across articles: `The `/`state media ` dropped, never empty. */
export function sourceSlug(name: string): string {
  return sourceKey(name) || `source-${fnv1a(name)}`;
}

function resolve(m: RegExpExecArray, rule: CitationRule, persons: ReadonlySet<string>): Candidate[] {
  const nameSpan = m.indices?.groups?.name;
  const rawName = m.groups?.name;
  if (!nameSpan || rawName === undefined) return [];
  const qual = m.groups?.qual ?? '';
  const described = /\S/.test(qual.replace(/^[Tt]he\s+/, '')) || Boolean(m.groups?.tail);
  const matchEnd = m.index + m[0].length;

  // Name-first rules: a name may have swallowed sentence words or a place (`In Beijing CNN`), so try
  // the full name and then each shorter tail, dropping the qualifier once words are cut.
  const words = [...rawName.matchAll(/\S+/g)];
  const starts = rule.nameFirst ? words.map((w) => w.index) : [0];
  for (const offset of starts) {
    const name = rawName.slice(offset);
    const first = bare(name.split(/\s+/)[0] ?? '');
    if (offset > 0 && ORGANISATION_GLUE.has(first)) continue;
    if (rule.nameFirst && SENTENCE_WORDS.has(first) && first !== 'the') continue;
    const trimmed = offset > 0;
    const found = pick(name, trimmed ? false : described, rule.evidence, persons);
    if (found.length === 0) continue;
    const phraseStart = trimmed ? nameSpan[0] + offset : m.index;
    const keepThe = !trimmed && /^The\s+$/.test(qual);
    return found.map((n) => ({
      name: keepThe && n === name.replace(/['’]s$/, '') ? `The ${n}` : n,
      start: phraseStart,
      end: matchEnd,
      rule: rule.name,
    }));
  }
  return [];
}

// The source name(s) a matched name stands for, or none if the evidence is not there.
function pick(name: string, described: boolean, evidence: Evidence, persons: ReadonlySet<string>): string[] {
  const cleaned = name.replace(/['’]s$/, '');
  const words = cleaned.split(/\s+/);

  // `Xinhua and CNN reported`: two outlets, one phrase.
  if (/\sand\s/.test(cleaned)) {
    const parts = cleaned.split(/\s+and\s+/).map((p) => p.replace(/^the\s+/, ''));
    if (parts.every((p) => isKnownOutlet(p) || judge(p, false, persons).media)) {
      if (parts.every((p) => isKnownOutlet(p) || /^\p{Lu}[\p{Lu}\p{N}&]{1,5}$/u.test(p))) return parts;
    }
  }
  // `Russia's TASS`, `Qatar's Al Jazeera`: the country is a description, the outlet is the source.
  const [head, ...rest] = words;
  if (head && rest.length > 0 && /['’]s$/.test(head) && isKnownOutlet(rest.join(' ')))
    return [rest.join(' ')];

  if (passes(judge(cleaned, described, persons), evidence)) return [cleaned];

  // `CNN's Jake Tapper`: the organisation before the possessive is the source.
  for (let i = 0; i < words.length - 1; i++) {
    const w = words[i] ?? '';
    if (!/['’]s$/.test(w)) continue;
    const prefix = words
      .slice(0, i + 1)
      .join(' ')
      .replace(/['’]s$/, '');
    if (passes(judge(prefix, false, persons), evidence === 'weak' ? 'strong' : evidence)) return [prefix];
  }
  return [];
}
