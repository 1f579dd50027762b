// Webhook delivery: due outbox events become one Delivery per matching webhook (fan-out), deliveries are
// claimed, POSTed with a signature and a timeout, and retried with exponential backoff and jitter until
// delivered or given up; every attempt is recorded. At least once, and in order per article per webhook:
// only the oldest pending delivery of an (article, webhook) pair is ever claimed, so a later event waits
// until the earlier one is delivered or given up. Several processes on one database may run this at once:
// fan-out and claims happen in write transactions with conditional updates, so no delivery is sent by two
// of them unless a claim expired (a process died or hung mid-send), which at-least-once allows.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Db, databaseErrorMessage, sqlTimestamp } from '../db.js';
import { articleEventOfRow } from '../editorial/article-events.js';
import { onContentChange } from '../editorial/events.js';
import { env } from '../env.js';
import { Prisma } from '../generated/prisma/client.js';
import { webhookEvents } from './endpoints.js';
import { webhookPayload } from './payload.js';
import { backoffMs, RETRY_POLICY, type RetryPolicy } from './retry.js';
import { SIGNATURE_HEADER, signatureHeader } from './signature.js';

export interface DeliveryOptions {
  /** What "now" is: when events are due, when attempts may start, how old a delivery is. */
  clock?: () => Date;
  /** How long one attempt may take (WEBHOOK_TIMEOUT_MS). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Base of the absolute article URLs in payloads (PUBLIC_URL). */
  publicUrl?: string;
  /** Deliveries sent at once; each is to a different (article, webhook) pair. */
  concurrency?: number;
  /** Names this process in its claims (default host:pid). */
  worker?: string;
  /** Jitter's randomness, in [0, 1). */
  random?: () => number;
}

interface Resolved {
  clock: () => Date;
  timeoutMs: number;
  retry: RetryPolicy;
  publicUrl: string;
  concurrency: number;
  worker: string;
  random: () => number;
}

function resolve(options: DeliveryOptions): Resolved {
  return {
    clock: options.clock ?? (() => new Date()),
    timeoutMs: options.timeoutMs ?? env.webhookTimeoutMs,
    retry: { ...RETRY_POLICY, ...options.retry },
    publicUrl: options.publicUrl ?? env.publicUrl,
    concurrency: options.concurrency ?? 8,
    worker: options.worker ?? `${hostname()}:${process.pid}`,
    random: options.random ?? Math.random,
  };
}

/** Outbox rows fanned out per transaction: bounds how long one holds the write lock. */
const FAN_OUT_BATCH = 200;
/** A claim outlives an attempt's timeout by this much before another process may take the delivery. */
const CLAIM_MARGIN_MS = 30_000;
const MAX_ERROR_LENGTH = 500;

/** Another process fanned out some of the same rows first: this transaction rolls back and looks again. */
class FanOutRace extends Error {}

/**
 * Makes the deliveries of every due outbox event (one per webhook subscribed to its type, at that time)
 * and marks the events fanned out, in the same transaction. Returns the number of events fanned out.
 */
export async function fanOut(db: Db, options: DeliveryOptions = {}): Promise<number> {
  const o = resolve(options);
  let total = 0;
  for (;;) {
    const now = o.clock();
    const due = { fannedOutAt: null, deliverAt: { lte: now } };
    // A read first: an idle pass must not take the write lock (a transaction here is BEGIN IMMEDIATE).
    if (!(await db.outboxEvent.findFirst({ where: due, select: { id: true } }))) return total;
    let count: number;
    try {
      count = await db.$transaction(async (tx) => {
        const rows = await tx.outboxEvent.findMany({
          where: due,
          orderBy: [{ deliverAt: 'asc' }, { id: 'asc' }],
          take: FAN_OUT_BATCH,
        });
        if (rows.length === 0) return 0;
        const marked = await tx.outboxEvent.updateMany({
          where: { id: { in: rows.map((row) => row.id) }, fannedOutAt: null },
          data: { fannedOutAt: now },
        });
        if (marked.count !== rows.length) throw new FanOutRace();
        const webhooks = (await tx.webhook.findMany({ select: { id: true, events: true } })).map((w) => ({
          id: w.id,
          events: webhookEvents(w),
        }));
        const deliveries: Prisma.DeliveryCreateManyInput[] = [];
        for (const row of rows) {
          const event = articleEventOfRow(row);
          if (!event) continue;
          const body = JSON.stringify(webhookPayload(event, o.publicUrl));
          for (const webhook of webhooks) {
            if (!webhook.events.includes(event.type)) continue;
            deliveries.push({
              webhookId: webhook.id,
              outboxEventId: row.id,
              articleId: row.articleId,
              body,
              nextAttemptAt: now,
              createdAt: now,
            });
          }
        }
        if (deliveries.length > 0) await tx.delivery.createMany({ data: deliveries });
        return rows.length;
      });
    } catch (error) {
      if (error instanceof FanOutRace) continue;
      throw error;
    }
    total += count;
    if (count < FAN_OUT_BATCH) return total;
  }
}

