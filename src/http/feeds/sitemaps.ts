// Sitemaps (sitemaps.org 0.9): a <urlset> of public articles, a <sitemapindex> of its pages when there are
// more than one page's worth, and the Google News sitemap of the last two days.
import { element, textElement, type XmlElement, xmlDateTime, xmlDocument } from '../xml.js';
import { lastModified, type NewsArticle, type SitemapArticle } from './load.js';
import { absoluteUrl, articleUrl, type Publication } from './site.js';

export const SITEMAP_NAMESPACE = 'http://www.sitemaps.org/schemas/sitemap/0.9';
export const NEWS_SITEMAP_NAMESPACE = 'http://www.google.com/schemas/sitemap-news/0.9';

/** The protocol's limit of URLs in one sitemap file (and of sitemaps in one index). */
export const SITEMAP_MAX_URLS = 50_000;

/** The path of page `n` (from 1) of the sitemap when `/sitemap.xml` is an index. */
export function sitemapPagePath(n: number): string {
  return `/sitemap-${n}.xml`;
}

export function urlsetDocument(publication: Publication, articles: readonly SitemapArticle[]): string {
  return xmlDocument(
    element(
      'urlset',
      { xmlns: SITEMAP_NAMESPACE },
      articles.map((a) =>
        element('url', {}, [
          textElement('loc', articleUrl(publication, a.slug)),
          textElement('lastmod', xmlDateTime(lastModified(a))),
        ]),
      ),
    ),
  );
}

export function sitemapIndexDocument(publication: Publication, pages: number): string {
  const sitemaps: XmlElement[] = [];
  for (let n = 1; n <= pages; n++) {
    sitemaps.push(element('sitemap', {}, [textElement('loc', absoluteUrl(publication, sitemapPagePath(n)))]));
  }
  return xmlDocument(element('sitemapindex', { xmlns: SITEMAP_NAMESPACE }, sitemaps));
}

export function newsSitemapDocument(publication: Publication, articles: readonly NewsArticle[]): string {
  const source = element('news:publication', {}, [
    textElement('news:name', publication.name),
    textElement('news:language', publication.language),
  ]);
  return xmlDocument(
    element(
      'urlset',
      { xmlns: SITEMAP_NAMESPACE, 'xmlns:news': NEWS_SITEMAP_NAMESPACE },
      articles.map((a) =>
        element('url', {}, [
          textElement('loc', articleUrl(publication, a.slug)),
          element('news:news', {}, [
            source,
            textElement('news:publication_date', xmlDateTime(a.publishedAt)),
            textElement('news:title', a.headline),
          ]),
        ]),
      ),
    ),
  );
}
