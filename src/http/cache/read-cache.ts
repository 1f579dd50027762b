// The response cache for public GETs of persisted operations, ETag/304 and Cache-Control for every GET.
// Hits are answered in Yoga's onRequest (app.fetch) or, in the server, before Yoga at all (nodeHandler).
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Db } from '../../db.js';
import { AnswerTags } from '../../editorial/cache-tags.js';
import { PUBLIC_READ_CORS_HEADERS } from '../cors.js';
import { type ConditionalAnswer, conditionalAnswer, etagOf } from '../etag.js';
import { readGetParams } from '../protocol.js';
import { type Clock, Freshness, type ScheduleLookup, type Ticket } from './freshness.js';
import { AnswerStore, type CachedAnswer } from './store.js';

/** Shared caches may keep public answers but must ask again each time (ETag makes that a cheap 304). */
export const PUBLIC_CACHE_CONTROL = 'public, no-cache';
export const PRIVATE_CACHE_CONTROL = 'private, no-store';

export interface ReadCacheOptions {
  db: Db;
  clock?: Clock;
  /** Bytes of response bodies kept; least recently used answers leave first. */
  maxBytes?: number;
  schedule?: ScheduleLookup;
}

export interface ReadCacheStats {
  hits: number;
  misses: number;
  stores: number;
}

interface Pending {
  key: string;
  ticket: Ticket;
  tags: AnswerTags;
}

/** The most characters of tags sent to a CDN in `Cache-Tag`/`Surrogate-Key` (their limits are ~16 KB). */
export const MAX_TAG_HEADER_LENGTH = 8_000;

/** Query strings remembered with their keys: at most this many, each at most this long. */
const MAX_PARSED_KEYS = 1024;
const MAX_PARSED_QUERY_LENGTH = 1024;

export class ReadCache {
  readonly freshness: Freshness;
  readonly store: AnswerStore;
  readonly stats: ReadCacheStats = { hits: 0, misses: 0, stores: 0 };
  /** Recently seen (Accept, query string) pairs and their keys: a repeated GET costs one Map read, no parse. */
  readonly #parsedKeys = new Map<string, string | null>();

  readonly #pending = new WeakMap<Request, Pending>();

  constructor({ db, clock, maxBytes = 64 * 1024 * 1024, schedule }: ReadCacheOptions) {
    this.freshness = new Freshness({ db, clock, schedule });
    this.store = new AnswerStore(maxBytes);
    // Targeted: only the answers made of what a write touched leave (src/editorial/cache-tags.ts).
    this.freshness.onInvalidate((invalidated) => {
      if (invalidated === 'all') this.store.clear();
      else this.store.invalidate(invalidated);
    });
  }

  /**
   * The tags the answer to `request` collects while it is computed (the GraphQL context carries them to
   * the resolvers, src/schema/cache-tags.ts); undefined for a request whose answer is never kept.
   */
  answerTagsFor(request: Request): AnswerTags | undefined {
    return this.#pending.get(request)?.tags;
  }

  /**
   * The cache key of a request, or undefined when it must not be cached: only well-formed GETs of a
   * persisted operation (a bounded, trusted set; see `keyOfQuery`), never with credentials.
   */
  keyOf(method: string, pathAndQuery: string, headers: HeaderSource): string | undefined {
    const mark = pathAndQuery.indexOf('?');
    if (method !== 'GET' || mark < 0) return undefined;
    return this.#keyOfQuery(pathAndQuery.slice(mark + 1), headers);
  }

  #keyOfQuery(query: string, headers: HeaderSource): string | undefined {
    if (headers.get('authorization') != null || headers.get('cookie') != null) return undefined;
    const accept = headers.get('accept') ?? '';
    const seen = `${accept}\n${query}`;
    const known = this.#parsedKeys.get(seen);
    if (known !== undefined) return known ?? undefined;
    const key = persistedGetKey(query, accept);
    if (query.length <= MAX_PARSED_QUERY_LENGTH) {
      if (this.#parsedKeys.size >= MAX_PARSED_KEYS) this.#parsedKeys.clear();
      this.#parsedKeys.set(seen, key ?? null);
    }
    return key;
  }

