// Atom feeds, the sitemap (with its index and pages) and the Google News sitemap, through app.fetch on a real
// SQLite file: each document parsed with an XML parser and checked against its format's required elements;
// only public articles, absolute URLs from PUBLIC_URL, ETag/304, and never stale (a write here, another
// process's commit, a scheduled time, the news sitemap's moving window).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusArticle } from '../../bench/corpus.js';
import { createApiToken } from '../../src/auth/tokens.js';
import { seedDatabase } from '../../src/editorial/seed.js';
import { parseEnv } from '../../src/env.js';
import { type App, type AppOptions, createApp } from '../../src/http/app.js';
import { ReadCache } from '../../src/http/cache/read-cache.js';
import type { FeedLimits } from '../../src/http/feeds/plugin.js';
import { articlePath } from '../../src/http/reader/routes.js';
import { escapeXml } from '../../src/http/xml.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { gql, type MeasuredAnswer, measured } from '../helpers/gql.js';
import { importTexts, writeArticle } from '../helpers/pages.js';

type Json = any;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const PUBLIC_URL = 'https://news.example/edition';
const PUBLICATION = { publicUrl: PUBLIC_URL, name: 'The Example Times', language: 'en' };
const ATOM = 'http://www.w3.org/2005/Atom';
const SITEMAP = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS = 'http://www.google.com/schemas/sitemap-news/0.9';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
// Anything outside XML 1.0's Char production, or the C1 controls it discourages.
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point.
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/u;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const articleUrl = (slug: string) => PUBLIC_URL + articlePath(slug);

// ---- fetching and parsing -------------------------------------------------------------------------------

type Answer = MeasuredAnswer;

const fetchFrom = (app: App, path: string, headers: Record<string, string> = {}, method = 'GET') =>
  measured(() => app.fetch(`http://reader.test${path}`, { method, headers }));

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ['entry', 'link', 'url', 'sitemap'].includes(name),
});

/** Well-formed, only XML characters, and parsed. */
function parseXml(text: string): Json {
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  expect(XMLValidator.validate(text)).toBe(true);
  expect(text).not.toMatch(NOT_XML_CHAR);
  return parser.parse(text);
}

/** An element's text whether or not it has attributes. */
const textOf = (node: Json): string => (typeof node === 'string' ? node : node['#text']);

interface Entry {
  id: string;
  title: string;
  link: string;
  published: string;
  updated: string;
  author: string;
  summary: string;
  category: { term: string; label: string };
}

