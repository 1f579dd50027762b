// Tests for parseArticlePage: the seed page's exact result, other page shapes, and every error.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitDateline } from '../../src/ingest/dateline.js';
import { parseArticlePage } from '../../src/ingest/parse.js';
import { ArticleParseError, type DerivedArticle } from '../../src/ingest/types.js';
import { ROOT, SEED_HEADLINE, SEED_PAGE, SEED_PARAGRAPHS, SEED_SLUG } from '../helpers/fixtures.js';

const read = (path: string): Uint8Array => readFileSync(join(ROOT, path));
const page = (name: string): DerivedArticle =>
  parseArticlePage(read(`test/fixtures/pages/${name}`), { file: name });
const cites = (a: DerivedArticle) =>
  a.paragraphs.flatMap((p) => p.citations.map((c) => [p.position, c.phrase, c.source.name, c.rule]));

function errorOf(run: () => unknown): ArticleParseError {
  try {
    run();
  } catch (e) {
    if (e instanceof ArticleParseError) return e;
    throw e;
  }
  throw new Error('expected an ArticleParseError');
}

describe('seed page', () => {
  const a = parseArticlePage(readFileSync(SEED_PAGE), { file: 'seed.txt' });

  it('reads the header', () => {
    expect(a.headline).toBe(SEED_HEADLINE);
    expect(a.slug).toBe(SEED_SLUG);
    expect(a.section).toEqual({ name: 'Latest News', slug: 'latest-news' });
    expect(a.publishedAt.toISOString()).toBe('2024-06-20T00:00:00.000Z');
    expect(a.relatedLinks).toEqual([]);
  });

  it('strips the Beijing dateline from paragraph 1', () => {
    expect(a.dateline).toBe('Beijing');
    expect(a.paragraphs[0]?.text.startsWith("China's President Xi Jinping and his Russian counterpart")).toBe(
      true,
    );
  });

  it('has 14 paragraphs with positions and source lines', () => {
    expect(a.paragraphs).toHaveLength(SEED_PARAGRAPHS);
    expect(a.paragraphs.map((p) => p.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(a.paragraphs.map((p) => p.line)).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(a.wordCount).toBe(600);
  });

  it('finds exactly the six citations', () => {
    expect(cites(a)).toEqual([
      [1, 'state media Xinhua reported', 'Xinhua', 'source-reported'],
      [2, 'CNN reported', 'CNN', 'source-reported'],
      [
        4,
        "according to a readout from China's Foreign Ministry",
        "China's Foreign Ministry",
        'according-to-document',
      ],
      [6, 'as reported by CNN', 'CNN', 'reported-by'],
      [11, 'according to CNN', 'CNN', 'according-to'],
      [14, 'CNN reported', 'CNN', 'source-reported'],
    ]);
    for (const p of a.paragraphs) {
      for (const c of p.citations) expect(p.text.slice(c.start, c.end)).toBe(c.phrase);
    }
  });

  it('lists sources once each in first-citation order', () => {
    expect(a.sources).toEqual([
      { name: 'Xinhua', slug: 'xinhua' },
      { name: 'CNN', slug: 'cnn' },
      { name: "China's Foreign Ministry", slug: 'china-s-foreign-ministry' },
    ]);
  });

  it('gives the same result for string input, CRLF line ends and a BOM', () => {
    const text = new TextDecoder().decode(readFileSync(SEED_PAGE));
    const crlf = parseArticlePage(`\uFEFF${text.replace(/\n/g, '\r\n')}`);
    expect(crlf).toEqual(a);
  });
});

describe('other page shapes', () => {
  it('reads a CRLF + BOM wire page with a timed IST date and related links with URLs', () => {
    const a = page('wire-reuters-crlf-bom.txt');
    expect(a.publishedAt.toISOString()).toBe('2025-03-03T05:15:00.000Z');
    expect(a.section).toEqual({ name: 'World News', slug: 'world-news' });
    expect(a.slug).toBe('zelenskyy-meets-macron-in-paris-as-elysee-pledges-fresh-aid');
    expect(a.dateline).toBe('PARIS');
    expect(a.paragraphs[0]?.text).toBe(
      'Ukrainian President Volodymyr Zelenskyy met French President Emmanuel Macron on Monday, the Élysée Palace said in a statement.',
    );
    expect(a.paragraphs[0]?.line).toBe(7);
    expect(cites(a)).toEqual([
      [1, 'the Élysée Palace said in a statement', 'Élysée Palace', 'source-said-in-statement'],
      [2, 'according to Le Monde', 'Le Monde', 'according-to'],
      [2, 'told France 24', 'France 24', 'told-source'],
      [4, 'reported Bloomberg', 'Bloomberg', 'reported-source'],
    ]);
    expect(a.sources.map((s) => s.slug)).toEqual(['elysee-palace', 'le-monde', 'france-24', 'bloomberg']);
    expect(a.relatedLinks).toEqual([
      {
        position: 1,
        title: 'France, Germany agree joint air-defence purchase',
        url: 'https://example.com/news/air-defence',
      },
      { position: 2, title: 'EU ministers meet in Brussels', url: 'https://example.com/news/eu-ministers' },
      { position: 3, title: 'Kremlin dismisses Paris talks', url: 'https://example.com/news/kremlin' },
      { position: 4, title: 'Ukraine’s grain exports rise in February', url: null },
    ]);
    expect(a.wordCount).toBe(60);
  });

  it('reads a lone-CR page with no dateline, a "Note:" paragraph and a URL on the line after its title', () => {
    const a = page('no-dateline-lone-cr.txt');
    expect(a.dateline).toBeNull();
    expect(a.publishedAt.toISOString()).toBe('2025-09-07T00:00:00.000Z');
    expect(a.paragraphs.map((p) => [p.line, p.text.slice(0, 20)])).toEqual([
      [8, 'Shares of chipmakers'],
      [9, 'Note: figures are pr'],
      [10, 'Analysts at Morgan S'],
    ]);
    expect(cites(a)).toEqual([[3, 'Bloomberg News reported', 'Bloomberg News', 'source-reported']]);
    expect(a.relatedLinks).toEqual([
      {
        position: 1,
        title: 'Why memory prices are climbing again',
        url: 'https://example.org/memory-prices',
      },
      { position: 2, title: 'Foundry capacity: who is building what', url: null },
    ]);
  });

  it('reads an Indian outlet page with NBSP, zero-width spaces, share networks and markdown links', () => {
    const a = page('india-pti-nbsp.txt');
    expect(a.publishedAt.toISOString()).toBe('2024-06-03T16:00:00.000Z');
    expect(a.headline).toBe('India, Japan agree to deepen defence ties; Jaishankar meets Kamikawa');
    expect(a.dateline).toBe('New Delhi');
    expect(a.paragraphs[0]?.text).toBe(
      'India and Japan on Monday agreed to deepen defence and security cooperation, as per the Ministry of External Affairs.',
    );
    expect(cites(a)).toEqual([
      [1, 'as per the Ministry of External Affairs', 'Ministry of External Affairs', 'per-source'],
      [2, 'told PTI', 'PTI', 'told-source'],
      [2, 'ANI reported', 'ANI', 'source-reported'],
      [4, 'In an interview with NHK', 'NHK', 'interview-with'],
    ]);
    expect(a.paragraphs[2]?.citations).toEqual([]);
    expect(a.paragraphs[3]?.text.endsWith('valued the partnership.')).toBe(true);
    expect(a.relatedLinks).toEqual([
      {
        position: 1,
        title: 'Jaishankar to visit Tokyo next month',
        url: 'https://example.in/jaishankar-tokyo',
      },
      { position: 2, title: 'Quad foreign ministers to meet in July', url: null },
    ]);
  });

  it('falls back to hashed slugs for a CJK headline and section', () => {
    const a = page('cjk-headline-iso-date.txt');
    expect(a.slug).toMatch(/^article-[0-9a-f]{8}$/);
    expect(a.section.slug).toMatch(/^section-[0-9a-f]{8}$/);
    expect(a.publishedAt.toISOString()).toBe('2025-01-15T00:30:00.000Z');
    expect(a.paragraphs).toHaveLength(1);
    expect(a.relatedLinks).toEqual([]);
  });

  it('reads every related-link form', () => {
    const a = parseArticlePage(
      [
        'June 20, 2024',
        'World',
        'Headline',
        'Body.',
        'ALSO READ:',
        '• Angle form <https://example.com/a>',
        '1. Dash form — https://example.com/b',
        'https://example.com/c',
        'Title then URL',
        '(https://example.com/d)',
        'Share on Twitter',
        'Plain title',
      ].join('\n'),
    );
    expect(a.relatedLinks).toEqual([
      { position: 1, title: 'Angle form', url: 'https://example.com/a' },
      { position: 2, title: 'Dash form', url: 'https://example.com/b' },
      { position: 3, title: 'https://example.com/c', url: 'https://example.com/c' },
      { position: 4, title: 'Title then URL', url: 'https://example.com/d' },
      { position: 5, title: 'Plain title', url: null },
    ]);
  });

  it('keeps curly quotes in stored text and NFC-normalises decomposed accents', () => {
    const a = parseArticlePage('June 20, 2024\nWorld\nE\u0301lyse\u0301e talks\n“It’s done,” she said.\n');
    expect(a.headline).toBe('Élysée talks');
    expect(a.headline.length).toBe(12);
    expect(a.paragraphs[0]?.text).toBe('“It’s done,” she said.');
  });
});

describe('datelines', () => {
  it.each([
    ["Beijing: China's President", 'Beijing', "China's President"],
    ['WASHINGTON — The US said', 'WASHINGTON', 'The US said'],
    ['New Delhi - India said', 'New Delhi', 'India said'],
    ['Kyiv, Ukraine: Russia struck', 'Kyiv, Ukraine', 'Russia struck'],
    ['St. Petersburg: The forum', 'St. Petersburg', 'The forum'],
    ['WASHINGTON, D.C. — Lawmakers', 'WASHINGTON, D.C.', 'Lawmakers'],
    ['BEIJING, June 20 (Xinhua) — China and', 'BEIJING', 'China and'],
    ['WASHINGTON (Reuters) - The', 'WASHINGTON', 'The'],
    ['NEW DELHI, June 20 (PTI): The', 'NEW DELHI', 'The'],
    ['Rio de Janeiro: Brazil', 'Rio de Janeiro', 'Brazil'],
  ])('%j → %j', (text, dateline, rest) => {
    expect(splitDateline(text)).toEqual({ dateline, text: rest });
  });

  it.each([
    'Note: this article was updated.',
    'Update: The minister resigned.',
    'The leaders met on Thursday: it was a big day.',
    'Officials said: no comment.',
    'President Xi: China will open up.',
    'Xi-Putin talks began.',
    'Putin — who arrived in Beijing — said little.',
    'A Very Long Place Name That Goes On: text',
    'Beijing:',
  ])('no dateline in %j', (text) => {
    expect(splitDateline(text)).toEqual({ dateline: null, text });
  });
});

describe('page furniture after the share marker', () => {
  it('ignores tags and advertisements between "Share on" and "Related News"', () => {
    const a = page('furniture-after-share.txt');
    expect(a.paragraphs.map((p) => p.text)).toEqual(['A paragraph.']);
    expect(a.relatedLinks.map((l) => l.title)).toEqual(['An earlier story']);
  });
});

describe('errors', () => {
  it.each([
    ['bad-empty.txt', 1, 'empty page: expected a date line, a section, a headline and paragraphs'],
    ['bad-unreadable-date.txt', 3, 'unreadable date line "Sometime last week"'],
    ['bad-impossible-date.txt', 1, 'impossible date "Friday, February 30, 2024"'],
    ['bad-missing-section.txt', 2, 'missing section name after the date line'],
    ['bad-missing-headline.txt', 4, 'missing headline after the section name'],
    ['bad-no-body.txt', 5, 'no body paragraphs after the headline'],
  ])('%s → line %i', (name, line, reason) => {
    const e = errorOf(() => page(name));
    expect(e.file).toBe(name);
    expect(e.line).toBe(line);
    expect(e.reason).toBe(reason);
    expect(e.message).toBe(`${name}:${line}: ${reason}`);
  });

  it('names <input> when no file is given', () => {
    expect(errorOf(() => parseArticlePage('')).message).toBe(
      '<input>:1: empty page: expected a date line, a section, a headline and paragraphs',
    );
  });

  it('rejects invalid UTF-8 as not text, naming the line', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('June 20, 2024\nNews\n'), 0xff, 0xfe, 0x0a]);
    const e = errorOf(() => parseArticlePage(bytes, { file: 'bin' }));
    expect([e.line, e.reason]).toEqual([3, 'not text: the page is not valid UTF-8']);
  });

  it('rejects a NUL byte as not text', () => {
    const bytes = new TextEncoder().encode('June 20, 2024\nNews\nHeadline\nBody\u0000text\n');
    const e = errorOf(() => parseArticlePage(bytes));
    expect([e.line, e.reason]).toEqual([4, 'not text: the page contains a NUL character']);
  });

  it('reports the missing headline when the section is followed by the related list', () => {
    const e = errorOf(() => parseArticlePage('June 20, 2024\nNews\nRelated News\nA story\n'));
    expect([e.line, e.reason]).toEqual([3, 'missing headline after the section name']);
  });
});
