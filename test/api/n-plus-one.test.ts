// The SQL statements a page issues must not grow with the number of items on it (no N+1).
import { describe, expect, it } from 'vitest';
import { sqlStatementCounter } from '../../src/db.js';
import { gql } from '../helpers/gql.js';
import { importTexts, type PageSpec } from '../helpers/pages.js';
import { setupSuite } from '../helpers/suite.js';

const COUNT = 110;
const SIZES = [1, 20, 100];

function headline(i: number): string {
  return `Harbour story number ${i}`;
}

const PAGES: PageSpec[] = Array.from({ length: COUNT }, (_, i) => ({
  date: `2024-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`,
  section: ['World News', 'Business', 'Sport'][i % 3] ?? 'World News',
  headline: headline(i),
  paragraphs: [
    `Ships docked at the harbour on day ${i}, Reuters reported.`,
    `"We are ready," said Captain Anna Berg, according to CNN.`,
    `Minister Li Wei said the port "will grow" this year, ${i % 2 === 0 ? 'Xinhua' : 'the Transport Ministry'} reported.`,
  ],
  related: [headline((i + 1) % COUNT), headline((i + 2) % COUNT), `A story we do not store ${i}`],
}));

const t = setupSuite({
  data: async (db) => {
    await importTexts(db, PAGES);
    // A few drafts among the link targets exercise the visibility check on links.
    await db.article.updateMany({
      where: { headline: { in: [headline(3), headline(7)] } },
      data: { status: 'DRAFT' },
    });
  },
  timeout: 120_000,
});

// What a list page shows: headline, section, sources, the opening paragraph and the related links.
const LIST_FIELDS = `
  slug headline publishedAt
  section { slug name }
  sources { slug name kind }
  paragraphs { position text }
  relatedLinks { title url article { slug headline } }
`;

// Every field that reaches another table, for a smaller page (the cost limit keeps this one modest).
const ALL_FIELDS = `
  slug headline publishedAt
  section { slug name articleCount }
  sources { slug name kind articleCount }
  paragraphs { position text citations { phrase source { name } } }
  relatedLinks { position title url article { slug headline section { name } } }
  relatedArticles { slug }
  citedBy { slug }
  quotes { text speaker paragraph { position } }
`;

/** A response's `data`, as loosely typed as `gql` returns it. */
type Data = any;

interface PageUnderTest {
  query: string;
  items: (data: Data) => number;
  sizes?: number[];
}

const PAGES_UNDER_TEST: Record<string, PageUnderTest> = {
  'list page': {
    query: `query ($n: Int!) { articles(first: $n) { totalCount edges { node { ${LIST_FIELDS} } } pageInfo { hasNextPage } } }`,
    items: (d) => d.articles.edges.length,
  },
  'article page fields on every item': {
    query: `query ($n: Int!) { articles(first: $n) { edges { node { ${ALL_FIELDS} } } } }`,
    items: (d) => d.articles.edges.length,
    sizes: [1, 5, 20],
  },
  'filtered, ordered list page': {
    query: `query ($n: Int!) { articles(first: $n, filter: { headlineContains: "harbour" }, orderBy: { field: HEADLINE, direction: ASC }) { edges { node { ${LIST_FIELDS} } } } }`,
    items: (d) => d.articles.edges.length,
  },
  'source page with its articles': {
    query: `query ($n: Int!) { source(slug: "reuters") { name kind articleCount articles(first: $n) { totalCount edges { node { ${LIST_FIELDS} } } } } }`,
    items: (d) => d.source.articles.edges.length,
  },
  'section page with its articles': {
    query: `query ($n: Int!) { section(slug: "business") { name articleCount articles(first: $n, orderBy: { field: PUBLISHED_AT, direction: ASC }) { totalCount edges { node { ${ALL_FIELDS.replace('citedBy { slug }', '')} } } } } }`,
    items: (d) => d.section.articles.edges.length,
    sizes: [1, 5, 20],
  },
  'search page': {
    query: `query ($n: Int!) { search(query: "harbour", first: $n) { totalCount edges { score highlights { position snippet } node { ${LIST_FIELDS} } } } }`,
    items: (d) => d.search.edges.length,
  },
  'sources list': {
    query: `query ($n: Int!) { sources(first: $n, orderBy: { field: ARTICLE_COUNT, direction: DESC }) { edges { node { name kind articleCount citationCount } } } }`,
    items: (d) => d.sources.edges.length,
  },
};

describe('statements per request do not grow with page size', () => {
  for (const [name, page] of Object.entries(PAGES_UNDER_TEST)) {
    const sizes = page.sizes ?? SIZES;
    it(`${name}: same count for N = ${sizes.join(', ')}`, async () => {
      const counts: number[] = [];
      const items: number[] = [];
      for (const n of sizes) {
        const before = sqlStatementCounter.count;
        const res = await gql(t.app, page.query, { n });
        counts.push(sqlStatementCounter.count - before);
        expect(res.errors).toBeUndefined();
        items.push(page.items(res.data));
      }
      // The pages really differ in size (sources are few, so that list stops growing early).
      expect(items[0]).toBeLessThan(items[2] ?? 0);
      if (name !== 'sources list') expect(items).toEqual(sizes);
      expect(counts[0]).toBeGreaterThan(0);
      expect(counts).toEqual(counts.map(() => counts[0]));
    });
  }

  it('loads related links with their resolved, visible targets', async () => {
    const res = await gql(
      t.app,
      `{ article(slug: "harbour-story-number-2") { relatedLinks { title article { slug } } relatedArticles { slug } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(
      res.data.article.relatedLinks.map((l: { article: { slug: string } | null }) => l.article?.slug ?? null),
    ).toEqual([
      null, // story 3 is a draft
      'harbour-story-number-4',
      null,
    ]);
    expect(res.data.article.relatedArticles).toEqual([{ slug: 'harbour-story-number-4' }]);
  });
});