/** An Atom feed, checked against RFC 4287's required elements (4.1.1, 4.1.2). */
function atom(answer: Answer): { feed: Json; entries: Entry[] } {
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
  const { feed } = parseXml(answer.text);
  expect(feed['@xmlns']).toBe(ATOM);
  expect(feed['@xml:lang']).toBe('en');
  expect(textOf(feed.id)).toMatch(/^https:\/\//);
  expect(textOf(feed.title)).toBeTruthy();
  expect(feed.updated).toMatch(RFC3339);
  const self = feed.link.find((l: Json) => l['@rel'] === 'self');
  expect(self['@href']).toBe(textOf(feed.id));
  expect(self['@type']).toBe('application/atom+xml');
  expect(feed.author.name).toBe(PUBLICATION.name);
  const entries: Entry[] = (feed.entry ?? []).map((e: Json) => {
    expect(e.id).toMatch(/^tag:news\.example,\d{4}-\d{2}-\d{2}:\/edition\/articles\/\d+$/);
    expect(e.updated).toMatch(RFC3339);
    expect(e.published).toMatch(RFC3339);
    expect(e.title['@type']).toBe('text');
    const alternate = e.link.filter((l: Json) => l['@rel'] === 'alternate');
    expect(alternate).toHaveLength(1); // an entry without content MUST have one
    expect(alternate[0]['@type']).toBe('text/html');
    return {
      id: e.id,
      title: textOf(e.title),
      link: alternate[0]['@href'],
      published: e.published,
      updated: e.updated,
      author: e.author.name,
      summary: textOf(e.summary),
      category: { term: e.category['@term'], label: e.category['@label'] },
    };
  });
  // Ids are unique in a feed; the feed's updated is its newest entry's.
  expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  if (entries.length > 0)
    expect(feed.updated).toBe(
      entries
        .map((e) => e.updated)
        .sort()
        .at(-1),
    );
  return { feed, entries };
}

/** A sitemaps.org <urlset>: each <url> has an absolute <loc>; returns [loc, lastmod] pairs. */
function urlset(answer: Answer): { loc: string; lastmod: string }[] {
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toBe('application/xml; charset=utf-8');
  const root = parseXml(answer.text).urlset;
  expect(root['@xmlns']).toBe(SITEMAP);
  return (root.url ?? []).map((u: Json) => {
    expect(u.loc.startsWith(`${PUBLIC_URL}/`)).toBe(true);
    expect(u.lastmod).toMatch(RFC3339);
    return { loc: u.loc, lastmod: u.lastmod };
  });
}

interface NewsUrl {
  loc: string;
  name: string;
  language: string;
  date: string;
  title: string;
}

/** A Google News sitemap: the news namespace and, in each <url>, publication name/language, date, title. */
function newsSitemap(answer: Answer): NewsUrl[] {
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toBe('application/xml; charset=utf-8');
  const root = parseXml(answer.text).urlset;
  expect(root['@xmlns']).toBe(SITEMAP);
  expect(root['@xmlns:news']).toBe(NEWS);
  return (root.url ?? []).map((u: Json) => {
    const news = u['news:news'];
    expect(news['news:publication_date']).toMatch(RFC3339);
    return {
      loc: u.loc,
      name: news['news:publication']['news:name'],
      language: news['news:publication']['news:language'],
      date: news['news:publication_date'],
      title: news['news:title'],
    };
  });
}

// ---- a seeded database, generated pages, articles written through the API --------------------------------

describe('feeds and sitemaps', () => {
  let t: TestDatabase;
  let nowMs = Date.UTC(2025, 2, 10, 12);
  const clock = () => new Date(nowMs);
  let cache: ReadCache;
  let app: App;
  let WRITE: Record<string, string>;
  const get = (path: string, headers?: Record<string, string>, method?: string) =>
    fetchFrom(app, path, headers, method);

  const CREATE = /* GraphQL */ `
    mutation ($input: CreateArticleInput!) { createArticle(input: $input) { id slug section { slug } } }`;

  async function createArticle(input: Record<string, unknown>): Promise<{ id: string; slug: string }> {
    const res = await gql(app, CREATE, { input: { paragraphs: ['A paragraph.'], ...input } }, WRITE);
    expect(res.errors).toBeUndefined();
    return res.data.createArticle;
  }

  async function mutate(mutation: string, variables: Record<string, unknown>): Promise<void> {
    const res = await gql(app, mutation, variables, WRITE);
    expect(res.errors).toBeUndefined();
  }

  /** Runs `use` with a second app on the same database whose feeds have other sizes. */
  async function withLimits(limits: Partial<FeedLimits>, use: (other: App) => Promise<void>): Promise<void> {
    const otherCache = new ReadCache({ db: t.db, clock });
    const feeds = { publication: PUBLICATION, limits };
    try {
      await use(createApp({ db: t.db, cache: otherCache, clock, logging: false, feeds }));
    } finally {
      otherCache.close();
    }
  }

  /** The slugs the public may read right now, as the GraphQL API lists them. */
  async function publicSlugs(): Promise<string[]> {
    const res = await gql(app, '{ articles(first: 100) { totalCount edges { node { slug } } } }');
    expect(res.data.articles.totalCount).toBeLessThanOrEqual(100);
    return res.data.articles.edges.map((e: Json) => e.node.slug).sort();
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDatabase(t.db);
    await importTexts(t.db, [
      {
        date: '2025-03-01',
        section: 'World',
        headline: 'Ministers meet in Geneva',
        paragraphs: ['Geneva: Ministers met on Saturday.', 'They agreed to meet again.'],
      },
      {
        date: '2025-03-02',
        section: 'World',
        headline: 'Floods recede in the delta',
        paragraphs: ['Dhaka: The water fell overnight.'],
      },
      {
        date: '2025-03-03',
        section: 'Business',
        headline: 'Markets open higher',
        paragraphs: ['London: Shares rose early on Monday.'],
      },
      {
        date: '2025-03-04',
        section: 'World',
        headline: 'Talks resume after a pause',
        paragraphs: ['Vienna: Negotiators returned.'],
      },
    ]);
    await writeArticle(t.db, corpusArticle(0)); // rewritten by another process below
    cache = new ReadCache({ db: t.db, clock });
    app = createApp({ db: t.db, cache, clock, logging: false, feeds: { publication: PUBLICATION } });
    WRITE = bearer(await createApiToken(t.db, 'editor', 'write'));
  });
  afterAll(async () => {
    cache.close();
    await t.cleanup();
  });

  it('/feed.xml is an Atom feed of the newest public articles, newest first, with absolute URLs', async () => {
    const { feed, entries } = atom(await get('/feed.xml'));
    expect(textOf(feed.id)).toBe(`${PUBLIC_URL}/feed.xml`);
    expect(textOf(feed.title)).toBe('The Example Times');
    expect(feed.link.find((l: Json) => l['@rel'] === 'alternate')['@href']).toBe(`${PUBLIC_URL}/`);
    expect(entries.map((e) => e.link).sort()).toEqual((await publicSlugs()).map(articleUrl).sort());
    expect(entries.map((e) => e.published)).toEqual(
      entries
        .map((e) => e.published)
        .sort()
        .reverse(),
    );

    const talks = entries[0];
    expect(talks).toMatchObject({
      title: 'Talks resume after a pause',
      link: `${PUBLIC_URL}/articles/talks-resume-after-a-pause`,
      published: '2025-03-04T00:00:00Z',
      author: 'The Example Times',
      category: { term: 'world', label: 'World' },
    });
    // The summary is the first paragraph, as the API gives it.
    const res = await gql(app, '{ article(slug: "ministers-meet-in-geneva") { paragraphs { text } } }');
    const geneva = entries.find((e) => e.title === 'Ministers meet in Geneva');
    expect(geneva?.summary).toBe(res.data.article.paragraphs[0].text);
  });

  it('a feed holds the newest `feedEntries` articles (50 unless configured)', async () => {
    await withLimits({ feedEntries: 3 }, async (three) => {
      const { entries } = atom(await fetchFrom(three, '/feed.xml'));
      const all = atom(await get('/feed.xml')).entries;
      expect(entries).toEqual(all.slice(0, 3));
    });
  });

  it('/sections/<slug>/feed.xml has only that section; 404 for an unknown section or one with no public article', async () => {
    const { feed, entries } = atom(await get('/sections/world/feed.xml'));
    expect(textOf(feed.id)).toBe(`${PUBLIC_URL}/sections/world/feed.xml`);
    expect(textOf(feed.title)).toBe('The Example Times: World');
    expect(entries.map((e) => e.title)).toEqual([
      'Talks resume after a pause',
      'Floods recede in the delta',
      'Ministers meet in Geneva',
    ]);
    expect(entries.every((e) => e.category.term === 'world')).toBe(true);

    expect((await get('/sections/no-such-desk/feed.xml')).status).toBe(404);
    expect((await get('/sections/%E0%A4%A/feed.xml')).status).toBe(404);
    // A draft creates its section, but the section has nothing public: its feed (and name) stay hidden.
    await createArticle({ headline: 'Embargoed until further notice', section: 'Embargo Desk' });
    const hidden = await get('/sections/embargo-desk/feed.xml');
    expect(hidden.status).toBe(404);
    expect(hidden.text).not.toContain('Embargo');
  });

  it('/sitemap.xml lists every public article with its lastmod', async () => {
    const urls = urlset(await get('/sitemap.xml'));
    expect(urls.map((u) => u.loc).sort()).toEqual((await publicSlugs()).map(articleUrl).sort());
    const markets = urls.find((u) => u.loc.endsWith('/markets-open-higher'));
    expect(markets).toBeDefined();
  });

  it('/sitemap.xml becomes an index of pages when there are more articles than a page holds', async () => {
    await withLimits({ sitemapPageSize: 2 }, async (small) => {
      const slugs = await publicSlugs();
      const index = await fetchFrom(small, '/sitemap.xml');
      expect(index.headers.get('content-type')).toBe('application/xml; charset=utf-8');
      const { sitemapindex } = parseXml(index.text);
      expect(sitemapindex['@xmlns']).toBe(SITEMAP);
      const pages: string[] = sitemapindex.sitemap.map((s: Json) => s.loc);
      expect(pages).toEqual(
        Array.from({ length: Math.ceil(slugs.length / 2) }, (_, i) => `${PUBLIC_URL}/sitemap-${i + 1}.xml`),
      );
      const locs: string[] = [];
      for (const page of pages) {
        const urls = urlset(await fetchFrom(small, page.slice(PUBLIC_URL.length)));
        expect(urls.length).toBeGreaterThan(0);
        expect(urls.length).toBeLessThanOrEqual(2);
        locs.push(...urls.map((u) => u.loc));
      }
      // Every public article exactly once across the pages.
      expect(locs.sort()).toEqual(slugs.map(articleUrl).sort());
      expect((await fetchFrom(small, `/sitemap-${pages.length + 1}.xml`)).status).toBe(404);
      expect((await fetchFrom(small, '/sitemap-0.xml')).status).toBe(404);
    });
  });

  it('/news-sitemap.xml has the articles of the last 48 hours with publication, date and title', async () => {
    const now = clock().getTime();
    const at = (ms: number) => new Date(ms).toISOString();
    const recent = await createArticle({
      headline: 'An hour old',
      section: 'World',
      status: 'PUBLISHED',
      publishedAt: at(now - HOUR),
    });
    const edge = await createArticle({
      headline: 'Nearly two days old',
      section: 'World',
      status: 'PUBLISHED',
      publishedAt: at(now - 48 * HOUR + MINUTE),
    });
    const old = await createArticle({
      headline: 'Just over two days old',
      section: 'World',
      status: 'PUBLISHED',
      publishedAt: at(now - 48 * HOUR - MINUTE),
    });

    const urls = newsSitemap(await get('/news-sitemap.xml'));
    expect(urls.map((u) => u.loc)).toEqual([articleUrl(recent.slug), articleUrl(edge.slug)]);
    expect(urls[0]).toEqual({
      loc: articleUrl(recent.slug),
      name: 'The Example Times',
      language: 'en',
      date: at(now - HOUR).replace('.000Z', 'Z'),
      title: 'An hour old',
    });
    // Older ones are still in the feed and the sitemap, only not in the news sitemap.
    expect(urlset(await get('/sitemap.xml')).map((u) => u.loc)).toContain(articleUrl(old.slug));

    // The window moves with the clock, with no write at all: the cached document expires as its oldest
    // article leaves the window.
    expect((await get('/news-sitemap.xml')).headers.get('x-cache')).toBe('HIT');
    nowMs += 2 * MINUTE;
    const later = await get('/news-sitemap.xml');
    expect(later.headers.get('x-cache')).toBe('MISS');
    expect(newsSitemap(later).map((u) => u.loc)).toEqual([articleUrl(recent.slug)]);
  });

  it('never shows drafts, scheduled or deleted articles (not even to a token); a scheduled one appears when its time comes', async () => {
    const draft = await createArticle({ headline: 'Draft not for readers', section: 'World' });
    const scheduled = await createArticle({ headline: 'Scheduled for later today', section: 'World' });
    const publishAt = new Date(clock().getTime() + HOUR);
    await mutate('mutation ($id: ID!, $at: DateTime!) { scheduleArticle(id: $id, publishAt: $at) { id } }', {
      id: scheduled.id,
      at: publishAt.toISOString(),
    });
    const deleted = await createArticle({
      headline: 'Deleted after publishing',
      section: 'World',
      status: 'PUBLISHED',
    });
    await mutate('mutation ($id: ID!) { deleteArticle(id: $id) { id } }', { id: deleted.id });
    const hidden = [draft.slug, scheduled.slug, deleted.slug];

    const documents = ['/feed.xml', '/sections/world/feed.xml', '/sitemap.xml', '/news-sitemap.xml'];
    for (const path of documents) {
      for (const headers of [{}, WRITE]) {
        const answer = await get(path, headers);
        expect(answer.status).toBe(200);
        for (const slug of hidden) expect(answer.text).not.toContain(slug);
      }
    }
    expect(newsSitemap(await get('/news-sitemap.xml')).length).toBeGreaterThan(0);

    // Cached before its time; the same documents once the clock reaches it, with no write in between.
    expect((await get('/feed.xml')).headers.get('x-cache')).toBe('HIT');
    nowMs = publishAt.getTime();
    const feed = await get('/feed.xml');
    expect(feed.headers.get('x-cache')).toBe('MISS');
    expect(atom(feed).entries[0]).toMatchObject({
      title: 'Scheduled for later today',
      published: publishAt.toISOString().replace('.000Z', 'Z'),
    });
    expect(urlset(await get('/sitemap.xml')).map((u) => u.loc)).toContain(articleUrl(scheduled.slug));
    expect(newsSitemap(await get('/news-sitemap.xml'))[0]?.loc).toBe(articleUrl(scheduled.slug));
    for (const path of documents) {
      const text = (await get(path)).text;
      expect(text).not.toContain(draft.slug);
      expect(text).not.toContain(deleted.slug);
    }
  });

  it('escapes headlines and paragraphs and drops control characters', async () => {
    const headline = `Q&A: "Tom's" <b>bold</b> claim\u0007 & a bell\u000B]]>`;
    const paragraph = 'Text with <script>alert("x")</script> & ]]> and \u0001 controls \u0085 too.';
    const { slug } = await createArticle({
      headline,
      section: 'World',
      status: 'PUBLISHED',
      paragraphs: [paragraph],
    });
    // As stored (the write path may normalise text), minus the characters XML cannot carry.
    const { data } = await gql(app, `{ article(slug: "${slug}") { headline paragraphs { text } } }`);
    const clean = (s: string) => s.replace(new RegExp(NOT_XML_CHAR.source, 'gu'), '');
    expect(data.article.headline).toContain('<b>bold</b>');
    expect(data.article.paragraphs[0].text).toContain('<script>');

    const entry = atom(await get('/feed.xml')).entries.find((e) => e.link === articleUrl(slug));
    expect(entry?.title).toBe(clean(data.article.headline));
    expect(entry?.summary).toBe(clean(data.article.paragraphs[0].text));
    const news = newsSitemap(await get('/news-sitemap.xml')).find((u) => u.loc === articleUrl(slug));
    expect(news?.title).toBe(clean(data.article.headline));
  });

  it('answers 304 to If-None-Match, HEAD without a body, and hits without SQL', async () => {
    for (const path of ['/feed.xml', '/sections/world/feed.xml', '/sitemap.xml', '/news-sitemap.xml']) {
      const first = await get(path);
      const etag = first.headers.get('etag') ?? '';
      expect(etag).toMatch(/^".+"$/);
      expect(first.headers.get('cache-control')).toBe('public, no-cache');

      const hit = await get(path);
      expect(hit.headers.get('x-cache')).toBe('HIT');
      expect(hit.statements).toBe(0);
      expect(hit.text).toBe(first.text);

      const notModified = await get(path, { 'if-none-match': etag });
      expect(notModified.status).toBe(304);
      expect(notModified.text).toBe('');
      expect(notModified.headers.get('etag')).toBe(etag);
      expect(notModified.headers.get('cache-control')).toBe('public, no-cache');
      expect((await get(path, { 'if-none-match': '"other"' })).status).toBe(200);

      const head = await get(path, {}, 'HEAD');
      expect(head.status).toBe(200);
      expect(head.text).toBe('');
      expect(head.headers.get('etag')).toBe(etag);
    }
  });

  it('costs a fixed number of SQL statements per document, however many articles it holds', async () => {
    cache.freshness.invalidate();
    await get('/sitemap-1.xml'); // the new epoch's one look-up of the next scheduled time happens here
    const misses: Record<string, number> = {};
    for (const path of ['/sections/business/feed.xml', '/feed.xml', '/sitemap.xml', '/news-sitemap.xml']) {
      const answer = await get(path);
      expect(answer.headers.get('x-cache')).toBe('MISS');
      misses[path] = answer.statements;
    }
    // A feed: the articles, then their sections and their first paragraphs by id, for 1 entry or for many.
    expect(atom(await get('/sections/business/feed.xml')).entries).toHaveLength(1);
    expect(atom(await get('/feed.xml')).entries.length).toBeGreaterThan(10);
    expect(misses).toEqual({
      '/sections/business/feed.xml': 3,
      '/feed.xml': 3,
      '/sitemap.xml': 1,
      '/news-sitemap.xml': 1,
    });
  });

  it('is not stale after a write in this process', async () => {
    await get('/feed.xml');
    await get('/sitemap.xml');
    expect((await get('/feed.xml')).headers.get('x-cache')).toBe('HIT');
    const { data } = await gql(app, '{ article(slug: "markets-open-higher") { id } }');
    await mutate(
      'mutation ($id: ID!) { updateArticle(id: $id, input: { headline: "Markets close higher" }) { id } }',
      {
        id: data.article.id,
      },
    );
    const after = await get('/feed.xml');
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(atom(after).entries.map((e) => e.title)).toContain('Markets close higher');
    expect((await get('/sitemap.xml')).headers.get('x-cache')).toBe('MISS');
  });

  it("is not stale after another process's commit (PRAGMA data_version)", async () => {
    await get('/feed.xml');
    expect((await get('/feed.xml')).headers.get('x-cache')).toBe('HIT');
    const headline = 'Rewritten by the import in another process';
    const child = join(import.meta.dirname, '..', 'helpers', 'write-article-child.ts');
    const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');
    const { stdout } = await promisify(execFile)(tsx, [child, t.url, '0', headline]);
    expect(stdout.trim()).toBe('updated');
    const after = await get('/feed.xml');
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(atom(after).entries.map((e) => e.title)).toContain(headline);
  });
});

