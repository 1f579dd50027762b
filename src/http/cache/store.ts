// The cached answers: encoded response bodies with their ETag, least recently used first out.
import { createHash } from 'node:crypto';

export interface CachedAnswer {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  contentType: string;
}

/** A strong ETag from the body bytes: equal bodies, equal tags, across restarts and processes. */
export function etagOf(body: Uint8Array | string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** True when an If-None-Match header names `etag` (or is `*`). */
export function matchesEtag(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export class AnswerStore {
  readonly #maxBytes: number;
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the least recently used.
  readonly #answers = new Map<string, CachedAnswer>();
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  get size(): number {
    return this.#answers.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get(key: string): CachedAnswer | undefined {
    const answer = this.#answers.get(key);
    if (answer) {
      this.#answers.delete(key);
      this.#answers.set(key, answer);
    }
    return answer;
  }

  set(key: string, answer: CachedAnswer): void {
    const cost = answer.body.byteLength + key.length;
    if (cost > this.#maxBytes) return;
    this.delete(key);
    this.#answers.set(key, answer);
    this.#bytes += cost;
    while (this.#bytes > this.#maxBytes) {
      const oldest = this.#answers.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }

  delete(key: string): void {
    const answer = this.#answers.get(key);
    if (!answer) return;
    this.#answers.delete(key);
    this.#bytes -= answer.body.byteLength + key.length;
  }

  clear(): void {
    this.#answers.clear();
    this.#bytes = 0;
  }
}
