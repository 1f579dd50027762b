// Serves the Atom feeds and the sitemaps (GET and HEAD): rendered from one query each, kept in a small
// cache of the current freshness epoch, answered with an ETag and `Cache-Control: public, no-cache`.
import type { Plugin } from 'graphql-yoga';
import type { Db } from '../../db.js';
import type { Clock, Freshness } from '../cache/freshness.js';
import { PUBLIC_CACHE_CONTROL } from '../cache/read-cache.js';
import { conditionalAnswer, etagOf } from '../etag.js';
import { atomDocument } from './atom.js';
import { FeedCache } from './cache.js';
import { articlesPublishedSince, countPublicArticles, newestArticles, sitemapArticles } from './load.js';
import type { Publication } from './site.js';
import {
  newsSitemapDocument,
  SITEMAP_MAX_URLS,
  sitemapIndexDocument,
  sitemapPagePath,
  urlsetDocument,
} from './sitemaps.js';

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';
export const XML_CONTENT_TYPE = 'application/xml; charset=utf-8';

export const FEED_PATHS = {
  feed: '/feed.xml',
  sitemap: '/sitemap.xml',
  newsSitemap: '/news-sitemap.xml',
  sectionFeed: (slug: string) => `/sections/${encodeURIComponent(slug)}/feed.xml`,
  sitemapPage: sitemapPagePath,
};

export interface FeedLimits {
  /** Entries in an Atom feed. */
  feedEntries: number;
  /** URLs in one sitemap file; beyond it /sitemap.xml becomes an index of pages (the protocol allows 50,000). */
  sitemapPageSize: number;
  /** URLs in the news sitemap (Google News reads at most 1,000). */
  newsArticles: number;
  /** How far back the news sitemap reaches (Google News: two days). */
  newsWindowMs: number;
}

export const FEED_LIMITS: Readonly<FeedLimits> = {
  feedEntries: 50,
  sitemapPageSize: SITEMAP_MAX_URLS,
  newsArticles: 1000,
  newsWindowMs: 48 * 3_600_000,
};

export interface FeedsOptions {
  db: Db;
  clock: Clock;
  /** The response cache's (ReadCache.freshness): the feeds go stale exactly when its answers do. */
  freshness: Freshness;
  publication: Publication;
  limits?: Partial<FeedLimits>;
}

type FeedRoute =
  | { kind: 'feed'; section?: string }
  | { kind: 'sitemap' }
  | { kind: 'sitemap-page'; page: number }
  | { kind: 'news' };

const SECTION_FEED = /^\/sections\/([^/]+)\/feed\.xml$/;
const SITEMAP_PAGE = /^\/sitemap-([1-9][0-9]{0,8})\.xml$/;

export function matchFeedRoute(pathname: string): FeedRoute | null {
  if (pathname === FEED_PATHS.feed) return { kind: 'feed' };
  if (pathname === FEED_PATHS.sitemap) return { kind: 'sitemap' };
  if (pathname === FEED_PATHS.newsSitemap) return { kind: 'news' };
  const page = SITEMAP_PAGE.exec(pathname)?.[1];
  if (page !== undefined) return { kind: 'sitemap-page', page: Number(page) };
  const section = SECTION_FEED.exec(pathname)?.[1];
  if (section === undefined) return null;
  try {
    return { kind: 'feed', section: decodeURIComponent(section) };
  } catch {
    return null; // a malformed %-escape names no section
  }
}

function cacheKey(route: FeedRoute): string {
  switch (route.kind) {
    case 'feed':
      return route.section === undefined ? 'feed' : `feed:${route.section}`;
    case 'sitemap-page':
      return `sitemap:${route.page}`;
    default:
      return route.kind;
  }
}

interface Rendered {
  body: string;
  contentType: string;
  expiresAt?: number;
}