interface Claimed {
  id: number;
  body: string;
  webhook: { url: string; secret: string };
  event: { eventId: string; type: string };
}

/**
 * Claims up to `limit` deliveries that may be attempted now: pending, due, not claimed by a live claim,
 * and the oldest pending one of their (article, webhook) pair. `skip`: ids already attempted this run.
 */
async function claimDue(
  db: Db,
  o: Resolved,
  claim: string,
  skip: readonly number[],
  limit: number,
): Promise<Claimed[]> {
  const now = o.clock();
  const at = sqlTimestamp(db, now);
  const headsOf = (client: Pick<Db, '$queryRaw'>) => client.$queryRaw<{ id: number | bigint }[]>`
      SELECT d."id" FROM "Delivery" d
      WHERE d."status" = 'PENDING' AND d."nextAttemptAt" <= ${at}
        AND (d."claimedUntil" IS NULL OR d."claimedUntil" <= ${at})
        ${skip.length > 0 ? Prisma.sql`AND d."id" NOT IN (${Prisma.join(skip)})` : Prisma.empty}
        AND NOT EXISTS (
          SELECT 1 FROM "Delivery" e
          WHERE e."webhookId" = d."webhookId" AND e."articleId" = d."articleId"
            AND e."status" = 'PENDING' AND e."id" < d."id")
      ORDER BY d."id" LIMIT ${limit}`;
  // As for fan-out: look before taking the write lock, then look again holding it.
  if ((await headsOf(db)).length === 0) return [];
  return db.$transaction(async (tx) => {
    const heads = await headsOf(tx);
    if (heads.length === 0) return [];
    const ids = heads.map((h) => Number(h.id));
    // Conditional, so a process that read the same heads concurrently (PostgreSQL) claims none of them twice.
    await tx.delivery.updateMany({
      where: {
        id: { in: ids },
        status: 'PENDING',
        OR: [{ claimedUntil: null }, { claimedUntil: { lte: now } }],
      },
      data: { claimedBy: claim, claimedUntil: new Date(now.getTime() + o.timeoutMs + CLAIM_MARGIN_MS) },
    });
    return tx.delivery.findMany({
      where: { id: { in: ids }, claimedBy: claim, status: 'PENDING' },
      orderBy: { id: 'asc' },
      select: {
        id: true,
        body: true,
        webhook: { select: { url: true, secret: true } },
        event: { select: { eventId: true, type: true } },
      },
    });
  });
}

