// The public article events as they happen, for live subscriptions (src/schema/subscriptions.ts), on a
// Yoga pubsub. Fed by this process's writes (src/editorial/events.ts, straight from the write path) and by other
// processes' commits: their outbox rows, read when the database says another connection committed
// (watchExternalChanges in src/db.ts: SQLite's data_version, PostgreSQL's LISTEN/NOTIFY, behind the same
// ChangeFeed interface). A scheduled article's event is published when its time comes, if its row is
// still there (a reschedule or unpublish deletes it). The feed only runs while someone listens.
import { createPubSub, SlidingBuffer } from 'graphql-yoga';
import { type ChangeFeed, type Db, watchExternalChanges } from '../db.js';
import { type ArticleEvent, articleEventOfRow } from '../editorial/article-events.js';
import { onContentChange } from '../editorial/events.js';

const TOPIC = 'article-event';

export interface LiveFeedOptions {
  db: Db;
  clock?: () => Date;
  /** How often other processes' commits are looked for while someone listens. */
  pollMs?: number;
}

/** Events kept per subscriber that has not read them yet (see #pubSub). */
const SUBSCRIBER_BUFFER = 100;

/** A timer may wait at most this long (setTimeout's limit is about 24.8 days); it re-arms after. */
const MAX_TIMER_MS = 60 * 60_000;

interface Active {
  lastId: number;
  /** Ids of events this process published from its own writes, above `lastId`: not published twice. */
  seen: Set<number>;
  /** Scheduled events waiting for their time, by id. */
  pending: Map<number, ArticleEvent>;
  timer?: NodeJS.Timeout;
  poller: NodeJS.Timeout;
  external: ChangeFeed;
  unsubscribe: () => void;
  reading?: Promise<void>;
  readAgain: boolean;
}

