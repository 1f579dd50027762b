// The reader page over HTTP (app.fetch) and its renderer on hand-made data (quotes, related links, escaping).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/http/app.js';
import { type ArticleView, renderArticle, renderParagraphText } from '../src/http/reader/render.js';
import { matchRoute } from '../src/http/reader/routes.js';
import { createSeededApp } from './helpers/app.js';
import type { TestDatabase } from './helpers/db.js';

const SEED_SLUG = 'xi-putin-sign-issue-joint-statement-on-deepening-china-russia-ties';

let t: TestDatabase;
let app: App;

beforeAll(async () => {
  ({ t, app } = await createSeededApp());
});
afterAll(async () => t.cleanup());

const get = (path: string, headers: Record<string, string> = {}) =>
  app.fetch(`http://yoga${path}`, { headers: { accept: 'text/html', ...headers } });

describe('served pages', () => {
  it('GET / lists the newest articles as server-rendered HTML with a strict CSP', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain(`<a href="/articles/${SEED_SLUG}">Xi-Putin sign, issue joint statement`);
    expect(html).not.toMatch(/<script>|style=/); // nothing inline: the CSP would block it
  });

  it('GET /articles/<slug> renders headline, dateline, date, section, 14 paragraphs, marked citations', async () => {
    const res = await get(`/articles/${SEED_SLUG}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(
      '<h1 id="headline">Xi-Putin sign, issue joint statement on deepening China-Russia ties</h1>',
    );
    expect(html).toContain('<span class="dateline">Beijing</span>');
    expect(html).toContain('<time datetime="2024-06-20T00:00:00.000Z">20 June 2024</time>');
    expect(html).toContain('<p class="section-name">Latest News</p>');
    expect(html.match(/<p id="p-\d+">/g)).toHaveLength(14);
    expect(html.match(/<mark class="citation">/g)).toHaveLength(6);
    expect(html).toContain(
      '<mark class="citation">CNN reported</mark><a class="source-ref" href="#source-cnn"><span class="visually-hidden">source: </span><cite>CNN</cite></a>',
    );
    expect(html).toContain(
      '<cite class="source-name">CNN</cite> <span class="muted">cited 4 times here</span>',
    );
  });

  it('GET /articles/<slug> shows the seed quotes with their speaker and paragraph', async () => {
    const html = await (await get(`/articles/${SEED_SLUG}`)).text();
    const quotes =
      html.match(/<blockquote><p>(.*?)<\/p><\/blockquote><figcaption>— (.*?)<\/figcaption>/g) ?? [];
    expect(quotes).toHaveLength(3);
    expect(html).toContain(
      '<blockquote><p>stood the test of a changing international landscape</p></blockquote><figcaption>— Xi Jinping, <a href="#p-4">paragraph 4</a></figcaption>',
    );
    expect(html).toContain('<blockquote><p>China is ready to work with Russia');
  });

  it('answers 404 for an unknown article and 400 for a bad page cursor, as HTML', async () => {
    const missing = await get('/articles/no-such-story');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<h1>Not found</h1>');
    const badCursor = await get('/?after=not-a-cursor');
    expect(badCursor.status).toBe(400);
  });

  it('serves the bundled script and the stylesheet with ETags (304 on revalidation)', async () => {
    const script = await get('/assets/reader.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const code = await script.text();
    expect(code).toContain('/graphql');
    expect(code).not.toMatch(/^import /m); // bundled: no bare imports left for the browser to resolve
    const etag = script.headers.get('etag') ?? '';
    expect((await get('/assets/reader.js', { 'if-none-match': etag })).status).toBe(304);
    const css = await get('/assets/reader.css');
    expect(css.status).toBe(200);
    expect(await css.text()).toContain('prefers-color-scheme');
  });

  it('leaves /graphql to the API', async () => {
    const res = await app.fetch('http://yoga/graphql?query=%7B__typename%7D', {
      headers: { accept: 'application/json' },
    });
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('routes', () => {
  it('maps paths to front and article pages, and nothing else', () => {
    expect(matchRoute(new URL('http://x/'))).toEqual({ kind: 'front', after: null });
    expect(matchRoute(new URL('http://x/?after=abc'))).toEqual({ kind: 'front', after: 'abc' });
    expect(matchRoute(new URL('http://x/articles/a-b'))).toEqual({ kind: 'article', slug: 'a-b' });
    expect(matchRoute(new URL('http://x/articles/%E0%A4%A'))).toBeNull();
    expect(matchRoute(new URL('http://x/graphql'))).toBeNull();
    expect(matchRoute(new URL('http://x/articles/a/b'))).toBeNull();
  });
});

function article(overrides: Partial<ArticleView> = {}): ArticleView {
  return {
    id: 'QXJ0aWNsZTox',
    slug: 'a',
    headline: 'Headline <b>',
    dateline: null,
    publishedAt: '2024-06-20T00:00:00.000Z',
    wordCount: 5,
    section: { name: 'World', slug: 'world' },
    sources: [],
    paragraphs: [],
    relatedLinks: [],
    quotes: [],
    ...overrides,
  };
}

describe('renderer', () => {
  it('marks citations by UTF-16 offsets and escapes everything around them', () => {
    const text = '😀 <x> CNN reported & Reuters said.';
    const cnn = { name: 'CNN', slug: 'cnn' };
    const start = text.indexOf('CNN reported');
    const html = renderParagraphText({
      position: 1,
      text,
      citations: [
        { start, end: start + 'CNN reported'.length, phrase: 'CNN reported', source: cnn },
        // overlapping the first one: left unmarked rather than producing broken markup
        { start: start + 4, end: start + 12, phrase: 'reported', source: cnn },
      ],
    });
    expect(html).toBe(
      '😀 &lt;x&gt; <mark class="citation">CNN reported</mark><a class="source-ref" href="#source-cnn"><span class="visually-hidden">source: </span><cite>CNN</cite></a> &amp; Reuters said.',
    );
  });

  it('renders quotes with speaker and a link to their paragraph, and no section when there are none', () => {
    const html = renderArticle(
      article({
        quotes: [
          { text: 'cherished and nourished', speaker: 'Xi Jinping', paragraph: { position: 4 } },
          { text: 'unattributed words', speaker: null, paragraph: { position: 7 } },
        ],
      }),
    ).main;
    expect(html).toContain('<h2 id="quotes-heading">Quotes</h2>');
    expect(html).toContain(
      '<blockquote><p>cherished and nourished</p></blockquote><figcaption>— Xi Jinping, <a href="#p-4">paragraph 4</a></figcaption>',
    );
    expect(html).toContain('<figcaption>— <a href="#p-7">paragraph 7</a></figcaption>');
    expect(renderArticle(article()).main).not.toContain('Quotes');
  });

  it('links related news that resolve to an article here; others are text with a safe external link', () => {
    const html = renderArticle(
      article({
        relatedLinks: [
          { position: 1, title: 'Ours', url: null, article: { slug: 'our-story', headline: 'Ours' } },
          { position: 2, title: 'Theirs', url: 'https://example.org/x?a=1&b=2', article: null },
          { position: 3, title: 'Hostile', url: 'javascript:alert(1)', article: null },
        ],
      }),
    ).main;
    expect(html).toContain('<li><a href="/articles/our-story">Ours</a></li>');
    expect(html).toContain(
      '<span class="unresolved">Theirs</span> <a class="external" rel="external noopener noreferrer" href="https://example.org/x?a=1&amp;b=2">original site</a>',
    );
    expect(html).toContain('<li><span class="unresolved">Hostile</span></li>');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('Headline &lt;b&gt;');
  });
});
