// The parser's word lists and outlet table, loaded once from lexicon/*.json (docs/page-format.md, "Word lists").

import type { SourceKind } from '../generated/prisma/client.js';
import outlets from './lexicon/outlets.json' with { type: 'json' };
import words from './lexicon/words.json' with { type: 'json' };

/** The name of a list in `lexicon/words.json`; a misspelt name fails typecheck. */
export type WordListName = keyof typeof words;

const list = (name: WordListName): ReadonlySet<string> => new Set(words[name]);

// Unless a comment says otherwise, a list is lower-case and its consumers compare lower-cased words.

// --- page layout -------------------------------------------------------------------------------------

/** Share buttons' network names, after a `Share on` marker (`Facebook`, `Copy link`). */
export const SHARE_NETWORKS = list('SHARE_NETWORKS');
/** Headings that open the related-links list (`Related News`, `Also Read`). */
export const RELATED_HEADINGS = list('RELATED_HEADINGS');

// --- dates and datelines ------------------------------------------------------------------------

/** Full weekday names. Calendar words are never a place, a speaker's name or a lone source name. */
export const WEEKDAYS = list('WEEKDAYS');
/** Abbreviated weekdays a date line may open with (`Thu`, `Thurs.`). */
export const WEEKDAY_ABBREVIATIONS = list('WEEKDAY_ABBREVIATIONS');
/** Full month names in calendar order: the order gives the month's number. */
export const MONTHS = list('MONTHS');
/** Abbreviated months (`Sept`); each is the start of its month's full name, which gives its number. */
export const MONTH_ABBREVIATIONS = list('MONTH_ABBREVIATIONS');
/** Words a date line may hold between its parts and that carry no date (`20th of June`). */
export const DATE_FILLER_WORDS = list('DATE_FILLER_WORDS');
/** Lower-case words allowed between the words of a dateline place (`Rio de Janeiro`, `Frankfurt am Main`). */
export const PLACE_GLUE = list('PLACE_GLUE');
/** Labels, titles and openers that can precede a colon or dash but are not places (`Note:`, `President Xi:`). */
export const DATELINE_STOPWORDS = list('DATELINE_STOPWORDS');

// --- people and speakers -------------------------------------------------------------------------

/**
 * Titles written before a person's name in citations' known-person check (`President Xi Jinping`), as
 * written: the match is case-sensitive, so `President` counts and `president` does not.
 */
export const PERSON_TITLES = list('PERSON_TITLES');
/** Honorifics, offices and role nouns that head a speaker phrase (`President`, `spokesman`, `witness`). */
export const SPEAKER_TITLES = list('SPEAKER_TITLES');
/** Words whose full stop does not end a sentence (`Mr.`, `Gen.`, `Inc.`), without the stop. */
export const ABBREVIATIONS = list('ABBREVIATIONS');
/** Lower-case connectors inside a person's name (`Ursula von der Leyen`); compared as written. */
export const NAME_PARTICLES = list('NAME_PARTICLES');
/** Capitalised words that open sentences or name times, never part of a speaker's name (calendar words aside). */
export const NAME_STOPWORDS = list('NAME_STOPWORDS');
export const DETERMINERS = list('DETERMINERS');
/** Pronouns that refer back to the last named speaker. */
export const SPEAKER_PRONOUNS = list('SPEAKER_PRONOUNS');
/** Words that may sit between a speaker and the speech verb (`Xi also said`). */
export const SPEECH_VERB_ADVERBS = list('SPEECH_VERB_ADVERBS');
/** Heads of speaker phrases that name an organisation or a group rather than one person. */
export const GROUP_WORDS = list('GROUP_WORDS');

// --- quotations ----------------------------------------------------------------------------------

/** Verbs that attribute a quotation; compared as written, so capitalised `Says` stays a name. */
export const SPEECH_VERBS = list('SPEECH_VERBS');
/** Words right before a quoted phrase that make it a name being mentioned (`so-called "…"`). */
export const NAMING_WORDS = list('NAMING_WORDS');
/** Small words allowed lower-case inside a Title-Cased name (`Make in India`); compared as written. */
export const TITLE_MINOR_WORDS = list('TITLE_MINOR_WORDS');

// --- citations and sources -----------------------------------------------------------------------

