// The response cache for public GETs of persisted operations, ETag/304 and Cache-Control for every GET.
// Hits are answered in Yoga's onRequest (app.fetch) or, in the server, before Yoga at all (nodeHandler).
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Db } from '../../db.js';
import { PUBLIC_READ_CORS_HEADERS } from '../cors.js';
import { type ConditionalAnswer, conditionalAnswer, etagOf } from '../etag.js';
import { readGetParams } from '../protocol.js';
import { type Clock, Freshness, type Ticket } from './freshness.js';
import { AnswerStore, type CachedAnswer } from './store.js';

/** Shared caches may keep public answers but must ask again each time (ETag makes that a cheap 304). */
export const PUBLIC_CACHE_CONTROL = 'public, no-cache';
export const PRIVATE_CACHE_CONTROL = 'private, no-store';

export interface ReadCacheOptions {
  db: Db;
  clock?: Clock;
  /** Bytes of response bodies kept; least recently used answers leave first. */
  maxBytes?: number;
  nextPublishAt?: (db: Db, after: Date) => Promise<Date | null>;
}

export interface ReadCacheStats {
  hits: number;
  misses: number;
  stores: number;
}

interface Pending {
  key: string;
  ticket: Ticket;
}

/** Query strings remembered with their keys: at most this many, each at most this long. */
const MAX_PARSED_KEYS = 1024;
const MAX_PARSED_QUERY_LENGTH = 1024;

export class ReadCache {
  readonly freshness: Freshness;
  readonly store: AnswerStore;
  readonly stats: ReadCacheStats = { hits: 0, misses: 0, stores: 0 };
  /** Recently seen (Accept, query string) pairs and their keys: a repeated GET costs one Map read, no parse. */
  readonly #parsedKeys = new Map<string, string | null>();

  constructor({ db, clock, maxBytes = 64 * 1024 * 1024, nextPublishAt }: ReadCacheOptions) {
    this.freshness = new Freshness({ db, clock, nextPublishAt });
    this.store = new AnswerStore(maxBytes);
    this.freshness.onInvalidate(() => this.store.clear());
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
    this.freshness.current();
    const answer = this.store.get(key);
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
    const pending = new WeakMap<Request, Pending>();
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
        pending.set(request, { key, ticket: this.freshness.ticket() });
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
        const answer: CachedAnswer = {
          body,
          etag: etagOf(body),
          contentType: response.headers.get('content-type') ?? 'application/json; charset=utf-8',
        };
        const miss = pending.get(request);
        if (miss && !hasErrors(body) && (await this.freshness.mayStore(miss.ticket))) {
          this.store.set(miss.key, answer);
          this.stats.stores++;
        }
        const headers = new fetchAPI.Headers(response.headers);
        const out = answerResponse(answer, request.headers.get('if-none-match'), 'MISS');
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

function answerResponse(
  answer: CachedAnswer,
  ifNoneMatch: string | null | undefined,
  cache: 'HIT' | 'MISS' = 'HIT',
): ConditionalAnswer<Uint8Array<ArrayBuffer>> {
  return conditionalAnswer(
    ifNoneMatch,
    answer.etag,
    answer.body,
    {
      ...PUBLIC_READ_CORS_HEADERS,
      'cache-control': PUBLIC_CACHE_CONTROL,
      // A shared cache must not hand a public answer to a request with credentials, nor mix media types.
      vary: 'Accept, Accept-Encoding, Authorization',
      'x-cache': cache,
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
