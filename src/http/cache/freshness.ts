// Decides which cached answers stop being true, and when: a write in this process (src/editorial/events.ts), a
// commit by another process (its ChangeLog rows, read when the database says it changed), and a scheduled
// article's publish time. Each names the cache tags it touched (src/editorial/cache-tags.ts); listeners
// drop the answers carrying them. `'all'` is the fallback when a change cannot say what it touched.
import { type Db, transactionActivity, watchExternalChanges } from '../../db.js';
import { scheduleTags, scheduleWindow } from '../../editorial/cache-tags.js';
import { onContentChange } from '../../editorial/events.js';

export type Clock = () => Date;

/**
 * What the schedule touches: the tags of articles that became public in (from, now], and the next
 * publish time after `now` with the tags it will touch.
 */
export type ScheduleLookup = (
  db: Db,
  from: Date,
  now: Date,
) => Promise<{ due: string[]; next: { at: Date; tags: string[] } | null }>;

export interface FreshnessOptions {
  db: Db;
  clock?: Clock;
  /** Swappable for tests; defaults to the scheduled articles' own tags (src/editorial/cache-tags.ts). */
  schedule?: ScheduleLookup;
}

/** What a request notes when it starts, so its answer is only stored if nothing it read changed meanwhile. */
export interface Ticket {
  /** The invalidation sequence number when the request started. */
  seq: number;
  transactionsStarted: number;
}

export type Invalidated = ReadonlySet<string> | 'all';

/** Recent invalidations remembered for `mayStore`; a request older than all of them stores nothing. */
const REMEMBERED = 512;

const defaultSchedule: ScheduleLookup = async (db, from, now) => {
  const { due, next } = await scheduleWindow(db, from, now);
  return {
    due: due.flatMap(scheduleTags),
    next: next && { at: next.at, tags: next.articles.flatMap(scheduleTags) },
  };
};

export class Freshness {
  readonly #clock: Clock;
  readonly #db: Db;
  readonly #schedule: ScheduleLookup;
  readonly #listeners = new Set<(invalidated: Invalidated) => void>();
  readonly #unsubscribe: () => void;
  readonly #external;
  /** Sequence number of the latest invalidation. */
  #seq = 0;
  /** The latest invalidations, oldest first: `seq` and what they dropped. */
  readonly #recent: { seq: number; invalidated: Invalidated }[] = [];
  /** Every publish time up to here has been handled. */
  #scheduleFrom: Date;
  /** The next publish time after `#scheduleFrom` and its tags (null: none); valid while `#known`. */
  #next: { atMs: number; tags: string[] } | null = null;
  /** False until the schedule is looked up, and again once a publish time passed: hits wait for it. */
  #known = false;
  /** Look-ups asked for and done: a write during a look-up asks for another. */
  #wanted = 0;
  #done = 0;
  #lookup: Promise<void> | undefined;
  /** A write may have moved the schedule: read it again at the next cacheable request. */
  #scheduleDirty = false;

