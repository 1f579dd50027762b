// The cached answers: encoded response bodies with their ETag (../etag.ts) and the tags of what they are
// made of (src/editorial/cache-tags.ts), least recently used first out. A write drops the answers that
// share a tag with it, and only those.
export interface CachedAnswer {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  contentType: string;
  tags: readonly string[];
}

export class AnswerStore {
  readonly #maxBytes: number;
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the least recently used.
  readonly #answers = new Map<string, CachedAnswer>();
  /** tag -> keys of the answers carrying it. */
  readonly #byTag = new Map<string, Set<string>>();
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
    for (const tag of answer.tags) {
      let keys = this.#byTag.get(tag);
      if (!keys) {
        keys = new Set();
        this.#byTag.set(tag, keys);
      }
      keys.add(key);
    }
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
    for (const tag of answer.tags) {
      const keys = this.#byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.#byTag.delete(tag);
    }
  }

  /** Drops every answer carrying one of `tags`; returns how many were dropped. */
  invalidate(tags: Iterable<string>): number {
    let dropped = 0;
    for (const tag of tags) {
      for (const key of [...(this.#byTag.get(tag) ?? [])]) {
        this.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    this.#answers.clear();
    this.#byTag.clear();
    this.#bytes = 0;
  }
}
