// The publication as feeds and sitemaps name it: its public base URL, name and language, and the absolute
// URLs and stable entry ids built from them.
import { articlePath } from '../reader/routes.js';

export interface Publication {
  /** Base of every absolute URL, without a trailing slash: `https://news.example` or `…/edition` (PUBLIC_URL). */
  publicUrl: string;
  /** PUBLICATION_NAME: the feeds' author and the news sitemap's publication name. */
  name: string;
  /** PUBLICATION_LANGUAGE: an ISO 639 code (`en`, `zh-cn`). */
  language: string;
}

/** An absolute URL for a path of this server (`/feed.xml`). */
export function absoluteUrl(publication: Publication, path: string): string {
  return publication.publicUrl + path;
}

/** The reader's page of an article, absolute. */
export function articleUrl(publication: Publication, slug: string): string {
  return absoluteUrl(publication, articlePath(slug));
}

/**
 * The Atom id of an article: a tag: URI (RFC 4151) from the public host, the day the article was created and
 * its id, so it stays the same when the headline, slug or publication time changes and a feed reader never
 * shows the article twice. `tag:news.example,2025-03-01:/articles/42`.
 */
export function articleTagUri(publication: Publication, article: { id: number; createdAt: Date }): string {
  const url = new URL(publication.publicUrl);
  // A tag authority is a DNS name; an IPv6 literal (a developer's [::1]) cannot be one.
  const authority = /^[a-z0-9.-]+$/i.test(url.hostname) ? url.hostname : 'localhost';
  const day = article.createdAt.toISOString().slice(0, 10);
  return `tag:${authority},${day}:${url.pathname.replace(/\/$/, '')}/articles/${article.id}`;
}
