// The reader page over HTTP (app.fetch). Its routes and its renderer on hand-made data:
// test/unit/reader-render.test.ts.
import { describe, expect, it } from 'vitest';
import { SEED_CITATIONS, SEED_HEADLINE, SEED_PARAGRAPHS, SEED_SLUG } from '../helpers/fixtures.js';
import { setupSuite } from '../helpers/suite.js';

const t = setupSuite({ seed: true });

const get = (path: string, headers: Record<string, string> = {}) =>
  t.app.fetch(`http://yoga${path}`, { headers: { accept: 'text/html', ...headers } });

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
    expect(html).toContain(`<h1 id="headline">${SEED_HEADLINE}</h1>`);
    expect(html).toContain('<span class="dateline">Beijing</span>');
    expect(html).toContain('<time datetime="2024-06-20T00:00:00.000Z">20 June 2024</time>');
    expect(html).toContain('<p class="section-name">Latest News</p>');
    expect(html.match(/<p id="p-\d+">/g)).toHaveLength(SEED_PARAGRAPHS);
    expect(html.match(/<mark class="citation">/g)).toHaveLength(SEED_CITATIONS);
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
    const res = await t.app.fetch('http://yoga/graphql?query=%7B__typename%7D', {
      headers: { accept: 'application/json' },
    });
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
