// The one rule of what the world is told about an article: which public event a change is (published,
// updated, unpublished, deleted, restored), from its publication state before and after
// (./publication.ts). The write path records the events in the OutboxEvent table in the same transaction
// as the change; webhooks (src/webhooks/) and live subscriptions (src/live/) only ever read that table.
// A draft edit is nobody's business; a scheduled article's `article.published` is written when it is
// scheduled, due at its publication time, and replaced when it is rescheduled, unpublished or deleted
// before then, so no timer has to survive a restart.
import { randomUUID } from 'node:crypto';
import { type PublicationFields, publicationState } from './publication.js';
import { type ArticleState, changedFields } from './revisions.js';
import { type Inserter, insertRows } from './store.js';

export const ARTICLE_EVENT_TYPES = [
  'article.published',
  'article.updated',
  'article.unpublished',
  'article.deleted',
  'article.restored',
] as const;
export type ArticleEventType = (typeof ARTICLE_EVENT_TYPES)[number];

export function isArticleEventType(value: string): value is ArticleEventType {
  return (ARTICLE_EVENT_TYPES as readonly string[]).includes(value);
}

/** Events after which the article is public (`articlesPublished` subscribers hear these). */
export const ENTERS_PUBLIC_VIEW: readonly ArticleEventType[] = ['article.published', 'article.restored'];

/** A public event of one article, as the outbox stores it. */
export interface ArticleEvent {
  /** The OutboxEvent row's id: commit order, and the order of one article's events. */
  id: number;
  /** Public id (UUID): the payload's `id` and the Idempotency-Key of its deliveries. */
  eventId: string;
  type: ArticleEventType;
  articleId: number;
  slug: string;
  /** The slug before the change, when the change moved the article. */
  previousSlug: string | null;
  section: { slug: string; name: string };
  /** The editorial fields an `article.updated` changed (revisions.ts STATE_FIELDS); empty otherwise. */
  changedFields: string[];
  /** When it happens: the write's time, or a scheduled article's publication time. */
  deliverAt: Date;
}

/** An article before or after a save, as far as the rule needs it. */
export interface ArticleSnapshot {
  publication: PublicationFields;
  state: ArticleState;
}

/** The article after a save: what the event names. */
export interface EventSide extends ArticleSnapshot {
  articleId: number;
  sectionSlug: string;
}

type Planned = Omit<ArticleEvent, 'id'>;

/**
 * The events one save makes, and whether it replaces the article's pending scheduled event. Pure.
 * - not public → public: published (restored when it was deleted); public → not public: unpublished
 *   (deleted when it is deleted); public → public: updated, when anything public changed.
 * - After the save the article is scheduled: its published event, due at its publication time.
 * - Before the save it was scheduled: the pending event it had is void (the save wrote a new one, or
 *   the article will not be published then any more).
 */
export function eventsOfSave(
  before: ArticleSnapshot | null,
  after: EventSide,
  now: Date,
  contentChanged: boolean,
): { replacesPending: boolean; events: Planned[] } {
  const was = before ? publicationState(before.publication, now) : null;
  const is = publicationState(after.publication, now);
  const event = (type: ArticleEventType, deliverAt: Date, fields: string[] = []): Planned => ({
    eventId: randomUUID(),
    type,
    articleId: after.articleId,
    slug: after.state.slug,
    previousSlug: before && before.state.slug !== after.state.slug ? before.state.slug : null,
    section: { slug: after.sectionSlug, name: after.state.section },
    changedFields: fields,
    deliverAt,
  });
  const events: Planned[] = [];
  if (was === 'PUBLISHED' && is === 'PUBLISHED') {
    const fields = before ? changedFields(before.state, after.state) : [];
    // Only derived data changed (a rule change re-derived citations): the public page still changed.
    if (fields.length > 0 || contentChanged) events.push(event('article.updated', now, fields));
  } else if (is === 'PUBLISHED') {
    events.push(event(was === 'DELETED' ? 'article.restored' : 'article.published', now));
  } else if (was === 'PUBLISHED') {
    events.push(event(is === 'DELETED' ? 'article.deleted' : 'article.unpublished', now));
  }
  if (is === 'SCHEDULED') events.push(event('article.published', after.publication.publishedAt));
  return { replacesPending: was === 'SCHEDULED', events };
}

/** The events of one write transaction, written to the outbox just before it commits. */
export class EventRecorder {
  #planned: Planned[] = [];
  readonly #replaced = new Set<number>();

  constructor(readonly now: Date) {}

  add(before: ArticleSnapshot | null, after: EventSide, contentChanged: boolean): void {
    const { replacesPending, events } = eventsOfSave(before, after, this.now, contentChanged);
    if (replacesPending) {
      this.#replaced.add(after.articleId);
      // A scheduled event planned earlier in this same transaction (the article was saved twice) goes too.
      this.#planned = this.#planned.filter((e) => e.articleId !== after.articleId || e.deliverAt <= this.now);
    }
    this.#planned.push(...events);
  }

  /**
   * Deletes the replaced pending events and inserts the new ones, in the transaction; returns them with
   * their ids, in insertion (commit) order. The rows go in through the write path's fast inserter
   * (./store.ts): an import of thousands of articles writes as many events.
   */
  async write(inserter: Inserter): Promise<ArticleEvent[]> {
    if (this.#replaced.size > 0) {
      await inserter.tx.outboxEvent.deleteMany({
        where: { articleId: { in: [...this.#replaced] }, fannedOutAt: null, deliverAt: { gt: this.now } },
      });
    }
    if (this.#planned.length === 0) return [];
    const rows = await insertRows<{ id: unknown }>(
      inserter,
      'OutboxEvent',
      OUTBOX_COLUMNS,
      this.#planned.map((e) => [
        e.eventId,
        e.type,
        e.articleId,
        e.slug,
        e.previousSlug,
        e.section.slug,
        e.section.name,
        JSON.stringify(e.changedFields),
        e.deliverAt,
      ]),
      ['id'],
    );
    return this.#planned.map((e, i) => ({ ...e, id: Number(rows[i]?.id) }));
  }
}

const OUTBOX_COLUMNS = [
  'eventId',
  'type',
  'articleId',
  'slug',
  'previousSlug',
  'sectionSlug',
  'sectionName',
  'changedFields',
  'deliverAt',
] as const;

/** An OutboxEvent row as an ArticleEvent. */
export function articleEventOfRow(row: {
  id: number;
  eventId: string;
  type: string;
  articleId: number;
  slug: string;
  previousSlug: string | null;
  sectionSlug: string;
  sectionName: string;
  changedFields: string;
  deliverAt: Date;
}): ArticleEvent | null {
  if (!isArticleEventType(row.type)) return null;
  return {
    id: row.id,
    eventId: row.eventId,
    type: row.type,
    articleId: row.articleId,
    slug: row.slug,
    previousSlug: row.previousSlug,
    section: { slug: row.sectionSlug, name: row.sectionName },
    changedFields: JSON.parse(row.changedFields) as string[],
    deliverAt: row.deliverAt,
  };
}
