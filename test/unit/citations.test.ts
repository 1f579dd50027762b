// Tests for the citation rule table, person/organisation evidence and the source-kind table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CITATION_RULES, collectPersons, findCitations } from '../../src/ingest/citations.js';
import { sourceKey, sourceKind } from '../../src/ingest/source-kinds.js';
import { ROOT } from '../helpers/fixtures.js';

type Row = [rule: string, phrase: string, name: string, slug: string];
const rows = (text: string, persons?: ReadonlySet<string>): Row[] =>
  findCitations(text, persons ? { persons } : {}).map((c) => [
    c.rule,
    c.phrase,
    c.source.name,
    c.source.slug,
  ]);

describe('rule table', () => {
  it('has unique names and a description, example and counter-example for every rule', () => {
    const names = CITATION_RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([
      'according-to-document',
      'according-to',
      'reported-by',
      'source-reported',
      'reported-source',
      'citing',
      'source-quoted-as-saying',
      'source-said-in-statement',
      'source-told',
      'told-source',
      'interview-with',
      'per-source',
      'source-cited',
    ]);
    for (const r of CITATION_RULES) {
      expect(r.description.length).toBeGreaterThan(5);
      expect(r.example).not.toBe(r.counterExample);
    }
  });

  it('is documented rule by rule in docs/page-format.md', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'page-format.md'), 'utf8');
    for (const r of CITATION_RULES) {
      expect(doc).toMatch(new RegExp(`^\\| \`${r.name}\` +\\|`, 'm'));
      expect(doc).toContain(r.example);
      expect(doc).toContain(r.counterExample);
    }
  });

  it.each(CITATION_RULES.map((r) => [r.name, r] as const))('%s cites its example', (name, rule) => {
    const found = findCitations(rule.example);
    expect(found).toHaveLength(1);
    const [c] = found;
    expect(c?.rule).toBe(name);
    expect(c?.phrase).toBe(rule.expected[0]);
    expect(c?.source.name).toBe(rule.expected[1]);
    expect(rule.example.slice(c?.start, c?.end)).toBe(rule.expected[0]);
  });

  it.each(CITATION_RULES.map((r) => [r.name, r.counterExample] as const))(
    '%s cites nothing from its counter-example',
    (_name, text) => {
      expect(findCitations(text)).toEqual([]);
    },
  );
});

describe('findCitations on seed sentences', () => {
  it('finds state media Xinhua and strips the qualifier from the name only', () => {
    const text = 'The two countries signed a statement state media Xinhua reported.';
    expect(rows(text)).toEqual([['source-reported', 'state media Xinhua reported', 'Xinhua', 'xinhua']]);
    const [c] = findCitations(text);
    expect(c?.start).toBe(text.indexOf('state media'));
    expect(c?.end).toBe(text.length - 1);
  });

  it('ignores "Xi said" — a person speaking is not a source', () => {
    expect(rows('In their discussions, Xi said relations have "stood the test", Xi said.')).toEqual([]);
  });

  it('does not cite an institution that is merely mentioned', () => {
    expect(
      rows('Putin visited the Harbin Institute of Technology, sanctioned by the US government.'),
    ).toEqual([]);
  });
});

