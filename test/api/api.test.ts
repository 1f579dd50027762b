// The read API end to end: seed page imported into a fresh SQLite file, queried through yoga.fetch.
import { describe, expect, it } from 'vitest';
import { sqlStatementCounter } from '../../src/db.js';
import { createApp } from '../../src/http/app.js';
import { parseArticlePage } from '../../src/ingest/parse.js';
import { createTestDatabase } from '../helpers/db.js';
import { SEED_HEADLINE, SEED_PARAGRAPHS, SEED_SLUG, SEED_SOURCES } from '../helpers/fixtures.js';
import { errorCodes, gql } from '../helpers/gql.js';
import { writeArticle } from '../helpers/pages.js';
import { setupSuite } from '../helpers/suite.js';

const t = setupSuite({ seed: true });

const ARTICLE_PAGE = /* GraphQL */ `
  query ($slug: String!) {
    article(slug: $slug) {
      id slug headline dateline publishedAt status wordCount createdAt updatedAt
      section { id slug name }
      sources { id slug name citationCount }
      paragraphs { id position text citations { phrase start end source { name } paragraph { position } } }
      relatedLinks { id position title url article { slug } }
    }
  }
`;

describe('article(slug)', () => {
  it('answers the seed article exactly', async () => {
    const res = await gql(t.app, ARTICLE_PAGE, { slug: SEED_SLUG });
    expect(res.errors).toBeUndefined();
    const a = res.data.article;
    expect(a.slug).toBe(SEED_SLUG);
    expect(a.headline).toBe(SEED_HEADLINE);
    expect(a.dateline).toBe('Beijing');
    expect(a.publishedAt).toBe('2024-06-20T00:00:00.000Z');
    expect(a.status).toBe('PUBLISHED');
    expect(a.section).toMatchObject({ slug: 'latest-news', name: 'Latest News' });
    expect(a.paragraphs).toHaveLength(SEED_PARAGRAPHS);
    expect(a.paragraphs.map((p: { position: number }) => p.position)).toEqual(
      Array.from({ length: SEED_PARAGRAPHS }, (_, i) => i + 1),
    );
    expect(a.paragraphs[0].text.startsWith("China's President Xi Jinping")).toBe(true);
    expect(a.sources.map((s: { name: string }) => s.name)).toEqual(SEED_SOURCES);
    expect(a.sources.map((s: { citationCount: number }) => s.citationCount)).toEqual([1, 4, 1]);
    const citations = a.paragraphs.flatMap((p: any) =>
      p.citations.map((c: any) => [p.position, c.source.name, c.phrase]),
    );
    expect(citations).toEqual([
      [1, 'Xinhua', 'state media Xinhua reported'],
      [2, 'CNN', 'CNN reported'],
      [4, "China's Foreign Ministry", "according to a readout from China's Foreign Ministry"],
      [6, 'CNN', 'as reported by CNN'],
      [11, 'CNN', 'according to CNN'],
      [14, 'CNN', 'CNN reported'],
    ]);
    for (const p of a.paragraphs) {
      for (const c of p.citations) {
        expect(p.text.slice(c.start, c.end)).toBe(c.phrase);
        expect(c.paragraph.position).toBe(p.position);
      }
    }
    expect(a.relatedLinks).toEqual([]);
    expect(a.wordCount).toBeGreaterThan(500);
  });

  it('returns null for an unknown slug', async () => {
    const res = await gql(t.app, '{ article(slug: "no-such-article") { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.article).toBeNull();
  });
});

describe('node(id)', () => {
  it('round-trips the global id of every node type', async () => {
    const res = await gql(t.app, ARTICLE_PAGE, { slug: SEED_SLUG });
    const a = res.data.article;
    const ids: [string, string][] = [
      [a.id, 'Article'],
      [a.section.id, 'Section'],
      [a.sources[0].id, 'Source'],
      [a.paragraphs[3].id, 'Paragraph'],
    ];
    for (const [id, typename] of ids) {
      const node = await gql(t.app, 'query ($id: ID!) { node(id: $id) { __typename id } }', { id });
      expect(node.errors).toBeUndefined();
      expect(node.data.node).toEqual({ __typename: typename, id });
    }
    const para = await gql(t.app, 'query ($id: ID!) { node(id: $id) { ... on Paragraph { position } } }', {
      id: a.paragraphs[3].id,
    });
    expect(para.data.node).toEqual({ position: 4 });
  });

  it('returns null for a well-formed id of nothing and an error for garbage', async () => {
    const missing = Buffer.from('Article:999999').toString('base64');
    const res = await gql(t.app, 'query ($id: ID!) { node(id: $id) { id } }', { id: missing });
    expect(res.data.node).toBeNull();
    const bad = await gql(t.app, '{ node(id: "%%%") { id } }');
    expect(bad.errors?.length).toBeGreaterThan(0);
  });
});

describe('lists', () => {
  it('lists sections and sources with their articles', async () => {
    const res = await gql(
      t.app,
      `{
        sections { slug name articles(first: 5) { totalCount edges { node { slug } } } }
        sources(first: 10) { totalCount edges { node { name articles { totalCount edges { node { slug } } } } } }
        section(slug: "latest-news") { name }
        source(slug: "cnn") { name citationCount }
      }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.sections).toEqual([
      {
        slug: 'latest-news',
        name: 'Latest News',
        articles: { totalCount: 1, edges: [{ node: { slug: SEED_SLUG } }] },
      },
    ]);
    expect(res.data.sources.totalCount).toBe(3);
    expect(res.data.sources.edges.map((e: any) => e.node.name)).toEqual([
      "China's Foreign Ministry",
      'CNN',
      'Xinhua',
    ]);
    for (const e of res.data.sources.edges) expect(e.node.articles.totalCount).toBe(1);
    expect(res.data.section).toEqual({ name: 'Latest News' });
    expect(res.data.source).toEqual({ name: 'CNN', citationCount: 4 });
  });

  it('rejects page sizes over 100 and below 0, and malformed cursors, with BAD_USER_INPUT', async () => {
    for (const q of [
      '{ articles(first: 101) { totalCount } }',
      '{ articles(last: -1) { totalCount } }',
      '{ articles(after: "not-a-cursor") { totalCount } }',
      '{ sources(first: 1000) { totalCount } }',
      '{ section(slug: "latest-news") { articles(first: 500) { totalCount } } }',
    ]) {
      const res = await gql(t.app, q);
      expect(errorCodes(res), q).toEqual(['BAD_USER_INPUT']);
    }
  });
});

describe('errors and health', () => {
  it('answers GET /health with 200 once the database answers', async () => {
    const res = await t.app.fetch('http://yoga/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('masks unexpected errors', async () => {
    const broken = await createTestDatabase();
    const brokenApp = createApp({ db: broken.db, logging: false });
    await broken.db.$executeRawUnsafe('DROP TABLE "RelatedLink"');
    const res = await gql(brokenApp, '{ articles { edges { node { relatedLinks { title } } } } }');
    await broken.cleanup();
    expect(res.errors?.[0]?.message).toBe('Unexpected error.');
    expect(JSON.stringify(res)).not.toMatch(/RelatedLink|sqlite|prisma/i);
  });
});

describe('SQL statements per request', () => {
  function page(headline: string, paragraphs: number): string {
    const body = Array.from(
      { length: paragraphs },
      (_, i) => `Paragraph ${i + 1} of the story says something, according to Reuters.`,
    ).join('\n');
    return `Monday, March 3, 2025\n\nWorld\n\n${headline}\n\nLondon: ${body}\n\nShare on\n\nRelated News\nAnother story\n`;
  }

  it('is the same for an article of 1 and of 50 paragraphs', async () => {
    await writeArticle(t.db, parseArticlePage(page('One paragraph story', 1)));
    await writeArticle(t.db, parseArticlePage(page('Fifty paragraph story', 50)));
    const counts: number[] = [];
    for (const slug of ['one-paragraph-story', 'fifty-paragraph-story']) {
      const before = sqlStatementCounter.count;
      const res = await gql(t.app, ARTICLE_PAGE, { slug });
      counts.push(sqlStatementCounter.count - before);
      expect(res.errors).toBeUndefined();
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBe(counts[0]);
  });
});
