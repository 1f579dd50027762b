// Invariants of the parser's word lists and outlet table (src/ingest/lexicon/*.json, src/ingest/lexicon.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceKind } from '../../src/generated/prisma/enums.js';
import words from '../../src/ingest/lexicon/words.json' with { type: 'json' };
import * as lexicon from '../../src/ingest/lexicon.js';
import { slugify } from '../../src/ingest/slug.js';
import { isKnownOutlet, sourceKind } from '../../src/ingest/source-kinds.js';
import { ROOT } from '../helpers/fixtures.js';

const lists = Object.entries(words);

// Lists that keep capitals because their consumers match case-sensitively (`President`, `TV`) or compare
// slugs; every other list is lower-case, as its consumers lower-case the word or only a lower-case word may match.
const AS_WRITTEN = new Set(['PERSON_TITLES', 'MEDIA_DESCRIPTORS', 'GOVERNMENT_PHRASES']);
const UPPER_CASE = new Set(['COUNTRY_ACRONYMS']);
// Lists that build regexes or are compared as slugs, so an entry may be several words. The others are
// compared with one token at a time, where an entry with a space could never match.
const PHRASE_LISTS = new Set([
  'SHARE_NETWORKS',
  'RELATED_HEADINGS',
  'PERSON_TITLES',
  'NAMING_WORDS',
  'MEDIA_DESCRIPTORS',
  'DOCUMENT_NOUNS',
  'CITING_NOUNS',
  'STATEMENT_NOUNS',
  'GOVERNMENT_PHRASES',
  'KEY_MEDIA_DESCRIPTORS',
  'LOOKUP_DESCRIPTORS',
]);
// Their consumers add the weekdays and months, so the lists themselves must not repeat them.
const WITHOUT_CALENDAR = ['NAME_STOPWORDS', 'SOURCE_STOPWORDS', 'DATELINE_STOPWORDS'] as const;

describe('words.json', () => {
  it.each(lists)('%s is non-empty, without duplicates or stray spaces', (_name, list) => {
    expect(list.length).toBeGreaterThan(0);
    expect(new Set(list).size).toBe(list.length);
    for (const w of list) expect(w).toMatch(/^\S+(?: \S+)*$/u);
  });

  it.each(lists)('%s is in the case its consumers compare', (name, list) => {
    if (AS_WRITTEN.has(name)) return;
    for (const w of list) expect(w).toBe(UPPER_CASE.has(name) ? w.toUpperCase() : w.toLowerCase());
  });

  it.each(lists.filter(([name]) => !PHRASE_LISTS.has(name)))('%s holds single words', (_name, list) => {
    for (const w of list) expect(w).not.toContain(' ');
  });

  it('is exported once per list by src/ingest/lexicon.ts, under the same name', () => {
    const exported = lexicon as unknown as Record<string, unknown>;
    for (const [name, list] of lists) expect(exported[name]).toEqual(new Set(list));
  });

  it('keeps calendar words in WEEKDAYS and MONTHS only', () => {
    for (const name of WITHOUT_CALENDAR) {
      for (const w of words[name])
        expect(lexicon.WEEKDAYS.has(w) || lexicon.MONTHS.has(w), `${name}: ${w}`).toBe(false);
    }
  });

  it('has the months in calendar order, each abbreviation starting exactly one month or weekday', () => {
    const months = [...lexicon.MONTHS];
    const weekdays = [...lexicon.WEEKDAYS];
    expect(months).toHaveLength(12);
    expect([months[0], months[11]]).toEqual(['january', 'december']);
    expect(weekdays).toHaveLength(7);
    for (const short of lexicon.MONTH_ABBREVIATIONS) {
      expect(months.filter((m) => m.startsWith(short))).toHaveLength(1);
    }
    for (const short of lexicon.WEEKDAY_ABBREVIATIONS) {
      expect(weekdays.filter((d) => d.startsWith(short))).toHaveLength(1);
    }
  });

  it('is named, list by list, in docs/page-format.md', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'page-format.md'), 'utf8');
    for (const [name] of lists) expect(doc).toContain(`\`${name}\``);
  });
});

describe('outlets.json', () => {
  const rows = [...lexicon.OUTLETS].flatMap(([kind, names]) =>
    [...names].map((name) => [name, kind] as const),
  );

  it('is keyed by the SourceKind values of prisma/schema.prisma', () => {
    for (const kind of lexicon.OUTLETS.keys()) expect(Object.values(SourceKind)).toContain(kind);
  });

  it('never lists two names that compare equal', () => {
    const slugs = rows.map(([name]) => slugify(name));
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it.each(rows)('%s is a %s through sourceKind()', (name, kind) => {
    expect(sourceKind(name)).toBe(kind);
    expect(isKnownOutlet(name)).toBe(true);
  });
});

describe('alternation', () => {
  const whole = (source: string, flags = 'u') => new RegExp(`^${source}$`, flags);

  it('escapes regex syntax', () => {
    const re = whole(lexicon.alternation(['Mr.', 'a+b', '(x)', 'AT&T']));
    for (const w of ['Mr.', 'a+b', '(x)', 'AT&T']) expect(re.test(w)).toBe(true);
    for (const w of ['Mrs', 'aab', 'x']) expect(re.test(w)).toBe(false);
  });

  it('reads a space as any run of whitespace', () => {
    const re = whole(lexicon.alternation(['news agency']));
    for (const w of ['news agency', 'news  agency', 'news\tagency']) expect(re.test(w)).toBe(true);
    expect(re.test('newsagency')).toBe(false);
  });

  it('tries the longest word first, whatever the order of the lists', () => {
    expect(new RegExp(lexicon.alternation(['Sep', 'Sept'])).exec('Sept.')?.[0]).toBe('Sept');
    expect(new RegExp(lexicon.alternation(['Sept'], ['Sep'])).exec('Sept.')?.[0]).toBe('Sept');
  });

  it('capitalises for case-sensitive patterns', () => {
    expect(lexicon.capitalised(['monday', 'may'])).toEqual(['Monday', 'May']);
  });
});