describe('organisation versus person', () => {
  it('rejects a single word known as a person from a title elsewhere in the article', () => {
    const persons = collectPersons(['Russian President Vladimir Putin arrived.']);
    expect(persons).toEqual(new Set(['vladimir', 'putin']));
    expect(rows('Putin reported progress.', persons)).toEqual([]);
    expect(rows('Vedomosti reported progress.', persons)).toEqual([
      ['source-reported', 'Vedomosti reported', 'Vedomosti', 'vedomosti'],
    ]);
  });

  it('rejects common sentence words and countries in the lone-word path', () => {
    expect(rows('Witnesses reported gunfire.')).toEqual([]);
    expect(rows('China reported a trade surplus.')).toEqual([]);
    expect(rows('Meanwhile reported figures fell.')).toEqual([]);
  });

  it('accepts acronyms, organisation words and curated outlets but not country acronyms', () => {
    expect(rows('according to UNICEF.')).toEqual([
      ['according-to', 'according to UNICEF', 'UNICEF', 'unicef'],
    ]);
    expect(rows('according to the Indian Space Research Organisation.')).toEqual([
      [
        'according-to',
        'according to the Indian Space Research Organisation',
        'Indian Space Research Organisation',
        'indian-space-research-organisation',
      ],
    ]);
    expect(rows('according to the US.')).toEqual([]);
  });

  it('drops sentence openers and places swallowed before a name-first source', () => {
    expect(rows('Meanwhile Global Times reported a rise.')).toEqual([
      ['source-reported', 'Global Times reported', 'Global Times', 'global-times'],
    ]);
    expect(rows('In Beijing CNN reported crowds.')).toEqual([
      ['source-reported', 'CNN reported', 'CNN', 'cnn'],
    ]);
  });

  it('cites the organisation before a possessive person name', () => {
    expect(rows('The war must end, according to CNN’s Jake Tapper.')).toEqual([
      ['according-to', 'according to CNN’s Jake Tapper', 'CNN', 'cnn'],
    ]);
  });

  it('cites the outlet, not the country, in "Russia\'s TASS news agency reported"', () => {
    expect(rows("Russia's TASS news agency reported the strike.")).toEqual([
      ['source-reported', "Russia's TASS news agency reported", 'TASS', 'tass'],
    ]);
  });

  it('splits two outlets joined by "and" but keeps "and" inside an organisation name', () => {
    expect(rows('Xinhua and CNN reported the visit.')).toEqual([
      ['source-reported', 'Xinhua and CNN reported', 'Xinhua', 'xinhua'],
      ['source-reported', 'Xinhua and CNN reported', 'CNN', 'cnn'],
    ]);
    expect(rows('The Department of Health and Human Services said in a statement that...')).toEqual([
      [
        'source-said-in-statement',
        'The Department of Health and Human Services said in a statement',
        'The Department of Health and Human Services',
        'department-of-health-and-human-services',
      ],
    ]);
  });

  it('keeps a capital "The" in the display name but not in the slug', () => {
    expect(rows('according to The New York Times.')).toEqual([
      ['according-to', 'according to The New York Times', 'The New York Times', 'new-york-times'],
    ]);
    expect(rows('according to the Guardian.')).toEqual([
      ['according-to', 'according to the Guardian', 'Guardian', 'guardian'],
    ]);
  });

  it('treats curly and straight apostrophes alike', () => {
    const curly = rows('according to a readout from China’s Foreign Ministry.');
    const straight = rows("according to a readout from China's Foreign Ministry.");
    expect(curly[0]?.[2]).toBe('China’s Foreign Ministry');
    expect(curly[0]?.[3]).toBe('china-s-foreign-ministry');
    expect(straight[0]?.[3]).toBe('china-s-foreign-ministry');
  });

  it('allows a weekday and auxiliaries between source and verb', () => {
    expect(rows('Xinhua on Thursday reported the deal.')).toEqual([
      ['source-reported', 'Xinhua on Thursday reported', 'Xinhua', 'xinhua'],
    ]);
    expect(rows('The Hindu has reported the deal.')).toEqual([
      ['source-reported', 'The Hindu has reported', 'The Hindu', 'hindu'],
    ]);
  });

  it('reports both sides of "the Pentagon told CNN" in text order', () => {
    const text = 'An official at the Pentagon told CNN the drills were routine.';
    const found = findCitations(text);
    expect(found.map((c) => [c.rule, c.phrase, c.source.name])).toEqual([
      ['source-told', 'the Pentagon told', 'Pentagon'],
      ['told-source', 'told CNN', 'CNN'],
    ]);
    for (const c of found) expect(text.slice(c.start, c.end)).toBe(c.phrase);
  });

  it('does not treat "told the Foreign Ministry" as a media source', () => {
    expect(rows('He told the Foreign Ministry that talks would go on.')).toEqual([]);
  });
});

describe('sourceKind', () => {
  it.each([
    ['Xinhua', 'NEWS_AGENCY'],
    ['state media Xinhua', 'NEWS_AGENCY'],
    ['Reuters', 'NEWS_AGENCY'],
    ['the Associated Press', 'NEWS_AGENCY'],
    ['PTI', 'NEWS_AGENCY'],
    ['Kyodo', 'NEWS_AGENCY'],
    ['Bloomberg', 'NEWS_AGENCY'],
    ['cnn', 'BROADCASTER'],
    ['Al-Jazeera', 'BROADCASTER'],
    ['France 24', 'BROADCASTER'],
    ['Deutsche Welle', 'BROADCASTER'],
    ['The New York Times', 'NEWSPAPER'],
    ['the Guardian', 'NEWSPAPER'],
    ['South China Morning Post', 'NEWSPAPER'],
    ['People’s Daily', 'NEWSPAPER'],
    ['The Hindu', 'NEWSPAPER'],
    ["China's Foreign Ministry", 'GOVERNMENT'],
    ['the Ministry of External Affairs', 'GOVERNMENT'],
    ['The White House', 'GOVERNMENT'],
    ['Kremlin', 'GOVERNMENT'],
    ['State Council', 'GOVERNMENT'],
    ['Pentagon', 'GOVERNMENT'],
    ['US Embassy', 'GOVERNMENT'],
    ['Harbin Institute of Technology', 'OTHER'],
    ['Putin', 'OTHER'],
    ['Morgan Stanley', 'OTHER'],
  ] as const)('%s → %s', (name, kind) => {
    expect(sourceKind(name)).toBe(kind);
  });

  it('keys names for dedupe case-insensitively without The/state media and with initials folded', () => {
    expect(sourceKey('The New York Times')).toBe(sourceKey('new york times'));
    expect(sourceKey('state media Xinhua')).toBe('xinhua');
    expect(sourceKey('U.N.')).toBe('un');
    expect(sourceKey('China’s Foreign Ministry')).toBe('china-s-foreign-ministry');
  });
});
