// The reader page's routes, and its renderer on hand-made data (quotes, related links, escaping).
import { describe, expect, it } from 'vitest';
import { type ArticleView, renderArticle, renderParagraphText } from '../../src/http/reader/render.js';
import { matchRoute } from '../../src/http/reader/routes.js';

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
