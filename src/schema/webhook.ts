// Webhooks: the endpoints write tokens register (each with a secret shown once), their deliveries and
// attempts, and redelivery. Rules live in src/webhooks/; docs/notifications.md describes the deliveries.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { requireWriter } from '../auth/require.js';
import { ARTICLE_EVENT_TYPES, type ArticleEventType } from '../editorial/article-events.js';
import { badUserInput, notFound } from '../errors.js';
import { DeliveryStatus as DeliveryStatusValues } from '../generated/prisma/client.js';
import { redeliver } from '../webhooks/deliveries.js';
import { createWebhook, deleteWebhook, WebhookInputError, webhookEvents } from '../webhooks/endpoints.js';
import { builder } from './builder.js';
import { decodeId } from './inputs.js';

/** `article.published` → ARTICLE_PUBLISHED: GraphQL enum values cannot contain dots. */
const enumName = (type: ArticleEventType) => type.replace('.', '_').toUpperCase();

const EVENT_DESCRIPTIONS: Record<ArticleEventType, string> = {
  'article.published':
    'An article became public: published now, or a scheduled article whose time came. Wire name `article.published`.',
  'article.updated':
    'A public article changed and is still public; the payload names the changed fields. Wire name `article.updated`.',
  'article.unpublished':
    'A public article went back to draft (or was rescheduled). Wire name `article.unpublished`.',
  'article.deleted': 'A public article was deleted. Wire name `article.deleted`.',
  'article.restored': 'A deleted article was undeleted and is public again. Wire name `article.restored`.',
};

export const WebhookEventType = builder.enumType('WebhookEventType', {
  description:
    'An event a webhook can ask for. The payload and the `Newsroom-Event` header spell it with a dot (`article.published`).',
  values: Object.fromEntries(
    ARTICLE_EVENT_TYPES.map((type) => [
      enumName(type),
      { value: type, description: EVENT_DESCRIPTIONS[type] },
    ]),
  ) as Record<string, { value: ArticleEventType; description: string }>,
});

const WebhookDeliveryStatus = builder.enumType(DeliveryStatusValues, {
  name: 'WebhookDeliveryStatus',
  description: 'PENDING until delivered (a 2xx answer) or given up (FAILED, after the retry window).',
});