  lookup(key: string): CachedAnswer | undefined {
    // Not ready while a passed publish time's effects are read: then every request is computed afresh.
    const answer = this.freshness.ready() ? this.store.get(key) : undefined;
    if (answer) this.stats.hits++;
    else this.stats.misses++;
    return answer;
  }

  close(): void {
    this.freshness.close();
    this.store.clear();
  }

  /** Yoga plugin: answers hits, stores fresh misses, adds ETag/Cache-Control and turns matches into 304. */
  plugin(graphqlEndpoint: string): Plugin {
    const pending = this.#pending;
    return {
      onRequest: ({ request, url, endResponse, fetchAPI }) => {
        if (request.method !== 'GET' || url.pathname !== graphqlEndpoint) return;
        const key = this.#keyOfQuery(url.search.slice(1), request.headers);
        if (key === undefined) return;
        const answer = this.lookup(key);
        if (answer) {
          const response = answerResponse(answer, request.headers.get('if-none-match'));
          endResponse(
            new fetchAPI.Response(response.body, { status: response.status, headers: response.headers }),
          );
          return;
        }
        pending.set(request, { key, ticket: this.freshness.ticket(), tags: new AnswerTags() });
      },
      onResponse: async ({ request, response, setResponse, fetchAPI }) => {
        if (request.method !== 'GET' || response.headers.get('x-cache') === 'HIT') return;
        if (new URL(request.url).pathname !== graphqlEndpoint) return;
        if (request.headers.get('authorization') != null || request.headers.get('cookie') != null) {
          response.headers.set('cache-control', PRIVATE_CACHE_CONTROL);
          return;
        }
        // GraphQL answers only: GraphiQL's page has its own ETag and caching.
        if (!/json/.test(response.headers.get('content-type') ?? '')) return;
        if (response.status !== 200) {
          response.headers.set('cache-control', 'no-store');
          return;
        }
        const body = new Uint8Array(await response.arrayBuffer());
        const miss = pending.get(request);
        const answer: CachedAnswer = {
          body,
          etag: etagOf(body),
          contentType: response.headers.get('content-type') ?? 'application/json; charset=utf-8',
          tags: miss?.tags.cacheable ? [...miss.tags.tags].sort() : [],
        };
        const keep = miss?.tags.cacheable === true && !hasErrors(body);
        if (keep && (await this.freshness.mayStore(miss.ticket, miss.tags.tags))) {
          this.store.set(miss.key, answer);
          this.stats.stores++;
        }
        const headers = new fetchAPI.Headers(response.headers);
        // An answer no tag covers could not be purged from a shared cache: none may keep it.
        const out = keep
          ? answerResponse(answer, request.headers.get('if-none-match'), 'MISS')
          : conditionalAnswer(
              request.headers.get('if-none-match'),
              answer.etag,
              answer.body,
              { 'cache-control': 'no-store', 'x-cache': 'MISS' },
              { 'content-type': answer.contentType, 'content-length': String(answer.body.byteLength) },
            );
        for (const [name, value] of Object.entries(out.headers)) headers.set(name, value);
        if (out.status === 304) headers.delete('content-length');
        setResponse(new fetchAPI.Response(out.body, { status: out.status, headers }));
      },
    };
  }

  /**
   * A node:http listener that answers cache hits itself and hands everything else to `next` (the Yoga
   * app). A hit is a Map read; Yoga's Fetch-API adapter around it cost more than the hit itself (W4
   * A/B in docs/performance.md), so hits skip it.
   */
  nodeHandler(graphqlEndpoint: string, next: RequestListener): RequestListener {
    const prefix = `${graphqlEndpoint}?`;
    return (req: IncomingMessage, res: ServerResponse) => {
      const raw = req.url;
      if (req.method === 'GET' && raw?.startsWith(prefix)) {
        const key = this.#keyOfQuery(raw.slice(prefix.length), nodeHeaders(req));
        const answer = key === undefined ? undefined : this.lookup(key);
        if (answer) {
          const response = answerResponse(answer, req.headers['if-none-match']);
          res.writeHead(response.status, response.headers);
          res.end(response.body ?? undefined);
          return;
        }
        // A miss goes through Yoga, whose onRequest looks it up again (a miss costs one more Map read).
        if (key !== undefined) this.stats.misses--;
      }
      next(req, res);
    };
  }
}

