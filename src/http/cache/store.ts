// The cached answers: encoded response bodies with their ETag (../etag.ts), least recently used first out.
export interface CachedAnswer {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  contentType: string;
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