describe('the news sitemap cap', () => {
  let t: TestDatabase;
  let cache: ReadCache;
  const clock = () => new Date('2025-03-10T12:00:00Z');

  beforeAll(async () => {
    t = await createTestDatabase();
    await importTexts(
      t.db,
      Array.from({ length: 1005 }, (_, i) => ({
        date: i < 1003 ? '2025-03-10' : '2025-03-07', // two of them outside the window
        section: 'Wire',
        headline: `Wire item number ${i + 1}`,
        paragraphs: [`London: Item ${i + 1} of the day.`],
      })),
    );
    cache = new ReadCache({ db: t.db, clock });
  });
  afterAll(async () => {
    cache.close();
    await t.cleanup();
  });

  it('lists at most 1,000 URLs, the newest, in one SQL statement', async () => {
    const options: AppOptions = {
      db: t.db,
      cache,
      clock,
      logging: false,
      feeds: { publication: PUBLICATION },
    };
    const app = createApp(options);
    await fetchFrom(app, '/sitemap.xml'); // the epoch's look-up of the next scheduled time
    const answer = await fetchFrom(app, '/news-sitemap.xml');
    expect(answer.statements).toBe(1);
    const urls = newsSitemap(answer);
    expect(urls).toHaveLength(1000);
    expect(new Set(urls.map((u) => u.loc)).size).toBe(1000);
    expect(urls.every((u) => u.date === '2025-03-10T00:00:00Z')).toBe(true);
    // Same publication time: the newest ids first.
    expect(urls[0]?.title).toBe('Wire item number 1003');
    // The full sitemap has them all, in one file below the page size.
    expect(urlset(await fetchFrom(app, '/sitemap.xml'))).toHaveLength(1005);
  });
});

