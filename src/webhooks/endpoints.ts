// Webhook endpoints: registering (with a secret shown once), listing and removing them, and the rules for
// their URL and events, shared by the GraphQL mutations (src/schema/webhook.ts) and the CLI
// (src/cli/webhook.ts) so both accept and refuse exactly the same input.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db.js';
import {
  ARTICLE_EVENT_TYPES,
  type ArticleEventType,
  isArticleEventType,
} from '../editorial/article-events.js';
import type { Webhook } from '../generated/prisma/client.js';

export const SECRET_PREFIX = 'whsec_';
/** Long enough for any real receiver; a URL past this is a mistake or an attack on the list's readers. */
export const MAX_URL_LENGTH = 2000;

/** Input a caller can fix: `field` names it (`url`, `events`). */
export class WebhookInputError extends Error {
  constructor(
    message: string,
    readonly field: 'url' | 'events',
  ) {
    super(message);
    this.name = 'WebhookInputError';
  }
}

/**
 * An http(s) URL with a host, as the URL parser writes it back. User names and passwords are refused: the
 * list of webhooks would show them to every write token, and the signature is what authenticates us.
 */
export function parseWebhookUrl(text: string): string {
  const value = text.trim();
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || !/^https?:$/.test(url.protocol) || !url.hostname) {
    throw new WebhookInputError(`"${value}" is not an http:// or https:// URL`, 'url');
  }
  if (url.username || url.password) {
    throw new WebhookInputError('the URL may not carry a user name or password', 'url');
  }
  if (url.hash) throw new WebhookInputError('the URL may not have a #fragment', 'url');
  if (url.href.length > MAX_URL_LENGTH) {
    throw new WebhookInputError(`the URL may be at most ${MAX_URL_LENGTH} characters`, 'url');
  }
  return url.href;
}

/** At least one event, each from the fixed list; returned in the list's order without repeats. */
export function parseWebhookEvents(names: readonly string[]): ArticleEventType[] {
  const unknown = names.filter((n) => !isArticleEventType(n));
  if (unknown.length > 0) {
    throw new WebhookInputError(
      `unknown event ${unknown.map((n) => `"${n}"`).join(', ')}; the events are ${ARTICLE_EVENT_TYPES.join(', ')}`,
      'events',
    );
  }
  const events = ARTICLE_EVENT_TYPES.filter((e) => names.includes(e));
  if (events.length === 0) {
    throw new WebhookInputError(`give at least one event of ${ARTICLE_EVENT_TYPES.join(', ')}`, 'events');
  }
  return events;
}

/** The events a stored webhook asked for. */
export function webhookEvents(webhook: Pick<Webhook, 'events'>): ArticleEventType[] {
  return webhook.events.split(' ').filter(isArticleEventType);
}

/** Registers an endpoint; the secret is returned this once and never shown by the API again. */
export async function createWebhook(
  db: Db,
  input: { url: string; events: readonly string[]; createdBy: string },
): Promise<{ webhook: Webhook; secret: string }> {
  const url = parseWebhookUrl(input.url);
  const events = parseWebhookEvents(input.events);
  const secret = `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
  // In a transaction, so it waits its turn for the write lock (src/db/sqlite.ts) instead of failing.
  const webhook = await db.$transaction((tx) =>
    tx.webhook.create({ data: { url, events: events.join(' '), secret, createdBy: input.createdBy } }),
  );
  return { webhook, secret };
}

export function listWebhooks(db: Db): Promise<Webhook[]> {
  return db.webhook.findMany({ orderBy: { id: 'asc' } });
}

/** Removes an endpoint with its deliveries (pending ones are not sent); null when there is none. */
export async function deleteWebhook(db: Db, id: number): Promise<Webhook | null> {
  return db.$transaction(async (tx) => {
    const webhook = await tx.webhook.findUnique({ where: { id } });
    if (webhook) await tx.webhook.delete({ where: { id } });
    return webhook;
  });
}
