// Full-text search on a generated corpus of 240 pages imported through the real parser and writer.
// The query text's translation to FTS5 on its own: test/unit/fts-query.test.ts.
import { describe, expect, it } from 'vitest';
import { errorCodes, gql } from '../helpers/gql.js';
import { importTexts, type PageSpec, prng } from '../helpers/pages.js';
import { setupSuite } from '../helpers/suite.js';

const CORPUS_SIZE = 240;
const FILLER = [
  'market',
  'government',
  'minister',
  'talks',
  'economy',
  'weather',
  'council',
  'village',
  'river',
  'festival',
  'energy',
  'school',
  'hospital',
  'harbour',
  'railway',
  'budget',
  'farmers',
  'workers',
  'museum',
  'bridge',
];
const SECTIONS = ['World News', 'Business', 'Sport', 'Science'];

function sentence(random: () => number, words: number): string {
  const picked = Array.from({ length: words }, () => FILLER[Math.floor(random() * FILLER.length)]);
  const text = picked.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** Deterministic pages; a few carry the words the ranking and snippet tests look for. */
function corpus(): PageSpec[] {
  const random = prng(20261128);
  const pages: PageSpec[] = Array.from({ length: CORPUS_SIZE }, (_, i) => ({
    date: `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    section: SECTIONS[i % SECTIONS.length] ?? 'World News',
    headline: `Generated story ${i} about ${FILLER[i % FILLER.length]} and ${FILLER[(i * 7) % FILLER.length]}`,
    paragraphs: Array.from({ length: 3 + (i % 4) }, () => sentence(random, 12)),
  }));
  const set = (i: number, change: Partial<PageSpec>) => {
    pages[i] = { ...(pages[i] as PageSpec), ...change };
  };
  set(5, { headline: 'Zeppelin returns to the skies over the harbour' });
  set(6, {
    paragraphs: [
      'The old hangar stood empty for years.',
      'A zeppelin was spotted at dawn, and a second zeppelin followed.',
      'Crowds cheered as the Zeppelin circled the town.',
    ],
  });
  set(7, {
    paragraphs: [
      'Markets were calm.',
      'One reader mentioned a zeppelin in passing, among many other words here.',
    ],
  });
  set(10, { paragraphs: ['Observers gathered early.', 'The solar eclipse was visible across the valley.'] });
  set(11, { paragraphs: ['An eclipse of profits hit the solar panel industry this quarter.'] });
  set(12, { headline: 'Café owners in São Paulo protest new rules', section: 'Business' });
  set(13, { headline: 'Quokka sighting kept as a draft' });
  set(14, { paragraphs: ['Tags like <script>alert(1)</script> & friends sit near the narwhal exhibit.'] });
  return pages;
}

const t = setupSuite({
  data: async (db) => {
    const results = await importTexts(db, corpus());
    expect(results.filter((r) => r.outcome === 'created')).toHaveLength(CORPUS_SIZE);
    await db.article.update({
      where: { slug: 'quokka-sighting-kept-as-a-draft' },
      data: { status: 'DRAFT' },
    });
  },
  timeout: 120_000,
});

const SEARCH = `query ($query: String!, $first: Int, $after: String, $filter: ArticleFilter) {
  search(query: $query, first: $first, after: $after, filter: $filter) {
    totalCount
    edges { cursor score highlights { position snippet } node { slug headline section { slug } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Edge {
  score: number;
  highlights: { position: number; snippet: string }[];
  node: { slug: string; headline: string; section: { slug: string } };
}

async function search(query: string, vars: Record<string, unknown> = {}) {
  const res = await gql(t.app, SEARCH, { query, ...vars });
  expect(res.errors).toBeUndefined();
  return res.data.search as {
    totalCount: number;
    edges: Edge[];
    pageInfo: { hasNextPage: boolean; endCursor: string };
  };
}

describe('search ranking and snippets', () => {
  it('ranks a headline match above body matches, and more matches above fewer', async () => {
    const result = await search('zeppelin');
    expect(result.totalCount).toBe(3);
    expect(result.edges.map((e) => e.node.headline)).toEqual([
      'Zeppelin returns to the skies over the harbour',
      expect.stringMatching(/^Generated story 6 /),
      expect.stringMatching(/^Generated story 7 /),
    ]);
    const scores = result.edges.map((e) => e.score);
    expect(scores[0]).toBeGreaterThan(scores[1] ?? 0);
    expect(scores[1]).toBeGreaterThan(scores[2] ?? 0);
  });

  it('gives paragraph positions (0 = headline) and snippets with the matches marked', async () => {
    const [headlineHit, bodyHit] = (await search('zeppelin')).edges;
    expect(headlineHit?.highlights).toEqual([
      { position: 0, snippet: '<mark>Zeppelin</mark> returns to the skies over the harbour' },
    ]);
    expect(bodyHit?.highlights).toEqual([
      {
        position: 2,
        snippet: 'A <mark>zeppelin</mark> was spotted at dawn, and a second <mark>zeppelin</mark> followed.',
      },
      { position: 3, snippet: 'Crowds cheered as the <mark>Zeppelin</mark> circled the town.' },
    ]);
  });

  it('escapes HTML in snippets', async () => {
    const [hit] = (await search('narwhal')).edges;
    expect(hit?.highlights[0]?.snippet).toBe(
      'Tags like &lt;script&gt;alert(1)&lt;/script&gt; &amp; friends sit near the <mark>narwhal</mark> exhibit.',
    );
  });

  it('cuts long paragraphs to a window around the first match', async () => {
    const result = await search('market', { first: 50 });
    const long = result.edges.flatMap((e) => e.highlights).find((h) => h.snippet.length > 150);
    for (const h of result.edges.flatMap((e) => e.highlights)) {
      expect(h.snippet).toContain('<mark>');
      expect(h.snippet.length).toBeLessThan(320);
    }
    expect(long === undefined || long.snippet.includes('<mark>')).toBe(true);
  });

  it('searches a quoted phrase as a phrase, unquoted words as all required', async () => {
    const phrase = await search('"solar eclipse"');
    expect(phrase.edges.map((e) => e.node.headline)).toEqual([expect.stringMatching(/^Generated story 10 /)]);
    expect(phrase.edges[0]?.highlights).toEqual([
      { position: 2, snippet: 'The <mark>solar eclipse</mark> was visible across the valley.' },
    ]);
    const words = await search('eclipse solar');
    expect(words.edges.map((e) => e.node.headline).sort()).toEqual([
      expect.stringMatching(/^Generated story 10 /),
      expect.stringMatching(/^Generated story 11 /),
    ]);
  });

  it('ignores case and accents', async () => {
    const result = await search('SAO PAULO cafe');
    expect(result.edges.map((e) => e.node.headline)).toEqual(['Café owners in São Paulo protest new rules']);
    expect(result.edges[0]?.highlights[0]?.snippet).toBe(
      '<mark>Café</mark> owners in <mark>São</mark> <mark>Paulo</mark> protest new rules',
    );
  });

  it('never returns drafts', async () => {
    expect((await search('quokka')).totalCount).toBe(0);
  });

  it('applies the article filter', async () => {
    const all = await search('"market budget"', { first: 100 });
    expect(all.totalCount).toBeLessThan(100);
    const business = await search('"market budget"', { first: 100, filter: { section: 'business' } });
    expect(business.totalCount).toBeGreaterThan(0);
    expect(business.totalCount).toBeLessThan(all.totalCount);
    expect(business.edges.every((e) => e.node.section.slug === 'business')).toBe(true);
    expect(business.edges.map((e) => e.node.slug)).toEqual(
      all.edges.filter((e) => e.node.section.slug === 'business').map((e) => e.node.slug),
    );
  });

  it('pages through every result once, best first', async () => {
    const first = await search('market', { first: 100 });
    expect(first.totalCount).toBeGreaterThan(100);
    const seen: Edge[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const page = await search('market', { first: 17, after });
      seen.push(...page.edges);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(first.totalCount);
    expect(new Set(seen.map((e) => e.node.slug)).size).toBe(first.totalCount);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]?.score).toBeLessThanOrEqual(seen[i - 1]?.score ?? Infinity);
    }
  });
});

describe('hostile search text', () => {
  const HOSTILE = [
    '"',
    '"""',
    '"market',
    'market"',
    '*',
    'market*',
    '-market',
    '- - -',
    'AND',
    'market AND',
    'OR NOT',
    'NOT market',
    'NEAR(market energy, 2)',
    '(((',
    ')',
    'market)',
    '(market OR',
    '^market',
    'headline:market',
    'body : market',
    '{market}',
    '😀',
    '😀 market 🚀',
    "'",
    '\\',
    '%_%',
    '\u0000market',
    'market\u200b',
    'ÅÄÖ  ∑ ∞',
    '"unbalanced "phrase',
    'x'.repeat(500),
  ];

  it.each(HOSTILE.map((q) => [q]))(
    '%j searches as plain text or is refused, never an internal error',
    async (q) => {
      const res = await gql(t.app, SEARCH, { query: q });
      if (res.errors) {
        expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      } else {
        expect(res.data.search.totalCount).toBeGreaterThanOrEqual(0);
      }
    },
  );

  it('treats FTS5 operators as plain words', async () => {
    // `market AND` must match what `market and` matches: AND is a word, not an operator.
    const operator = await search('market AND');
    const word = await search('market and');
    expect(operator.totalCount).toBe(word.totalCount);
    const minus = await search('-market');
    expect(minus.totalCount).toBe((await search('market')).totalCount);
  });

  it('refuses a 10 KB query and a query with no words with BAD_USER_INPUT', async () => {
    for (const q of ['y'.repeat(10 * 1024), '😀', '""', '   ']) {
      const res = await gql(t.app, SEARCH, { query: q });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors?.[0]?.extensions?.field).toBe('query');
    }
  });

  it('refuses bad paging arguments with BAD_USER_INPUT', async () => {
    for (const vars of [{ first: 101 }, { first: -1 }, { after: 'nope' }]) {
      const res = await gql(t.app, SEARCH, { query: 'market', ...vars });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    }
  });
});