/** The document for a route, or null when there is none (unknown section, page past the end). */
async function render(route: FeedRoute, options: FeedsOptions, limits: FeedLimits): Promise<Rendered | null> {
  const { db, publication } = options;
  const now = options.clock();
  const pageSize = limits.sitemapPageSize;
  switch (route.kind) {
    case 'feed': {
      const articles = await newestArticles(db, now, limits.feedEntries, route.section);
      if (route.section === undefined) {
        const feed = {
          selfPath: FEED_PATHS.feed,
          title: publication.name,
          alternatePath: '/',
          articles,
          now,
        };
        return { body: atomDocument(publication, feed), contentType: ATOM_CONTENT_TYPE };
      }
      // A section shows only through its public articles: with none, it is not public (nor is its name).
      const section = articles[0]?.section;
      if (!section) return null;
      const title = `${publication.name}: ${section.name}`;
      const feed = { selfPath: FEED_PATHS.sectionFeed(section.slug), title, articles, now };
      return { body: atomDocument(publication, feed), contentType: ATOM_CONTENT_TYPE };
    }
    case 'sitemap': {
      // One query below the limit (one row more tells whether there are more); above it, a count too.
      const articles = await sitemapArticles(db, now, 0, pageSize + 1);
      if (articles.length <= pageSize) {
        return { body: urlsetDocument(publication, articles), contentType: XML_CONTENT_TYPE };
      }
      const pages = Math.ceil((await countPublicArticles(db, now)) / pageSize);
      return { body: sitemapIndexDocument(publication, pages), contentType: XML_CONTENT_TYPE };
    }
    case 'sitemap-page': {
      const articles = await sitemapArticles(db, now, (route.page - 1) * pageSize, pageSize);
      if (articles.length === 0) return null;
      return { body: urlsetDocument(publication, articles), contentType: XML_CONTENT_TYPE };
    }
    case 'news': {
      const since = new Date(now.getTime() - limits.newsWindowMs);
      const articles = await articlesPublishedSince(db, now, since, limits.newsArticles);
      // The window moves with the clock: the document expires as its oldest article leaves it.
      const oldest = articles.at(-1);
      return {
        body: newsSitemapDocument(publication, articles),
        contentType: XML_CONTENT_TYPE,
        expiresAt: oldest ? oldest.publishedAt.getTime() + limits.newsWindowMs + 1 : undefined,
      };
    }
  }
}

export function useFeeds(options: FeedsOptions): Plugin {
  const limits: FeedLimits = { ...FEED_LIMITS, ...options.limits };
  const cache = new FeedCache(options.freshness, options.clock);
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const route = matchFeedRoute(url.pathname);
      if (!route) return;
      const key = cacheKey(route);
      let document = cache.get(key);
      const hit = document !== undefined;
      if (!document) {
        const ticket = cache.ticket();
        let rendered: Rendered | null;
        try {
          rendered = await render(route, options, limits);
        } catch (error) {
          console.error('feed failed', error);
          endResponse(plainText(fetchAPI, 503, 'The feed could not be loaded. Please try again.\n'));
          return;
        }
        if (!rendered) {
          endResponse(plainText(fetchAPI, 404, 'Not found\n'));
          return;
        }
        const body = new TextEncoder().encode(rendered.body);
        document = {
          body,
          etag: etagOf(body),
          contentType: rendered.contentType,
          expiresAt: rendered.expiresAt,
        };
        await cache.store(key, ticket, document);
      }
      const answer = conditionalAnswer(
        request.headers.get('if-none-match'),
        document.etag,
        document.body,
        { 'cache-control': PUBLIC_CACHE_CONTROL, 'x-cache': hit ? 'HIT' : 'MISS' },
        { 'content-type': document.contentType, 'content-length': String(document.body.byteLength) },
      );
      const body = request.method === 'HEAD' ? null : answer.body;
      endResponse(new fetchAPI.Response(body, { status: answer.status, headers: answer.headers }));
    },
  };
}

function plainText(fetchAPI: { Response: typeof Response }, status: number, text: string): Response {
  return new fetchAPI.Response(text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}