/** Why an attempt got no answer, in one line: refused, timed out, DNS… */
function failureOf(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `timed out after ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? error.cause : undefined;
  const message = cause instanceof Error ? cause.message : error instanceof Error ? error.message : error;
  return String(message).slice(0, MAX_ERROR_LENGTH);
}

export interface AttemptOutcome {
  statusCode: number | null;
  /** Null when the receiver answered 2xx. */
  error: string | null;
  durationMs: number;
}

/** One HTTP attempt: POST the body, signed now; any 2xx is success, anything else (3xx too) a failure. */
async function send(delivery: Claimed, o: Resolved, sentAt: Date): Promise<AttemptOutcome> {
  const started = performance.now();
  const timestamp = Math.floor(sentAt.getTime() / 1000);
  try {
    const response = await fetch(delivery.webhook.url, {
      method: 'POST',
      // A redirect is the receiver's configuration to fix, not a place to send signed events to.
      redirect: 'manual',
      signal: AbortSignal.timeout(o.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Newsroom-Webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(delivery.webhook.secret, delivery.body, timestamp),
        'Newsroom-Event': delivery.event.type,
        'Newsroom-Delivery': String(delivery.id),
        'Idempotency-Key': delivery.event.eventId,
      },
      body: delivery.body,
    });
    // Only the status matters; the body is dropped unread, whatever its size.
    await response.body?.cancel().catch(() => {});
    const ok = response.status >= 200 && response.status < 300;
    return {
      statusCode: response.status,
      error: ok ? null : `HTTP ${response.status}`,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    return {
      statusCode: null,
      error: failureOf(error, o.timeoutMs),
      durationMs: Math.round(performance.now() - started),
    };
  }
}

/**
 * Records an attempt and moves the delivery on: delivered, retried after the backoff, or given up once the
 * next attempt would fall past `giveUpAfterMs`. A success always counts; a failure whose claim another
 * process has taken over (it outlived its claim) only adds its attempt to the log.
 */
async function record(
  db: Db,
  o: Resolved,
  claim: string,
  deliveryId: number,
  startedAt: Date,
  outcome: AttemptOutcome,
): Promise<'DELIVERED' | 'FAILED' | 'PENDING' | null> {
  const finished = o.clock();
  return db.$transaction(async (tx) => {
    const current = await tx.delivery.findUnique({
      where: { id: deliveryId },
      select: { attempts: true, claimedBy: true, createdAt: true, status: true },
    });
    if (!current) return null; // its webhook was removed meanwhile
    const number = current.attempts + 1;
    await tx.deliveryAttempt.create({ data: { deliveryId, number, startedAt, ...outcome } });
    const base = { attempts: number, lastStatusCode: outcome.statusCode, lastError: outcome.error };
    const released = { claimedBy: null, claimedUntil: null };
    if (current.status !== 'PENDING' || (outcome.error !== null && current.claimedBy !== claim)) {
      await tx.delivery.update({ where: { id: deliveryId }, data: base, select: { id: true } });
      return null;
    }
    if (outcome.error === null) {
      await tx.delivery.update({
        where: { id: deliveryId },
        data: { ...base, ...released, status: 'DELIVERED', completedAt: finished },
        select: { id: true },
      });
      return 'DELIVERED';
    }
    const next = new Date(finished.getTime() + backoffMs(number, o.retry, o.random));
    const givenUp = next.getTime() - current.createdAt.getTime() > o.retry.giveUpAfterMs;
    await tx.delivery.update({
      where: { id: deliveryId },
      data: givenUp
        ? { ...base, ...released, status: 'FAILED', completedAt: finished }
        : { ...base, ...released, nextAttemptAt: next },
      select: { id: true },
    });
    return givenUp ? 'FAILED' : 'PENDING';
  });
}

export interface DeliveryRun {
  /** Outbox events turned into deliveries. */
  fannedOut: number;
  attempted: number;
  delivered: number;
  /** Given up this run (their last attempt failed past the retry window). */
  failed: number;
}

/**
 * One pass of the loop, also what tests drive: fans out the due events, then attempts every delivery that
 * may be attempted now (each at most once per pass; the next delivery of a pair as soon as the one before
 * it is delivered), until none is left.
 */
export async function runDeliveries(db: Db, options: DeliveryOptions = {}): Promise<DeliveryRun> {
  const o = resolve(options);
  const run: DeliveryRun = { fannedOut: await fanOut(db, options), attempted: 0, delivered: 0, failed: 0 };
  const claim = `${o.worker}:${randomUUID()}`;
  const attempted: number[] = [];
  for (;;) {
    const claimed = await claimDue(db, o, claim, attempted, o.concurrency);
    if (claimed.length === 0) return run;
    await Promise.all(
      claimed.map(async (delivery) => {
        attempted.push(delivery.id);
        const startedAt = o.clock();
        const outcome = await send(delivery, o, startedAt);
        const status = await record(db, o, claim, delivery.id, startedAt, outcome);
        run.attempted++;
        if (status === 'DELIVERED') run.delivered++;
        if (status === 'FAILED') run.failed++;
      }),
    );
  }
}

/** When something may next be due: a pending event's time, a retry's time, or an expired claim. */
async function nextDueAt(db: Db, now: Date): Promise<Date | null> {
  const [event, retry, claim] = await Promise.all([
    db.outboxEvent.findFirst({
      where: { fannedOutAt: null },
      orderBy: { deliverAt: 'asc' },
      select: { deliverAt: true },
    }),
    db.delivery.findFirst({
      where: { status: 'PENDING', nextAttemptAt: { gt: now } },
      orderBy: { nextAttemptAt: 'asc' },
      select: { nextAttemptAt: true },
    }),
    db.delivery.findFirst({
      where: { status: 'PENDING', claimedUntil: { gt: now } },
      orderBy: { claimedUntil: 'asc' },
      select: { claimedUntil: true },
    }),
  ]);
  const times = [event?.deliverAt, retry?.nextAttemptAt, claim?.claimedUntil].filter(
    (t): t is Date => t instanceof Date,
  );
  return times.length === 0 ? null : new Date(Math.min(...times.map((t) => t.getTime())));
}

const wakeListeners = new Set<() => void>();

/** Asks the delivery loops of this process to look now (e.g. after a redelivery was queued). */
export function wakeDeliveries(): void {
  for (const wake of wakeListeners) wake();
}

/**
 * Makes a delivery go again: a pending one is retried now; a delivered or given-up one is sent again as
 * a new delivery with the same body and Idempotency-Key, after any pending delivery of its article.
 * Null when there is no such delivery.
 */
export async function redeliver(db: Db, deliveryId: number, now = new Date()) {
  const delivery = await db.$transaction(async (tx) => {
    const old = await tx.delivery.findUnique({ where: { id: deliveryId } });
    if (!old) return null;
    if (old.status === 'PENDING') {
      return tx.delivery.update({ where: { id: old.id }, data: { nextAttemptAt: now } });
    }
    return tx.delivery.create({
      data: {
        webhookId: old.webhookId,
        outboxEventId: old.outboxEventId,
        articleId: old.articleId,
        body: old.body,
        nextAttemptAt: now,
        createdAt: now,
      },
    });
  });
  if (delivery) wakeDeliveries();
  return delivery;
}

/** Outbox events (with their deliveries) are kept this long after they were fanned out. */
export const OUTBOX_RETENTION_MS = 30 * 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;

/** Deletes events fanned out before `cutoff` with nothing pending; their deliveries go with them. */
export async function pruneOutbox(db: Db, cutoff: Date): Promise<number> {
  const { count } = await db.$transaction((tx) =>
    tx.outboxEvent.deleteMany({
      where: { fannedOutAt: { lt: cutoff }, deliveries: { none: { status: 'PENDING' } } },
    }),
  );
  return count;
}

export interface LoopOptions extends DeliveryOptions {
  /** The longest sleep between two passes: commits of other processes are noticed within this. */
  idleMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * The server's delivery loop: a pass, then sleep until the next thing is due (at most `idleMs`), woken
 * early by this process's writes that made events and by redeliveries.
 */
export class DeliveryLoop {
  readonly #db: Db;
  readonly #options: LoopOptions;
  #stopped = false;
  #running: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #woken = false;
  #unsubscribe: (() => void) | undefined;
  #prunedAt = 0;

  constructor(db: Db, options: LoopOptions = {}) {
    this.#db = db;
    this.#options = options;
  }

  start(): void {
    if (this.#running) return;
    const wake = () => {
      this.#woken = true;
      this.#wake?.();
    };
    wakeListeners.add(wake);
    const unsubscribe = onContentChange((change) => {
      if (change.events?.length) wake();
    });
    this.#unsubscribe = () => {
      wakeListeners.delete(wake);
      unsubscribe();
    };
    this.#running = this.#loop();
  }

  async #loop(): Promise<void> {
    const clock = this.#options.clock ?? (() => new Date());
    const idleMs = this.#options.idleMs ?? 2_000;
    const onError =
      this.#options.onError ??
      ((error: unknown) => console.error(`webhook deliveries: ${databaseErrorMessage(error)}`));
    while (!this.#stopped) {
      this.#woken = false;
      let next: Date | null = null;
      try {
        await runDeliveries(this.#db, this.#options);
        const now = clock();
        if (now.getTime() - this.#prunedAt >= PRUNE_EVERY_MS) {
          this.#prunedAt = now.getTime();
          await pruneOutbox(this.#db, new Date(now.getTime() - OUTBOX_RETENTION_MS));
        }
        next = await nextDueAt(this.#db, now);
      } catch (error) {
        // A busy or failing database: try again after the idle wait; nothing is lost (it is all in tables).
        onError(error);
      }
      if (this.#stopped || this.#woken) continue;
      const wait = next ? Math.max(0, Math.min(idleMs, next.getTime() - clock().getTime())) : idleMs;
      await new Promise<void>((resolveSleep) => {
        const timer = setTimeout(resolveSleep, wait);
        this.#wake = () => {
          clearTimeout(timer);
          resolveSleep();
        };
      });
      this.#wake = undefined;
    }
  }

  /** Stops after the current pass (an attempt in flight finishes and is recorded). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#wake?.();
    await this.#running;
    this.#running = undefined;
  }
}
