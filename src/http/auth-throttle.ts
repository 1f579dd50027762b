// Failed authentications are throttled per client address: after `maxFailures` answers of 401 in a window,
// that address's requests carrying a token get 429 with Retry-After until the window ends. Defence in
// depth (token secrets are 256-bit); kept in memory, bounded in size. Public requests are never refused.
import type { Plugin } from 'graphql-yoga';
import { errorResponse, tooManyFailedAuthentications } from '../errors.js';

export interface AuthFailureLimitOptions {
  /** Failed authentications allowed per client in one window. */
  maxFailures?: number;
  windowMs?: number;
  /** Clients remembered at most; the longest-unseen are forgotten first. */
  maxClients?: number;
  clock?: () => Date;
}

interface Window {
  startedAt: number;
  failures: number;
}

export class AuthFailureLimit {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly maxClients: number;
  readonly #clock: () => Date;
  /** Insertion order is recency order: a client seen again is moved to the end. */
  readonly #windows = new Map<string, Window>();

  constructor({
    maxFailures = 10,
    windowMs = 60_000,
    maxClients = 10_000,
    clock = () => new Date(),
  }: AuthFailureLimitOptions = {}) {
    this.maxFailures = maxFailures;
    this.windowMs = windowMs;
    this.maxClients = maxClients;
    this.#clock = clock;
  }

  /** Clients currently remembered (for tests and the memory bound). */
  get size(): number {
    return this.#windows.size;
  }

  #current(client: string, now: number): Window | undefined {
    const window = this.#windows.get(client);
    if (window && now - window.startedAt >= this.windowMs) {
      this.#windows.delete(client);
      return undefined;
    }
    return window;
  }

  /** Seconds until `client` may try a token again, or 0 when it may now. */
  retryAfterSeconds(client: string): number {
    const now = this.#clock().getTime();
    const window = this.#current(client, now);
    if (!window || window.failures < this.maxFailures) return 0;
    return Math.max(1, Math.ceil((window.startedAt + this.windowMs - now) / 1000));
  }

  recordFailure(client: string): void {
    const now = this.#clock().getTime();
    const window = this.#current(client, now) ?? { startedAt: now, failures: 0 };
    window.failures++;
    this.#windows.delete(client);
    this.#windows.set(client, window);
    while (this.#windows.size > this.maxClients) {
      const oldest = this.#windows.keys().next().value;
      if (oldest === undefined) break;
      this.#windows.delete(oldest);
    }
  }
}

/**
 * The client a request comes from: the TCP peer's address over node:http. Behind a reverse proxy that is
 * the proxy (docs/limits.md); requests through app.fetch without a socket share one bucket.
 */
export function clientAddress(serverContext: unknown): string {
  const req = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req;
  return req?.socket?.remoteAddress ?? 'local';
}

/**
 * Yoga plugin: refuses a token from a client over the limit before it is checked (429), and counts every
 * answer of 401 (an unknown, revoked or malformed token, src/auth/tokens.ts) against the client sending
 * it. A success resets nothing: only the end of the window does.
 */
export function useAuthFailureLimit(limit: AuthFailureLimit): Plugin {
  const clients = new WeakMap<Request, string>();
  return {
    onRequest({ request, serverContext, endResponse, fetchAPI }) {
      if (!request.headers.has('authorization')) return;
      const client = clientAddress(serverContext);
      const wait = limit.retryAfterSeconds(client);
      if (wait > 0) {
        const refused = errorResponse(tooManyFailedAuthentications(wait));
        endResponse(
          fetchAPI.Response.json(refused.body, { status: refused.status, headers: refused.headers }),
        );
        return;
      }
      clients.set(request, client);
    },
    onResponse({ request, response }) {
      const client = clients.get(request);
      if (client !== undefined && response.status === 401) limit.recordFailure(client);
    },
  };
}