/** Lower-case glue inside an organisation's name (`Ministry of External Affairs`); compared as written. */
export const ORGANISATION_GLUE = list('ORGANISATION_GLUE');
/** `state media`, `news agency`, `TV`: words that describe a source as media, as written (case-sensitive). */
export const MEDIA_DESCRIPTORS = list('MEDIA_DESCRIPTORS');
/** Ownership words before a source that mark it as state media (`state-run`, `semi-official`); as written. */
export const STATE_QUALIFIERS = list('STATE_QUALIFIERS');
/** Words that may sit between a source's name and its reporting verb (`Reuters has reported`); as written. */
export const REPORTING_VERB_ADVERBS = list('REPORTING_VERB_ADVERBS');
/** What `according to a … from X` may name (`readout`, `press release`); as written. */
export const DOCUMENT_NOUNS = list('DOCUMENT_NOUNS');
/** What `citing a … from X` may name (`report`, `spokesperson`); as written. */
export const CITING_NOUNS = list('CITING_NOUNS');
/** What `X said in a …` may name (`statement`, `readout`); as written. */
export const STATEMENT_NOUNS = list('STATEMENT_NOUNS');
/** Words in a name that make it a news outlet (`Times`, `News`, `TV`). */
export const MEDIA_WORDS = list('MEDIA_WORDS');
/** Words in a name that make it an organisation (`Ministry`, `Institute`, `Committee`). */
export const ORGANISATION_WORDS = list('ORGANISATION_WORDS');
/** Country abbreviations that look like acronyms but are not sources; upper-case, compared as written. */
export const COUNTRY_ACRONYMS = list('COUNTRY_ACRONYMS');
/** Capitalised words that open sentences or are plain nouns, never a lone source name (calendar words aside). */
export const SOURCE_STOPWORDS = list('SOURCE_STOPWORDS');
/** Common country and capital names, never a lone source name. */
export const COUNTRIES_AND_CAPITALS = list('COUNTRIES_AND_CAPITALS');

// --- source kinds ----------------------------------------------------------------------------------

/** Slug tokens that name a state body (`ministry`, `kremlin`). */
export const GOVERNMENT_WORDS = list('GOVERNMENT_WORDS');
/** Names of state bodies of more than one word, as people write them; compared as slugs. */
export const GOVERNMENT_PHRASES = list('GOVERNMENT_PHRASES');
/** Ownership words dropped from the front of a source's name to make its key (`state-run`). */
export const KEY_STATE_QUALIFIERS = list('KEY_STATE_QUALIFIERS');
/** Media words dropped with a key state qualifier (`state media`, `official news agency`). */
export const KEY_MEDIA_DESCRIPTORS = list('KEY_MEDIA_DESCRIPTORS');
/** Descriptors dropped from the end of a name before the outlet lookup (`Xinhua news agency`). */
export const LOOKUP_DESCRIPTORS = list('LOOKUP_DESCRIPTORS');

// Typed by the file's own keys, so a kind that prisma/schema.prisma's SourceKind lacks fails typecheck here.
const outletKinds = Object.keys(outlets) as (keyof typeof outlets)[];

/** The curated outlets by kind, names as people write them (`sourceKind` compares slugs). */
export const OUTLETS: ReadonlyMap<SourceKind, ReadonlySet<string>> = new Map(
  outletKinds.map((kind) => [kind, new Set(outlets[kind])]),
);

// --- regex building ----------------------------------------------------------------------------------

const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;
const escapeRegex = (text: string): string => text.replace(REGEX_SYNTAX, '\\$&');

/**
 * A non-capturing regex alternation of every word in `lists`: regex syntax escaped, a space matching any
 * run of whitespace (`news agency` also reads `news  agency`), longest word first so that where one word
 * starts another (`Sep`, `Sept`) the longer is tried first whatever the order in the file.
 */
export function alternation(...lists: Iterable<string>[]): string {
  const all = new Set(lists.flatMap((l) => [...l]));
  const sorted = [...all].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return `(?:${sorted.map((w) => w.split(' ').map(escapeRegex).join('\\s+')).join('|')})`;
}

/** Each word with its first letter upper-cased, for patterns that only accept the capitalised form. */
export function capitalised(words: Iterable<string>): string[] {
  return [...words].map((w) => w.charAt(0).toUpperCase() + w.slice(1));
}
