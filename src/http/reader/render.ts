// HTML for the reader, as strings: the server sends it as the page and the browser script swaps it into
// <main> on navigation. Every piece of text from the API goes through `escapeHtml`.
import { escapeHtml } from '../../html.js';
import { type ArticlePageData, articlePath, type FrontPageData, type Loaded } from './routes.js';

export const SITE_NAME = 'Newsroom';

export interface Rendered {
  status: number;
  title: string;
  /** The inner HTML of <main>. */
  main: string;
}

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

function time(iso: string): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(DATE_FORMAT.format(new Date(iso)))}</time>`;
}

function meta(parts: (string | null | undefined)[]): string {
  return parts.filter(Boolean).join('<span aria-hidden="true"> · </span>');
}

export function renderFrontPage(data: FrontPageData, after: string | null): Rendered {
  const { edges, pageInfo, totalCount } = data.articles;
  const items = edges
    .map(({ node }) => {
      const line = meta([
        `<span class="section">${escapeHtml(node.section.name)}</span>`,
        node.dateline ? `<span class="dateline">${escapeHtml(node.dateline)}</span>` : null,
        time(node.publishedAt),
      ]);
      return `<li class="teaser"><article><h2><a href="${articlePath(node.slug)}">${escapeHtml(node.headline)}</a></h2><p class="meta">${line}</p></article></li>`;
    })
    .join('');
  const list = items ? `<ol class="teasers">${items}</ol>` : '<p>No articles have been published yet.</p>';
  const older =
    pageInfo.hasNextPage && pageInfo.endCursor
      ? `<nav class="pager" aria-label="More articles"><a rel="next" href="/?after=${encodeURIComponent(pageInfo.endCursor)}">Older articles</a></nav>`
      : '';
  const heading = after ? 'Older articles' : 'Latest news';
  return {
    status: 200,
    title: after ? `Older articles · ${SITE_NAME}` : SITE_NAME,
    main: `<h1>${heading}</h1><p class="count">${totalCount} ${totalCount === 1 ? 'article' : 'articles'}</p>${list}${older}`,
  };
}

/** The article as the typed ArticlePage document returns it. */
export type ArticleView = NonNullable<ArticlePageData['article']>;
type Article = ArticleView;
type Paragraph = Article['paragraphs'][number];
type Quote = Article['quotes'][number];

function sourceAnchor(slug: string): string {
  return `source-${escapeHtml(slug)}`;
}

/** The paragraph text with each citation phrase marked (by its UTF-16 offsets) and its source named. */
export function renderParagraphText(paragraph: Paragraph): string {
  const citations = [...paragraph.citations].sort((a, b) => a.start - b.start);
  const { text } = paragraph;
  let html = '';
  let at = 0;
  for (const c of citations) {
    // Offsets come from the API; a citation overlapping the previous one or out of range is left unmarked.
    if (c.start < at || c.end > text.length || c.end <= c.start) continue;
    html += escapeHtml(text.slice(at, c.start));
    html += `<mark class="citation">${escapeHtml(text.slice(c.start, c.end))}</mark>`;
    html += `<a class="source-ref" href="#${sourceAnchor(c.source.slug)}"><span class="visually-hidden">source: </span><cite>${escapeHtml(c.source.name)}</cite></a>`;
    at = c.end;
  }
  return html + escapeHtml(text.slice(at));
}

function renderQuotes(quotes: readonly Quote[]): string {
  if (quotes.length === 0) return '';
  const items = quotes
    .map((q) => {
      const who = q.speaker ? `${escapeHtml(q.speaker)}, ` : '';
      const where = `<a href="#p-${q.paragraph.position}">paragraph ${q.paragraph.position}</a>`;
      return `<li><figure><blockquote><p>${escapeHtml(q.text)}</p></blockquote><figcaption>— ${who}${where}</figcaption></figure></li>`;
    })
    .join('');
  return `<section class="quotes" aria-labelledby="quotes-heading"><h2 id="quotes-heading">Quotes</h2><ul>${items}</ul></section>`;
}

function renderSources(article: Article): string {
  if (article.sources.length === 0) return '';
  const here = new Map<string, number>();
  for (const p of article.paragraphs)
    for (const c of p.citations) here.set(c.source.slug, (here.get(c.source.slug) ?? 0) + 1);
  const items = article.sources
    .map((s) => {
      const n = here.get(s.slug) ?? 0;
      return `<li id="${sourceAnchor(s.slug)}"><cite class="source-name">${escapeHtml(s.name)}</cite> <span class="muted">cited ${n === 1 ? 'once' : `${n} times`} here</span></li>`;
    })
    .join('');
  return `<section class="sources" aria-labelledby="sources-heading"><h2 id="sources-heading">Sources</h2><ul>${items}</ul></section>`;
}

function safeExternalUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function renderRelated(article: Article): string {
  if (article.relatedLinks.length === 0) return '';
  const items = article.relatedLinks
    .map((link) => {
      if (link.article) {
        return `<li><a href="${articlePath(link.article.slug)}">${escapeHtml(link.title)}</a></li>`;
      }
      const external = safeExternalUrl(link.url);
      const original = external
        ? ` <a class="external" rel="external noopener noreferrer" href="${escapeHtml(external)}">original site</a>`
        : '';
      return `<li><span class="unresolved">${escapeHtml(link.title)}</span>${original}</li>`;
    })
    .join('');
  return `<section class="related" aria-labelledby="related-heading"><h2 id="related-heading">Related news</h2><ul>${items}</ul></section>`;
}

export function renderArticle(article: ArticleView): Rendered {
  const line = meta([
    article.dateline ? `<span class="dateline">${escapeHtml(article.dateline)}</span>` : null,
    time(article.publishedAt),
    `${article.wordCount} words`,
  ]);
  const paragraphs = article.paragraphs
    .map((p) => `<p id="p-${p.position}">${renderParagraphText(p)}</p>`)
    .join('');
  const main =
    `<article class="story" aria-labelledby="headline">` +
    `<header><p class="section-name">${escapeHtml(article.section.name)}</p>` +
    `<h1 id="headline">${escapeHtml(article.headline)}</h1><p class="meta">${line}</p></header>` +
    `<div class="story-body">${paragraphs}</div>` +
    renderQuotes(article.quotes) +
    renderSources(article) +
    renderRelated(article) +
    `</article><p><a href="/">← Latest news</a></p>`;
  return { status: 200, title: `${article.headline} · ${SITE_NAME}`, main };
}

export function renderNotFound(what: string): Rendered {
  return {
    status: 404,
    title: `Not found · ${SITE_NAME}`,
    main: `<h1>Not found</h1><p>${escapeHtml(what)}</p><p><a href="/">← Latest news</a></p>`,
  };
}

export function renderError(status: number, message: string): Rendered {
  return {
    status,
    title: `Error · ${SITE_NAME}`,
    main: `<h1>Something went wrong</h1><p>${escapeHtml(message)}</p><p><a href="/">← Latest news</a></p>`,
  };
}

export function renderLoaded(loaded: Loaded): Rendered {
  if (loaded.kind === 'front') return renderFrontPage(loaded.data, loaded.after);
  const { article } = loaded.data;
  return article ? renderArticle(article) : renderNotFound(`There is no article at this address.`);
}

/** The whole document around <main>; the script only enhances it (links keep working without it). */
export function renderDocument(page: Rendered, assets: { script: string; stylesheet: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>${escapeHtml(page.title)}</title>
<link rel="stylesheet" href="${escapeHtml(assets.stylesheet)}">
<script type="module" src="${escapeHtml(assets.script)}"></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><a class="brand" href="/">${SITE_NAME}</a><nav aria-label="Site"><a href="/">Latest</a> <a href="/graphql">API (GraphiQL)</a></nav></header>
<main id="main" tabindex="-1">${page.main}</main>
<footer class="site-footer"><p>Served from the Newsroom Content API. Data: <a href="/graphql">/graphql</a>.</p></footer>
</body>
</html>
`;
}
