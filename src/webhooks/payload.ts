// The JSON body of a webhook delivery, made from an outbox event when the delivery is made (so absolute
// URLs use the PUBLIC_URL of the server that delivers, not of whichever process wrote the change).
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { ArticleEvent, ArticleEventType } from '../editorial/article-events.js';
import { articlePath } from '../paths.js';

export interface WebhookPayload {
  /** The event id (UUID); also the Idempotency-Key header: the same for every attempt and redelivery. */
  id: string;
  type: ArticleEventType;
  /** When the event happened (a scheduled article: its publication time), ISO-8601 UTC. */
  timestamp: string;
  article: {
    /** The API's global id (`node(id:)`, `Article.id`). */
    id: string;
    slug: string;
    /** The slug before this change, when it moved the article (`article.updated` with `slug` changed). */
    previousSlug: string | null;
    /** The reader's page, relative to the site and absolute (PUBLIC_URL). */
    path: string;
    url: string;
    section: { slug: string; name: string };
  };
  /** The fields an `article.updated` changed (empty when only derived data changed); empty otherwise. */
  changedFields: string[];
}

export function webhookPayload(event: ArticleEvent, publicUrl: string): WebhookPayload {
  const path = articlePath(event.slug);
  return {
    id: event.eventId,
    type: event.type,
    timestamp: event.deliverAt.toISOString(),
    article: {
      id: encodeGlobalID('Article', event.articleId),
      slug: event.slug,
      previousSlug: event.previousSlug,
      path,
      url: publicUrl + path,
      section: event.section,
    },
    changedFields: event.changedFields,
  };
}
