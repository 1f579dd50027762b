// The reader's URL of an article, in one place: the reader's own links (src/http/reader/), feeds and
// sitemaps, and webhook payloads (src/webhooks/) all name an article by this path. A leaf: imports nothing.

export function articlePath(slug: string): string {
  return `/articles/${encodeURIComponent(slug)}`;
}
