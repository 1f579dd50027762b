// Strong ETags and If-None-Match for every answer this server tags (cached GraphQL answers, GraphiQL, the
// reader's assets): one tag function, one match rule, one way to answer 304.
import { createHash } from 'node:crypto';

/** A strong ETag from the body bytes: equal bodies, equal tags, across restarts and processes. */
export function etagOf(body: Uint8Array | string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** True when an If-None-Match header names `etag` (or is `*`); a `W/` prefix is ignored, as RFC 9110 asks. */
function matchesEtag(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export interface ConditionalAnswer<Body> {
  status: 200 | 304;
  body: Body | null;
  headers: Record<string, string>;
}

/**
 * `body` with its ETag, or 304 and no body when If-None-Match already names the tag. `headers` go on both
 * (a 304 repeats what the 200 says about caching); `bodyHeaders` (length, encoding…) only on the 200.
 */
export function conditionalAnswer<Body>(
  ifNoneMatch: string | null | undefined,
  etag: string,
  body: Body,
  headers: Readonly<Record<string, string>>,
  bodyHeaders: Readonly<Record<string, string>> = {},
): ConditionalAnswer<Body> {
  if (matchesEtag(ifNoneMatch, etag)) return { status: 304, body: null, headers: { ...headers, etag } };
  return { status: 200, body, headers: { ...headers, etag, ...bodyHeaders } };
}