  constructor({ db, clock = () => new Date(), schedule = defaultSchedule }: FreshnessOptions) {
    this.#db = db;
    this.#clock = clock;
    this.#schedule = schedule;
    this.#scheduleFrom = clock();
    // Any write may schedule or move an article: the schedule is read again by the next cacheable
    // request (current answers stay true meanwhile), not here, so writes alone cost no extra query.
    this.#unsubscribe = onContentChange((change) => {
      this.invalidate(change.tags);
      this.#scheduleDirty = true;
      // Its ChangeLog row is handled: the feed skips it when it reads it among other processes' rows.
      if (change.changeId !== undefined) this.#external.own?.(change.changeId);
    });
    // Commits by other processes, with the tags they recorded (src/db.ts, src/editorial/write.ts).
    this.#external = watchExternalChanges(db, (change) => {
      this.invalidate(change === 'all' ? undefined : change.tags);
      this.#scheduleDirty = true;
    });
    this.#external.poll();
  }

  get clock(): Clock {
    return this.#clock;
  }

  /** Called with what every invalidation dropped. */
  onInvalidate(listener: (invalidated: Invalidated) => void): void {
    this.#listeners.add(listener);
  }

  /** Drops what carries one of `tags`, or everything when `tags` is undefined. */
  invalidate(tags?: readonly string[]): void {
    if (tags !== undefined && tags.length === 0) return;
    const invalidated: Invalidated = tags === undefined ? 'all' : new Set(tags);
    this.#seq++;
    this.#recent.push({ seq: this.#seq, invalidated });
    if (this.#recent.length > REMEMBERED) this.#recent.shift();
    for (const listener of this.#listeners) listener(invalidated);
  }

  /**
   * Checks, synchronously, for other processes' commits and a passed publish time, and returns the
   * latest invalidation's sequence number. Cheap (one pragma read), so it runs on every cacheable request.
   */
  current(): number {
    this.#external.poll();
    if (this.#scheduleDirty) {
      this.#scheduleDirty = false;
      void this.#refreshSchedule();
    }
    const next = this.#next;
    if (this.#known && next && this.#clock().getTime() >= next.atMs) {
      // Other articles may have come due since: until the schedule is read again, nothing is served.
      this.#scheduleFrom = new Date(next.atMs);
      this.#next = null;
      this.#known = false;
      this.invalidate(next.tags);
      this.#refreshSchedule();
    }
    return this.#seq;
  }

  /** Whether stored answers may be served: false while a passed publish time's effects are looked up. */
  ready(): boolean {
    this.current();
    return this.#known;
  }

  ticket(): Ticket {
    return { seq: this.current(), transactionsStarted: transactionActivity.started };
  }

  /**
   * Whether an answer computed since `ticket` may be stored: nothing it is made of (`tags`; anything at
   * all when `tags` is not given) was invalidated meanwhile, the schedule is known (so the answer is
   * dropped when its time comes), and no in-process transaction overlapped the request (it could have
   * read uncommitted rows on the shared connection).
   */
  async mayStore(ticket: Ticket, tags?: ReadonlySet<string>): Promise<boolean> {
    if (!this.#untouchedSince(ticket, tags)) return false;
    if (!this.#known) await this.#refreshSchedule();
    return (
      this.#known &&
      this.#untouchedSince(ticket, tags) &&
      transactionActivity.open === 0 &&
      transactionActivity.started === ticket.transactionsStarted
    );
  }

  #untouchedSince(ticket: Ticket, tags: ReadonlySet<string> | undefined): boolean {
    if (this.current() === ticket.seq) return true;
    const oldest = this.#recent[0];
    if (!oldest || oldest.seq > ticket.seq + 1 || tags === undefined) return false;
    for (const { seq, invalidated } of this.#recent) {
      if (seq <= ticket.seq) continue;
      if (invalidated === 'all') return false;
      for (const tag of tags) if (invalidated.has(tag)) return false;
    }
    return true;
  }

  /** Reads the schedule again (once more if asked again meanwhile); resolves when it is known. */
  #refreshSchedule(): Promise<void> {
    this.#wanted++;
    this.#lookup ??= (async () => {
      while (this.#done < this.#wanted) {
        const asked = this.#wanted;
        const now = this.#clock();
        try {
          const { due, next } = await this.#schedule(this.#db, this.#scheduleFrom, now);
          this.invalidate(due);
          this.#scheduleFrom = now;
          this.#next = next && { atMs: next.at.getTime(), tags: next.tags };
          this.#done = asked;
          this.#known = this.#done === this.#wanted;
        } catch {
          // Unknown schedule: keep storing and serving nothing; the next request asks again.
          this.#done = this.#wanted;
          this.#known = false;
        }
      }
    })().finally(() => {
      this.#lookup = undefined;
    });
    return this.#lookup;
  }

  close(): void {
    this.#unsubscribe();
    this.#external.close();
    this.#listeners.clear();
  }
}