interface HeaderSource {
  get(name: string): string | null | undefined;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON with object keys sorted at every level: one text per value, whatever order or spacing was sent. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The key of a GET's query string (the part after `?`), read as Yoga reads it (src/http/protocol.ts): the
 * Accept header (lower-cased, without spaces: it picks the media type), the persisted operation's hash
 * and name, and the variables as canonical JSON. Parameters Yoga ignores are ignored here too, so they
 * neither bypass the cache nor add entries. Undefined, never cached, for anything but
 * `extensions={"persistedQuery":{"version":1,"sha256Hash":<hex>}}` with no `query`, object (or absent)
 * variables and, optionally, an operationName.
 */
function persistedGetKey(query: string, acceptHeader: string): string | undefined {
  try {
    const params = readGetParams(new URLSearchParams(query));
    const { extensions, variables } = params;
    if (params.query !== undefined || !isPlainObject(extensions)) return undefined;
    const persisted = extensions.persistedQuery;
    if (Object.keys(extensions).length !== 1 || !isPlainObject(persisted)) return undefined;
    const { version, sha256Hash } = persisted;
    if (Object.keys(persisted).length !== 2 || version !== 1) return undefined;
    if (typeof sha256Hash !== 'string' || !SHA256_HEX.test(sha256Hash)) return undefined;
    if (variables != null && !isPlainObject(variables)) return undefined;
    const accept = acceptHeader.toLowerCase().replace(/\s+/g, '');
    return `${accept}\n${sha256Hash}\n${params.operationName ?? ''}\n${canonicalJson(variables ?? {})}`;
  } catch {
    // Unreadable parameters (Yoga answers them with a 400) or JSON too deep to walk: not cached.
    return undefined;
  }
}

function nodeHeaders(req: IncomingMessage): HeaderSource {
  return {
    get: (name) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/**
 * The `Cache-Tag` and `Surrogate-Key` headers a CDN purges by (docs/performance.md): the answer's tags,
 * space-separated; none when they would not fit, and then a shared cache may not keep the answer.
 */
export function cdnTagHeaders(tags: readonly string[]): Record<string, string> | undefined {
  const value = tags.join(' ');
  if (value.length === 0 || value.length > MAX_TAG_HEADER_LENGTH) return undefined;
  return { 'cache-tag': value, 'surrogate-key': value };
}

function answerResponse(
  answer: CachedAnswer,
  ifNoneMatch: string | null | undefined,
  cache: 'HIT' | 'MISS' = 'HIT',
): ConditionalAnswer<Uint8Array<ArrayBuffer>> {
  const tagHeaders = cdnTagHeaders(answer.tags);
  return conditionalAnswer(
    ifNoneMatch,
    answer.etag,
    answer.body,
    {
      ...PUBLIC_READ_CORS_HEADERS,
      'cache-control': tagHeaders ? PUBLIC_CACHE_CONTROL : 'no-store',
      // A shared cache must not hand a public answer to a request with credentials, nor mix media types.
      vary: 'Accept, Accept-Encoding, Authorization',
      'x-cache': cache,
      ...tagHeaders,
    },
    { 'content-type': answer.contentType, 'content-length': String(answer.body.byteLength) },
  );
}

/** Answers with errors (even partial ones) are never stored. */
function hasErrors(body: Uint8Array): boolean {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body)) as { errors?: unknown; data?: unknown };
    return parsed.errors !== undefined || parsed.data == null;
  } catch {
    return true;
  }
}
