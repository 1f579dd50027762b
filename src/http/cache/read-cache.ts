// The response cache for public GETs of persisted operations, ETag/304 and Cache-Control for every GET.
// Hits are answered in Yoga's onRequest (app.fetch) or, in the server, before Yoga at all (nodeHandler).
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Db } from '../../db.js';
import { PUBLIC_READ_CORS_HEADERS } from '../cors.js';
import { type ConditionalAnswer, conditionalAnswer, etagOf } from '../etag.js';
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

export class ReadCache {
  readonly freshness: Freshness;
  readonly store: AnswerStore;
  readonly stats: ReadCacheStats = { hits: 0, misses: 0, stores: 0 };

  constructor({ db, clock, maxBytes = 64 * 1024 * 1024, nextPublishAt }: ReadCacheOptions) {
    this.freshness = new Freshness({ db, clock, nextPublishAt });
    this.store = new AnswerStore(maxBytes);
    this.freshness.onInvalidate(() => this.store.clear());
  }

  /**
   * The cache key of a request, or undefined when it must not be cached: only GETs naming a persisted
   * operation (a bounded, trusted set), never with credentials. The Accept header picks the media type.
   */
  keyOf(method: string, pathAndQuery: string, headers: HeaderSource): string | undefined {
    if (method !== 'GET' || !pathAndQuery.includes('persistedQuery')) return undefined;
    if (headers.get('authorization') != null || headers.get('cookie') != null) return undefined;
    return `${headers.get('accept') ?? ''}\n${pathAndQuery}`;
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
        const key = this.keyOf('GET', url.pathname + url.search, request.headers);
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
        const url = new URL(raw, 'http://localhost');
        const key = this.keyOf('GET', url.pathname + url.search, nodeHeaders(req));
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
