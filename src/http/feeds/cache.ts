// The feeds' own small cache: documents kept until the next invalidation of anything public
// (../cache/freshness.ts): any public write in this process, another process's public commit or a
// scheduled publish time drops them all. Feeds list the newest articles, so nearly every public write
// touches them; one tag-free rule keeps them simple.
import type { Clock, Freshness, Ticket } from '../cache/freshness.js';

export interface FeedDocument {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  contentType: string;
  /** When the document stops being true with no write at all (the news sitemap's moving window), in ms. */
  expiresAt?: number;
}

export class FeedCache {
  readonly #freshness: Freshness;
  readonly #clock: Clock;
  readonly #maxDocuments: number;
  readonly #documents = new Map<string, FeedDocument>();
  #epoch: number | undefined;

  /** `maxDocuments` bounds memory: there is one feed per section, and sections are made by writers. */
  constructor(freshness: Freshness, clock: Clock, maxDocuments = 500) {
    this.#freshness = freshness;
    this.#clock = clock;
    this.#maxDocuments = maxDocuments;
  }

  get size(): number {
    return this.#documents.size;
  }

  get(key: string): FeedDocument | undefined {
    this.#dropIfStale();
    if (!this.#freshness.ready()) return undefined;
    const document = this.#documents.get(key);
    if (document?.expiresAt !== undefined && this.#clock().getTime() >= document.expiresAt) {
      this.#documents.delete(key);
      return undefined;
    }
    return document;
  }

  /** A ticket to take before reading the database, for `store`. */
  ticket(): Ticket {
    return this.#freshness.ticket();
  }

  /** Keeps `document` if nothing changed since `ticket` was taken (else it is served once, not kept). */
  async store(key: string, ticket: Ticket, document: FeedDocument): Promise<void> {
    if (!(await this.#freshness.mayStore(ticket))) return;
    this.#dropIfStale();
    if (this.#epoch !== ticket.seq) return;
    if (this.#documents.size >= this.#maxDocuments) {
      const oldest = this.#documents.keys().next();
      if (!oldest.done) this.#documents.delete(oldest.value);
    }
    this.#documents.set(key, document);
  }

  #dropIfStale(): void {
    const seq = this.#freshness.current();
    if (seq !== this.#epoch) {
      this.#epoch = seq;
      this.#documents.clear();
    }
  }
}