export class LiveArticleFeed {
  readonly #db: Db;
  readonly #pollMs: number;
  readonly clock: () => Date;
  // Each subscriber keeps at most this many events it has not read yet, dropping the oldest: without a
  // buffer a stalled client's 1,025th event would throw inside the publisher. Each event is resolved to
  // the article as it is then, so a client that missed some still shows the latest.
  readonly #pubSub = createPubSub<{ [TOPIC]: [ArticleEvent] }>({
    repeaterBuffer: new SlidingBuffer(SUBSCRIBER_BUFFER),
  });
  #listeners = 0;
  #starting: Promise<Active> | undefined;
  #active: Active | undefined;

  constructor({ db, clock = () => new Date(), pollMs = 250 }: LiveFeedOptions) {
    this.#db = db;
    this.clock = clock;
    this.#pollMs = pollMs;
  }

  /** How many subscriptions listen now. */
  get listeners(): number {
    return this.#listeners;
  }

  /**
   * The events from now on, until the iterator is returned (the client went away). Listening starts
   * before this resolves: Yoga's pubsub would attach its listener only at the first read of the stream,
   * after the response has started, and an event in between would be lost.
   */
  async listen(): Promise<AsyncIterableIterator<ArticleEvent>> {
    this.#listeners++;
    try {
      await this.#start();
    } catch (error) {
      this.#release();
      throw error;
    }
    const source = this.#pubSub.subscribe(TOPIC)[Symbol.asyncIterator]();
    // The first next() runs the pubsub's executor, which adds the listener; its result is the first event.
    let first: Promise<IteratorResult<ArticleEvent>> | undefined = source.next();
    let done = false;
    return closableIterator(
      () => {
        const next = first ?? source.next();
        first = undefined;
        return next;
      },
      async () => {
        if (!done) {
          done = true;
          this.#release();
        }
        await source.return?.();
      },
    );
  }

  #release(): void {
    this.#listeners--;
    if (this.#listeners === 0) this.#stop();
  }

  #start(): Promise<Active> {
    this.#starting ??= (async () => {
      const unsubscribe = onContentChange((change) => {
        const active = this.#active;
        if (!active) return;
        for (const event of change.events ?? []) {
          active.seen.add(event.id);
          this.#handle(active, event);
        }
        // Its outbox rows are handled: the external feed skips its ChangeLog row (no read for nothing).
        if (change.changeId !== undefined) active.external.own?.(change.changeId);
      });
      try {
        const now = this.clock();
        const [last, scheduled] = await Promise.all([
          this.#db.outboxEvent.aggregate({ _max: { id: true } }),
          this.#db.outboxEvent.findMany({ where: { deliverAt: { gt: now } } }),
        ]);
        const external = watchExternalChanges(this.#db, () => this.#readExternal());
        const active: Active = {
          lastId: last._max.id ?? 0,
          seen: new Set(),
          pending: new Map(),
          external,
          unsubscribe,
          readAgain: false,
          poller: setInterval(() => external.poll(), this.#pollMs),
        };
        active.poller.unref();
        external.poll();
        this.#active = active;
        for (const row of scheduled) {
          const event = articleEventOfRow(row);
          if (event) this.#handle(active, event);
        }
        return active;
      } catch (error) {
        unsubscribe();
        this.#starting = undefined;
        throw error;
      }
    })();
    return this.#starting;
  }

  #stop(): void {
    const active = this.#active;
    this.#active = undefined;
    this.#starting = undefined;
    if (!active) return;
    clearInterval(active.poller);
    clearTimeout(active.timer);
    active.external.close();
    active.unsubscribe();
  }

  /** Publishes an event that is due, or keeps it until its time. */
  #handle(active: Active, event: ArticleEvent): void {
    if (event.deliverAt.getTime() <= this.clock().getTime()) {
      this.#pubSub.publish(TOPIC, event);
      return;
    }
    active.pending.set(event.id, event);
    this.#arm(active);
  }

  #arm(active: Active): void {
    clearTimeout(active.timer);
    let next = Number.POSITIVE_INFINITY;
    for (const event of active.pending.values()) next = Math.min(next, event.deliverAt.getTime());
    if (next === Number.POSITIVE_INFINITY) return;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, next - this.clock().getTime()));
    active.timer = setTimeout(() => void this.#fire(active), wait);
    active.timer.unref();
  }

  /** Publishes the scheduled events whose time has come and whose rows still exist, in order. */
  async #fire(active: Active): Promise<void> {
    const now = this.clock().getTime();
    const due = [...active.pending.values()]
      .filter((e) => e.deliverAt.getTime() <= now)
      .sort((a, b) => a.deliverAt.getTime() - b.deliverAt.getTime() || a.id - b.id);
    for (const event of due) active.pending.delete(event.id);
    try {
      if (due.length > 0) {
        const kept = await this.#db.outboxEvent.findMany({
          where: { id: { in: due.map((e) => e.id) } },
          select: { id: true },
        });
        const ids = new Set(kept.map((row) => row.id));
        if (this.#active === active) {
          for (const event of due) if (ids.has(event.id)) this.#pubSub.publish(TOPIC, event);
        }
      }
    } catch (error) {
      // The database could not say: keep them for the next try rather than drop or publish blindly.
      for (const event of due) active.pending.set(event.id, event);
      console.error('live feed: scheduled events not checked', error);
    }
    if (this.#active === active) this.#arm(active);
  }

  /** Reads the outbox rows other processes committed since the last read (once at a time, then again). */
  #readExternal(): void {
    const active = this.#active;
    if (!active) return;
    if (active.reading) {
      active.readAgain = true;
      return;
    }
    active.reading = (async () => {
      do {
        active.readAgain = false;
        try {
          const rows = await this.#db.outboxEvent.findMany({
            where: { id: { gt: active.lastId } },
            orderBy: { id: 'asc' },
          });
          for (const row of rows) {
            active.lastId = Math.max(active.lastId, row.id);
            if (active.seen.delete(row.id)) continue;
            const event = articleEventOfRow(row);
            if (event && this.#active === active) this.#handle(active, event);
          }
          for (const id of active.seen) if (id <= active.lastId) active.seen.delete(id);
        } catch (error) {
          console.error('live feed: outbox not read', error);
        }
      } while (active.readAgain && this.#active === active);
    })().finally(() => {
      active.reading = undefined;
    });
  }

  close(): void {
    this.#stop();
  }
}

/**
 * An async iterator from its `next` and what ends it. Written out rather than as an async generator: a
 * generator that has not started ignores return(), and whoever listens must hear that the client left.
 */
export function closableIterator<T>(
  next: () => Promise<IteratorResult<T>>,
  finish: () => Promise<void>,
): AsyncIterableIterator<T> {
  const end = async (): Promise<IteratorResult<T>> => {
    await finish();
    return { done: true, value: undefined };
  };
  const iterator: AsyncIterableIterator<T> = {
    next,
    return: end,
    throw: async (error: unknown) => {
      await end();
      throw error;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
