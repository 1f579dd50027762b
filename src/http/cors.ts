// Browser access to the API. Public reads work from any origin; writes (mutations) and requests carrying
// credentials (Authorization: drafts, tokens) only from this server's own origin or one listed in CORS_ORIGINS.
//
// Why `Access-Control-Allow-Origin: *` on every actual response instead of echoing the Origin: the body of a
// public read is the same whoever asks, so a CDN can keep ONE copy for all origins (no `Vary: Origin` cache
// split). Bearer tokens are sent as a plain header, not as browser credentials (cookies), so `*` does not
// stop a trusted origin from reading its authenticated responses. What differs by origin is the preflight:
// only trusted origins are told they may send `Authorization`, and the server refuses the request itself
// when an untrusted origin sends credentials or a mutation anyway (a form POST needs no preflight).
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { errorResponse, forbiddenOrigin } from '../errors.js';

/** Request headers any origin may send (besides the CORS-safelisted ones). */
const PUBLIC_REQUEST_HEADERS = ['accept', 'content-type', 'if-none-match'];
/** Response headers a script may read besides the safelisted ones (ETag for revalidation). */
const EXPOSED_RESPONSE_HEADERS = ['etag', 'content-length'];

/**
 * The CORS headers of a public read, for answers that never pass through Yoga (the response cache's
 * node:http fast path): readable from any origin, like every other public read.
 */
export const PUBLIC_READ_CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': EXPOSED_RESPONSE_HEADERS.join(', '),
  'x-content-type-options': 'nosniff',
};
const ALLOWED_METHODS = 'GET, POST, OPTIONS';
/** Chromium caps preflight caching at 2 hours; Firefox at 24. */
const PREFLIGHT_MAX_AGE_SECONDS = 7200;

export interface CorsPolicy {
  /** Exact origins (scheme://host[:port]) trusted with writes and credentials, e.g. from CORS_ORIGINS. */
  trustedOrigins: readonly string[];
}

export type OriginTrust = 'none' | 'trusted' | 'untrusted';

/** `none` when the request has no Origin (curl, server-to-server: CORS is a browser matter). */
export function originTrust(request: Request, policy: CorsPolicy): OriginTrust {
  const origin = request.headers.get('origin');
  if (origin === null) return 'none';
  if (origin === new URL(request.url).origin || policy.trustedOrigins.includes(origin)) return 'trusted';
  return 'untrusted';
}

/** Adds each value to a comma-separated header unless already there (case-insensitive). */
export function appendHeaderValues(headers: Headers, name: string, values: readonly string[]): void {
  const current = (headers.get(name) ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const lower = new Set(current.map((v) => v.toLowerCase()));
  for (const v of values) if (!lower.has(v.toLowerCase())) current.push(v);
  headers.set(name, current.join(', '));
}

export function useCorsPolicy(policy: CorsPolicy): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const trust = originTrust(request, policy);
      const origin = request.headers.get('origin') ?? '';
      if (request.method === 'OPTIONS') {
        const headers = new fetchAPI.Headers({ allow: ALLOWED_METHODS, 'content-length': '0' });
        if (trust !== 'none') {
          const allowed =
            trust === 'trusted' ? [...PUBLIC_REQUEST_HEADERS, 'authorization'] : PUBLIC_REQUEST_HEADERS;
          headers.set('access-control-allow-origin', trust === 'trusted' ? origin : '*');
          headers.set('access-control-allow-methods', ALLOWED_METHODS);
          headers.set('access-control-allow-headers', allowed.join(', '));
          headers.set('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
        }
        // The answer depends on the Origin, so a cache must key on it.
        headers.set('vary', 'Origin');
        headers.set('cache-control', `public, max-age=${PREFLIGHT_MAX_AGE_SECONDS}`);
        endResponse(new fetchAPI.Response(null, { status: 204, headers }));
        return;
      }
      if (trust === 'untrusted' && request.headers.has('authorization')) {
        const refused = errorResponse(
          forbiddenOrigin(
            `Origin ${origin} may not send credentials (Authorization): ` +
              'add it to CORS_ORIGINS on the server (public reads need nothing).',
          ),
        );
        endResponse(
          fetchAPI.Response.json(refused.body, {
            status: refused.status,
            headers: { 'access-control-allow-origin': '*' },
          }),
        );
      }
    },
    // Right after parsing, as Yoga refuses a mutation over GET: the operation type is known, nothing ran yet.
    onParse() {
      return ({ result, context }) => {
        const { request, params } = context as { request?: Request; params?: { operationName?: string } };
        if (!request || result instanceof Error || originTrust(request, policy) !== 'untrusted') return;
        if (request.method === 'GET') return; // Yoga answers 405 to any mutation over GET, which says more
        const operation = getOperationAST(result, params?.operationName);
        if (operation?.operation !== 'mutation') return;
        throw forbiddenOrigin(
          `Origin ${request.headers.get('origin')} may not send mutations: add it to CORS_ORIGINS on the server.`,
        );
      };
    },
    onResponse({ request, response }) {
      if (request.method === 'OPTIONS') return; // the preflight answer above is complete
      const headers = response.headers;
      headers.set('access-control-allow-origin', '*');
      appendHeaderValues(headers, 'access-control-expose-headers', EXPOSED_RESPONSE_HEADERS);
      // Yoga picks the body's media type from Accept (graphql-response+json vs json), so caches must key on it.
      appendHeaderValues(headers, 'vary', ['Accept', 'Accept-Encoding']);
      if (!headers.has('x-content-type-options')) headers.set('x-content-type-options', 'nosniff');
    },
  };
}