// ---- configuration and the escaping helper ---------------------------------------------------------------

describe('PUBLIC_URL, PUBLICATION_NAME, PUBLICATION_LANGUAGE', () => {
  it('default to http://localhost:<PORT>, "Newsroom" and "en"', () => {
    expect(parseEnv({})).toMatchObject({
      publicUrl: 'http://localhost:4000',
      publicationName: 'Newsroom',
      publicationLanguage: 'en',
    });
    expect(parseEnv({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
  });

  it('take an http(s) origin with an optional path prefix, without a trailing slash', () => {
    expect(parseEnv({ PUBLIC_URL: 'https://News.Example/' }).publicUrl).toBe('https://news.example');
    expect(parseEnv({ PUBLIC_URL: 'https://news.example/edition/' }).publicUrl).toBe(
      'https://news.example/edition',
    );
    expect(parseEnv({ PUBLIC_URL: 'http://127.0.0.1:8080' }).publicUrl).toBe('http://127.0.0.1:8080');
    for (const bad of [
      'ftp://news.example',
      'news.example',
      'https://news.example/?a=1',
      'https://news.example/#top',
      'https://user:pw@news.example',
    ]) {
      expect(() => parseEnv({ PUBLIC_URL: bad })).toThrow(/PUBLIC_URL: .* is not an http\(s\) origin/);
    }
  });

  it('take an ISO 639 language code (Google News spells Chinese zh-cn / zh-tw) and a non-empty name', () => {
    expect(parseEnv({ PUBLICATION_LANGUAGE: 'FR' }).publicationLanguage).toBe('fr');
    expect(parseEnv({ PUBLICATION_LANGUAGE: 'zh-CN' }).publicationLanguage).toBe('zh-cn');
    expect(parseEnv({ PUBLICATION_LANGUAGE: 'fil' }).publicationLanguage).toBe('fil');
    expect(() => parseEnv({ PUBLICATION_LANGUAGE: 'english' })).toThrow(/PUBLICATION_LANGUAGE/);
    expect(() => parseEnv({ PUBLICATION_LANGUAGE: 'en-US' })).toThrow(/PUBLICATION_LANGUAGE/);
    expect(parseEnv({ PUBLICATION_NAME: ' The Example Times ' }).publicationName).toBe('The Example Times');
    expect(() => parseEnv({ PUBLICATION_NAME: '  ' })).toThrow(/PUBLICATION_NAME/);
  });
});

describe('escapeXml', () => {
  it('escapes markup in text and attributes, and removes what XML cannot carry', () => {
    expect(escapeXml(`a & b < c > d "e" 'f'`)).toBe(`a &amp; b &lt; c &gt; d "e" 'f'`);
    expect(escapeXml(`a & "b"\tc\nd`, true)).toBe('a &amp; &quot;b&quot;&#9;c&#10;d');
    expect(escapeXml('bell\u0007 nul\u0000 del\u007F c1\u0085 ok\ttab\nline')).toBe(
      'bell nul del c1 ok\ttab\nline',
    );
    // A lone surrogate and U+FFFF go; a real astral character (a surrogate pair) stays.
    expect(escapeXml('lone\uD800 pair\uD83D\uDCF0 nonchar\uFFFF')).toBe('lone pair\uD83D\uDCF0 nonchar');
  });
});
