// Decides when cached answers stop being true: a write in this process, a commit by another process,
// or the next scheduled publish time. Each of these starts a new epoch; an answer belongs to one epoch.
import { type Db, dataVersionOf, transactionActivity } from '../../db.js';
import { nextScheduledPublishAt } from '../../editorial/publication.js';
import { onContentChange } from '../../events.js';

export type Clock = () => Date;

export interface FreshnessOptions {
  db: Db;
  clock?: Clock;
  /** Swappable for tests and for the scheduling work; defaults to ./schedule.ts. */
  nextPublishAt?: (db: Db, after: Date) => Promise<Date | null>;
}

/** What a request notes when it starts, so its answer is only stored if nothing changed meanwhile. */
export interface Ticket {
  epoch: number;
  transactionsStarted: number;
}

export class Freshness {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #nextPublishAt: (db: Db, after: Date) => Promise<Date | null>;
  readonly #listeners = new Set<() => void>();
  readonly #unsubscribe: () => void;
  #epoch = 0;
  #dataVersion: number | undefined;
  /** Start of the current epoch: the schedule is looked up from here, so no publish time is skipped. */
  #epochStartedAt: Date;
  /** ms since epoch of the next publish; null when none is scheduled; undefined until looked up. */
  #nextPublishMs: number | null | undefined;
  #scheduleLookup: Promise<void> | undefined;

  constructor({ db, clock = () => new Date(), nextPublishAt = nextScheduledPublishAt }: FreshnessOptions) {
    this.#db = db;
    this.#clock = clock;
    this.#nextPublishAt = nextPublishAt;
    this.#dataVersion = dataVersionOf(db);
    this.#epochStartedAt = clock();
    this.#unsubscribe = onContentChange(() => this.invalidate());
  }

  get clock(): Clock {
    return this.#clock;
  }

  /** Called with every invalidation (the cache empties itself). */
  onInvalidate(listener: () => void): void {
    this.#listeners.add(listener);
  }

  invalidate(): void {
    this.#epoch++;
    this.#epochStartedAt = this.#clock();
    this.#nextPublishMs = undefined;
    this.#scheduleLookup = undefined;
    for (const listener of this.#listeners) listener();
  }

  /**
   * The current epoch after checking, synchronously, for other processes' commits and a passed publish
   * time. Cheap (one pragma read), so it runs on every cacheable request.
   */
  current(): number {
    const dataVersion = dataVersionOf(this.#db);
    if (dataVersion !== this.#dataVersion) {
      this.#dataVersion = dataVersion;
      this.invalidate();
    } else if (typeof this.#nextPublishMs === 'number' && this.#clock().getTime() >= this.#nextPublishMs) {
      this.invalidate();
    }
    return this.#epoch;
  }

  ticket(): Ticket {
    return { epoch: this.current(), transactionsStarted: transactionActivity.started };
  }

  /**
   * Whether an answer computed since `ticket` may be stored: the epoch is unchanged, the next publish
   * time is known (looked up once per epoch), and no in-process transaction overlapped the request.
   */
  async mayStore(ticket: Ticket): Promise<boolean> {
    if (this.current() !== ticket.epoch) return false;
    if (this.#nextPublishMs === undefined) {
      const epoch = this.#epoch;
      this.#scheduleLookup ??= this.#nextPublishAt(this.#db, this.#epochStartedAt)
        .then((at) => {
          if (this.#epoch === epoch) this.#nextPublishMs = at ? at.getTime() : null;
        })
        .catch(() => {
          // Unknown schedule: store nothing this time, look again next time.
          this.#scheduleLookup = undefined;
        });
      await this.#scheduleLookup;
    }
    return (
      this.current() === ticket.epoch &&
      this.#nextPublishMs !== undefined &&
      transactionActivity.open === 0 &&
      transactionActivity.started === ticket.transactionsStarted
    );
  }

  close(): void {
    this.#unsubscribe();
    this.#listeners.clear();
  }
}