builder.prismaObject('Webhook', {
  description: 'An endpoint that receives signed POSTs for the events it asked for. Needs a write token.',
  fields: (t) => ({
    id: t.id({
      description: 'Pass to deleteWebhook and webhookDeliveries.',
      resolve: (w) => webhookId(w.id),
    }),
    url: t.exposeString('url'),
    events: t.field({ type: [WebhookEventType], resolve: (w) => webhookEvents(w) }),
    createdBy: t.exposeString('createdBy', {
      description: 'The token name (or `cli:<user>`) that added it.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const webhookId = (id: number) => encodeGlobalID('Webhook', id);

builder.prismaObject('DeliveryAttempt', {
  name: 'WebhookDeliveryAttempt',
  description: 'One HTTP attempt of a delivery.',
  fields: (t) => ({
    number: t.exposeInt('number', { description: '1-based.' }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    durationMs: t.exposeInt('durationMs'),
    statusCode: t.exposeInt('statusCode', {
      nullable: true,
      description: "The receiver's HTTP status; null when it did not answer (refused, timed out).",
    }),
    error: t.exposeString('error', { nullable: true, description: 'Why it failed; null when it succeeded.' }),
  }),
});

builder.prismaObject('Delivery', {
  name: 'WebhookDelivery',
  description: 'One event for one webhook, with its attempts.',
  fields: (t) => ({
    id: t.id({
      description: 'Pass to redeliverWebhook.',
      resolve: (d) => encodeGlobalID('WebhookDelivery', d.id),
    }),
    webhook: t.relation('webhook'),
    eventId: t.string({
      description: "The event's id: the payload's `id` and the `Idempotency-Key` header.",
      select: { event: { select: { eventId: true } } },
      resolve: (d) => d.event.eventId,
    }),
    eventType: t.field({
      type: WebhookEventType,
      select: { event: { select: { type: true } } },
      resolve: (d) => d.event.type as ArticleEventType,
    }),
    status: t.expose('status', { type: WebhookDeliveryStatus }),
    payload: t.exposeString('body', { description: 'The JSON body every attempt sends (and signs).' }),
    attemptCount: t.exposeInt('attempts'),
    nextAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When a pending delivery is tried next; null once delivered or given up.',
      select: { status: true, nextAttemptAt: true },
      resolve: (d) => (d.status === 'PENDING' ? d.nextAttemptAt : null),
    }),
    lastStatusCode: t.exposeInt('lastStatusCode', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    completedAt: t.expose('completedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was delivered or given up.',
    }),
    attempts: t.relation('attemptLog', { query: { orderBy: { number: 'asc' } } }),
  }),
});

const CreateWebhookPayload = builder
  .objectRef<{ webhook: { id: number }; secret: string }>('CreateWebhookPayload')
  .implement({
    fields: (t) => ({
      webhook: t.prismaField({
        type: 'Webhook',
        resolve: (query, payload, _args, ctx) =>
          ctx.db.webhook.findUniqueOrThrow({ ...query, where: { id: payload.webhook.id } }),
      }),
      secret: t.exposeString('secret', {
        description:
          'The key deliveries are signed with (HMAC-SHA256, see docs/notifications.md). Shown only this once: store it now.',
      }),
    }),
  });

/** The endpoint rules' errors are the client's to fix. */
function asUserInput<T>(run: () => Promise<T>): Promise<T> {
  return run().catch((error: unknown) => {
    if (error instanceof WebhookInputError) throw badUserInput(error.message, error.field);
    throw error;
  });
}

builder.queryFields((t) => ({
  webhooks: t.prismaField({
    type: ['Webhook'],
    description: 'Every registered webhook, oldest first. Needs a write token.',
    resolve: (query, _root, _args, ctx) => {
      requireWriter(ctx);
      return ctx.db.webhook.findMany({ ...query, orderBy: { id: 'asc' } });
    },
  }),
  webhookDeliveries: t.prismaConnection(
    {
      type: 'Delivery',
      cursor: 'id',
      description: "A webhook's deliveries, newest first, optionally of one status. Needs a write token.",
      args: {
        webhookId: t.arg.id({ required: true }),
        status: t.arg({ type: WebhookDeliveryStatus }),
      },
      totalCount: (_parent, args, ctx) =>
        ctx.db.delivery.count({
          where: {
            webhookId: decodeId(String(args.webhookId), 'Webhook', 'webhookId'),
            status: args.status ?? undefined,
          },
        }),
      resolve: async (query, _root, args, ctx) => {
        requireWriter(ctx);
        const id = decodeId(String(args.webhookId), 'Webhook', 'webhookId');
        if (!(await ctx.db.webhook.findUnique({ where: { id }, select: { id: true } }))) {
          throw notFound('No webhook with this id');
        }
        return ctx.db.delivery.findMany({
          ...query,
          where: { webhookId: id, status: args.status ?? undefined },
          orderBy: { id: 'desc' },
        });
      },
    },
    { name: 'WebhookDeliveryConnection' },
    { name: 'WebhookDeliveryEdge' },
  ),
}));

builder.mutationFields((t) => ({
  createWebhook: t.field({
    type: CreateWebhookPayload,
    description:
      'Registers an http(s) endpoint for the given events. The answer holds its signing secret, shown only this once. Needs a write token.',
    args: {
      url: t.arg.string({ required: true }),
      events: t.arg({ type: [WebhookEventType], required: true }),
    },
    resolve: (_root, args, ctx) => {
      const viewer = requireWriter(ctx);
      return asUserInput(() =>
        createWebhook(ctx.db, { url: args.url, events: args.events, createdBy: viewer.tokenName }),
      );
    },
  }),
  deleteWebhook: t.prismaField({
    type: 'Webhook',
    description: 'Removes a webhook and its deliveries; pending ones are not sent. Needs a write token.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_query, _root, args, ctx) => {
      requireWriter(ctx);
      const removed = await deleteWebhook(ctx.db, decodeId(String(args.id), 'Webhook'));
      if (!removed) throw notFound('No webhook with this id');
      return removed;
    },
  }),
  redeliverWebhook: t.prismaField({
    type: 'Delivery',
    description:
      'Sends a delivery again: a pending one now, a delivered or failed one as a new delivery with the same body and Idempotency-Key. Needs a write token.',
    args: { deliveryId: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      requireWriter(ctx);
      const delivery = await redeliver(
        ctx.db,
        decodeId(String(args.deliveryId), 'WebhookDelivery', 'deliveryId'),
        ctx.now,
      );
      if (!delivery) throw notFound('No webhook delivery with this id');
      return ctx.db.delivery.findUniqueOrThrow({ ...query, where: { id: delivery.id } });
    },
  }),
}));
