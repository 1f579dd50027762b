// Webhooks end to end, in process: endpoints registered through the API, events from the write path, a
// real receiving HTTP server, deliveries driven by runDeliveries with a clock the tests move forward.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db.js';
import { DeliveryLoop, type DeliveryOptions, runDeliveries } from '../../src/webhooks/deliveries.js';
import { verifySignature } from '../../src/webhooks/signature.js';
import { ROOT } from '../helpers/fixtures.js';
import { errorCodes, gql } from '../helpers/gql.js';
import { importTexts } from '../helpers/pages.js';
import { type Receiver, startReceiver } from '../helpers/receiver.js';
import { setupSuite } from '../helpers/suite.js';

const HOUR = 3_600_000;
const PUBLIC_URL = 'https://news.example';

const CREATE_WEBHOOK = `mutation ($url: String!, $events: [WebhookEventType!]!) {
  createWebhook(url: $url, events: $events) { secret webhook { id url events createdBy } } }`;
const CREATE_ARTICLE = `mutation ($input: CreateArticleInput!) { createArticle(input: $input) { id slug } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, input: $input) { id } }`;
const DELIVERIES = `query ($id: ID!, $status: WebhookDeliveryStatus) {
  webhookDeliveries(webhookId: $id, status: $status) {
    totalCount
    edges { node { id eventId eventType status attemptCount lastStatusCode lastError nextAttemptAt completedAt payload
                   attempts { number statusCode error durationMs } } } } }`;

/** The signature check docs/notifications.md gives receivers, loaded from the doc itself. */
async function documentedVerifier(): Promise<
  (secret: string, body: string, header: string, toleranceSeconds?: number) => boolean
> {
  const doc = readFileSync(join(ROOT, 'docs', 'notifications.md'), 'utf8');
  const snippet = /### Verifying a delivery[\s\S]*?```js\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!snippet) throw new Error('docs/notifications.md has no ```js block under "Verifying a delivery"');
  const dir = mkdtempSync(join(tmpdir(), 'newsroom-snippet-'));
  try {
    const file = join(dir, 'verify.mjs');
    writeFileSync(file, snippet);
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const verify = Object.values(module).find((v) => typeof v === 'function');
    if (!verify) throw new Error('the documented snippet exports no function');
    return verify as (secret: string, body: string, header: string) => boolean;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A fresh database with a write token, a receiver, a webhook for every event pointing at it, and a clock
 * that runs with real time plus whatever the tests add (`advance`), for one describe block.
 */
function webhookSuite() {
  const t = setupSuite({ tokens: { write: ['editor', 'write'], drafts: ['reader', 'read:drafts'] } });
  const state = { receiver: undefined as unknown as Receiver, secret: '', webhookId: '', offset: 0 };
  const clock = () => new Date(Date.now() + state.offset);
  beforeAll(async () => {
    state.receiver = await startReceiver();
    const res = await gql(
      t.app,
      CREATE_WEBHOOK,
      {
        url: state.receiver.url,
        events: [
          'ARTICLE_PUBLISHED',
          'ARTICLE_UPDATED',
          'ARTICLE_UNPUBLISHED',
          'ARTICLE_DELETED',
          'ARTICLE_RESTORED',
        ],
      },
      t.auth.write,
    );
    state.secret = res.data.createWebhook.secret;
    state.webhookId = res.data.createWebhook.webhook.id;
  });
  afterAll(async () => {
    await state.receiver?.close();
  });
  return {
    t,
    state,
    clock,
    advance: (ms: number) => {
      state.offset += ms;
    },
    deliver: (options: DeliveryOptions = {}) =>
      runDeliveries(t.db, { clock, publicUrl: PUBLIC_URL, timeoutMs: 2_000, ...options }),
    mutate: async (query: string, variables: Record<string, unknown>) => {
      const res = await gql(t.app, query, variables, t.auth.write);
      expect(res.errors).toBeUndefined();
      return res.data;
    },
    deliveries: async (status?: string) =>
      (await gql(t.app, DELIVERIES, { id: state.webhookId, status }, t.auth.write)).data.webhookDeliveries,
  };
}

let articleCount = 0;
/** A new article's input: unique headline, a section, two paragraphs. */
function articleInput(overrides: Record<string, unknown> = {}) {
  articleCount++;
  return {
    headline: `Grid deal number ${articleCount}`,
    section: 'World',
    paragraphs: ['Ministers met on Monday.', 'They agreed.'],
    status: 'PUBLISHED',
    ...overrides,
  };
}

describe('registering webhooks', () => {
  const t = setupSuite({ tokens: { write: ['editor', 'write'], drafts: ['reader', 'read:drafts'] } });

  it('createWebhook answers the secret once; webhooks lists the endpoint without it; deleteWebhook removes it', async () => {
    const created = await gql(
      t.app,
      CREATE_WEBHOOK,
      { url: 'https://cms.example/hooks', events: ['ARTICLE_UPDATED', 'ARTICLE_PUBLISHED'] },
      t.auth.write,
    );
    expect(created.errors).toBeUndefined();
    const { secret, webhook } = created.data.createWebhook;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    // Events come back in the fixed list's order; the creator is the token's name.
    expect(webhook).toMatchObject({
      url: 'https://cms.example/hooks',
      events: ['ARTICLE_PUBLISHED', 'ARTICLE_UPDATED'],
      createdBy: 'editor',
    });
    const listed = await gql(t.app, '{ webhooks { id url events } }', {}, t.auth.write);
    expect(listed.data.webhooks).toEqual([{ id: webhook.id, url: webhook.url, events: webhook.events }]);
    expect(JSON.stringify(listed)).not.toContain(secret);

    const removed = await gql(
      t.app,
      'mutation ($id: ID!) { deleteWebhook(id: $id) { id } }',
      webhook,
      t.auth.write,
    );
    expect(removed.data.deleteWebhook.id).toBe(webhook.id);
    expect((await gql(t.app, '{ webhooks { id } }', {}, t.auth.write)).data.webhooks).toEqual([]);
    const again = await gql(
      t.app,
      'mutation ($id: ID!) { deleteWebhook(id: $id) { id } }',
      webhook,
      t.auth.write,
    );
    expect(errorCodes(again)).toEqual(['NOT_FOUND']);
  });

  it.each([
    ['another scheme', 'ftp://cms.example/hooks'],
    ['no URL at all', 'not a url'],
    ['a user name and password', 'https://user:pass@cms.example/hooks'],
    ['a fragment', 'https://cms.example/hooks#x'],
    ['over 2,000 characters', `https://cms.example/${'a'.repeat(2000)}`],
  ])('refuses a URL with %s: BAD_USER_INPUT on url', async (_case, url) => {
    const res = await gql(t.app, CREATE_WEBHOOK, { url, events: ['ARTICLE_PUBLISHED'] }, t.auth.write);
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions?.field).toBe('url');
  });

  it('refuses an empty event list, and an event name GraphQL does not know', async () => {
    const empty = await gql(t.app, CREATE_WEBHOOK, { url: 'https://a.example/', events: [] }, t.auth.write);
    expect(errorCodes(empty)).toEqual(['BAD_USER_INPUT']);
    expect(empty.errors?.[0]?.extensions?.field).toBe('events');
    const unknown = await gql(
      t.app,
      CREATE_WEBHOOK,
      { url: 'https://a.example/', events: ['article.published'] },
      t.auth.write,
    );
    expect(unknown.errors).toHaveLength(1);
    expect(await t.db.webhook.count()).toBe(0);
  });

  it('needs a write token to register, list or remove', async () => {
    const variables = { url: 'https://a.example/', events: ['ARTICLE_PUBLISHED'] };
    expect(errorCodes(await gql(t.app, CREATE_WEBHOOK, variables))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await gql(t.app, CREATE_WEBHOOK, variables, t.auth.drafts))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(t.app, '{ webhooks { id } }', {}, t.auth.drafts))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(t.app, '{ webhooks { id } }'))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('a delivery', () => {
  const w = webhookSuite();

  it('is signed: the documented snippet verifies it, a wrong secret or another body does not', async () => {
    const { createArticle } = await w.mutate(CREATE_ARTICLE, { input: articleInput() });
    expect(await w.deliver()).toMatchObject({ fannedOut: 1, attempted: 1, delivered: 1, failed: 0 });
    const [got] = await w.state.receiver.waitFor(1);
    if (!got) throw new Error('nothing received');
    const header = String(got.headers['newsroom-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    const verify = await documentedVerifier();
    expect(verify(w.state.secret, got.body, header)).toBe(true);
    expect(verify('whsec_not-the-secret', got.body, header)).toBe(false);
    expect(verify(w.state.secret, got.body.replace('article.published', 'article.deleted'), header)).toBe(
      false,
    );
    expect(verifySignature(w.state.secret, got.body, header)).toBe(true);
    expect(verifySignature('whsec_not-the-secret', got.body, header)).toBe(false);

    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['newsroom-event']).toBe('article.published');
    expect(got.headers['idempotency-key']).toBe(got.json.id);
    expect(got.json).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'article.published',
      timestamp: expect.any(String),
      article: {
        id: createArticle.id,
        slug: createArticle.slug,
        previousSlug: null,
        path: `/articles/${createArticle.slug}`,
        url: `${PUBLIC_URL}/articles/${createArticle.slug}`,
        section: { slug: 'world', name: 'World' },
      },
      changedFields: [],
    });
    expect(new Date(got.json.timestamp).toISOString()).toBe(got.json.timestamp);
  });
});

describe('events from the write path', () => {
  const w = webhookSuite();

  it('edits, unpublish, publish, delete and undelete of a public article are their events, in order', async () => {
    const { createArticle: a } = await w.mutate(CREATE_ARTICLE, { input: articleInput() });
    await w.mutate(UPDATE, { id: a.id, input: { headline: 'Grid deal signed', paragraphs: ['Signed.'] } });
    await w.mutate(UPDATE, { id: a.id, input: { slug: 'grid-deal-signed' } });
    for (const action of ['unpublishArticle', 'publishArticle', 'deleteArticle', 'undeleteArticle']) {
      await w.mutate(`mutation ($id: ID!) { ${action}(id: $id) { id } }`, { id: a.id });
    }
    const run = await w.deliver();
    expect(run).toMatchObject({ fannedOut: 7, delivered: 7 });
    const got = w.state.receiver.received.map((r) => [
      r.json.type,
      r.json.changedFields,
      r.json.article.slug,
    ]);
    expect(got).toEqual([
      ['article.published', [], a.slug],
      ['article.updated', ['headline', 'paragraphs'], a.slug],
      ['article.updated', ['slug'], 'grid-deal-signed'],
      ['article.unpublished', [], 'grid-deal-signed'],
      ['article.published', [], 'grid-deal-signed'],
      ['article.deleted', [], 'grid-deal-signed'],
      ['article.restored', [], 'grid-deal-signed'],
    ]);
    expect(w.state.receiver.received[2]?.json.article.previousSlug).toBe(a.slug);
  });

  it('a draft notifies nobody: creating and editing it writes no event', async () => {
    const before = await w.t.db.outboxEvent.count();
    const { createArticle: d } = await w.mutate(CREATE_ARTICLE, { input: articleInput({ status: 'DRAFT' }) });
    await w.mutate(UPDATE, { id: d.id, input: { headline: 'Still a draft' } });
    await w.mutate(UPDATE, { id: d.id, input: { paragraphs: ['Draft text.'] } });
    expect(await w.t.db.outboxEvent.count()).toBe(before);
    const received = w.state.receiver.received.length;
    expect(await w.deliver()).toMatchObject({ fannedOut: 0, attempted: 0 });
    expect(w.state.receiver.received).toHaveLength(received);
  });

  it('an import writes the events of the pages it creates and changes, in its own batches', async () => {
    const received = w.state.receiver.received.length;
    const far = new Date(Date.now() + 48 * HOUR).toISOString().slice(0, 10);
    await importTexts(w.t.db, [
      {
        date: '2024-06-20',
        section: 'Sport',
        headline: 'Cup final tonight',
        paragraphs: ['Kick-off at eight.'],
      },
      { date: far, section: 'Sport', headline: 'Season opens later', paragraphs: ['Not yet.'] },
    ]);
    expect(await w.deliver()).toMatchObject({ delivered: 1 });
    expect(w.state.receiver.received.slice(received).map((r) => r.json.article.slug)).toEqual([
      'cup-final-tonight',
    ]);
    // The page dated later is scheduled: its event waits for its time.
    w.advance(72 * HOUR);
    expect(await w.deliver()).toMatchObject({ delivered: 1 });
    expect(w.state.receiver.received.at(-1)?.json).toMatchObject({
      type: 'article.published',
      timestamp: `${far}T00:00:00.000Z`,
      article: { slug: 'season-opens-later', section: { slug: 'sport', name: 'Sport' } },
    });
  });
});

describe('a scheduled article', () => {
  const w = webhookSuite();

  it('notifies nobody when saved, and once when its time has passed; a reschedule replaces its event', async () => {
    const { createArticle: s } = await w.mutate(CREATE_ARTICLE, { input: articleInput({ status: 'DRAFT' }) });
    const schedule = (at: Date) =>
      w.mutate('mutation ($id: ID!, $at: DateTime!) { scheduleArticle(id: $id, publishAt: $at) { id } }', {
        id: s.id,
        at: at.toISOString(),
      });
    const first = new Date(Date.now() + HOUR);
    const second = new Date(Date.now() + 2 * HOUR);
    await schedule(first);
    expect(await w.deliver()).toMatchObject({ fannedOut: 0, attempted: 0 });
    await schedule(second);
    const pending = await w.t.db.outboxEvent.findMany({ where: { fannedOutAt: null } });
    expect(pending.map((e) => [e.type, e.deliverAt.toISOString()])).toEqual([
      ['article.published', second.toISOString()],
    ]);

    w.advance(HOUR + 1_000);
    expect(await w.deliver()).toMatchObject({ fannedOut: 0, attempted: 0 });
    w.advance(HOUR);
    expect(await w.deliver()).toMatchObject({ fannedOut: 1, delivered: 1 });
    expect(w.state.receiver.received.map((r) => [r.json.type, r.json.timestamp])).toEqual([
      ['article.published', second.toISOString()],
    ]);
  });

  it('unpublished or deleted before its time, it is never announced', async () => {
    const received = w.state.receiver.received.length;
    for (const undo of ['unpublishArticle', 'deleteArticle']) {
      const { createArticle: s } = await w.mutate(CREATE_ARTICLE, {
        input: articleInput({ status: 'DRAFT' }),
      });
      await w.mutate(
        'mutation ($id: ID!, $at: DateTime!) { scheduleArticle(id: $id, publishAt: $at) { id } }',
        {
          id: s.id,
          at: new Date(w.clock().getTime() + HOUR).toISOString(),
        },
      );
      await w.mutate(`mutation ($id: ID!) { ${undo}(id: $id) { id } }`, { id: s.id });
    }
    w.advance(2 * HOUR);
    expect(await w.deliver()).toMatchObject({ fannedOut: 0, attempted: 0 });
    expect(w.state.receiver.received).toHaveLength(received);
  });
});

describe('retries', () => {
  const w = webhookSuite();

  it('receiver down, then up: each attempt is recorded, and the event is delivered after the backoff', async () => {
    await w.state.receiver.down();
    const { createArticle: a } = await w.mutate(CREATE_ARTICLE, { input: articleInput() });
    expect(await w.deliver()).toMatchObject({ attempted: 1, delivered: 0, failed: 0 });
    const [pending] = (await w.deliveries('PENDING')).edges.map((e: any) => e.node);
    expect(pending).toMatchObject({ status: 'PENDING', attemptCount: 1, lastStatusCode: null });
    expect(pending.attempts[0].error).toMatch(/ECONNREFUSED/);
    // Between 5 and 10 s after the failure: not yet.
    expect(new Date(pending.nextAttemptAt).getTime() - w.clock().getTime()).toBeGreaterThan(4_000);
    expect(await w.deliver()).toMatchObject({ attempted: 0 });

    await w.state.receiver.up();
    w.advance(11_000);
    expect(await w.deliver()).toMatchObject({ attempted: 1, delivered: 1 });
    const [got] = await w.state.receiver.waitFor(1);
    expect(got?.json.article.id).toBe(a.id);
    const [done] = (await w.deliveries()).edges.map((e: any) => e.node);
    expect(done).toMatchObject({
      status: 'DELIVERED',
      attemptCount: 2,
      lastStatusCode: 200,
      lastError: null,
    });
    expect(done.nextAttemptAt).toBeNull();
    expect(done.attempts.map((x: any) => [x.number, x.statusCode])).toEqual([
      [1, null],
      [2, 200],
    ]);
  });

  it('a later event of an article waits for the earlier one; other articles do not wait', async () => {
    const received = () => w.state.receiver.received.map((r) => `${r.json.type} ${r.json.article.slug}`);
    const start = w.state.receiver.received.length;
    w.state.receiver.answer = 500;
    const { createArticle: a } = await w.mutate(CREATE_ARTICLE, { input: articleInput() });
    expect(await w.deliver()).toMatchObject({ attempted: 1, delivered: 0 });

    w.state.receiver.answer = 200;
    await w.mutate(UPDATE, { id: a.id, input: { headline: 'Edited while the first event waits' } });
    const { createArticle: b } = await w.mutate(CREATE_ARTICLE, { input: articleInput() });
    expect(await w.deliver()).toMatchObject({ attempted: 1, delivered: 1 });
    expect(received().slice(start + 1)).toEqual([`article.published ${b.slug}`]);

    w.advance(11_000);
    expect(await w.deliver()).toMatchObject({ attempted: 2, delivered: 2 });
    expect(received().slice(start + 2)).toEqual([`article.published ${a.slug}`, `article.updated ${a.slug}`]);
    const last = (await w.deliveries('DELIVERED')).edges[0].node;
    expect(last.attempts.map((x: any) => x.statusCode)).toEqual([200]);
  });

  it('gives up past the retry window (FAILED); the next event of that article then goes', async () => {
    const retry = { initialBackoffMs: 1_000, maxBackoffMs: 1_000, giveUpAfterMs: 5_000 };
    w.state.receiver.answer = 503;
    const { createArticle: a } = await w.mutate(CREATE_ARTICLE, { input: articleInput() });
    let failed = 0;
    for (let i = 0; i < 10 && failed === 0; i++) {
      failed = (await w.deliver({ retry })).failed;
      w.advance(1_100);
    }
    expect(failed).toBe(1);
    const [gaveUp] = (await w.deliveries('FAILED')).edges.map((e: any) => e.node);
    expect(gaveUp).toMatchObject({
      status: 'FAILED',
      lastStatusCode: 503,
      lastError: 'HTTP 503',
      nextAttemptAt: null,
    });
    expect(gaveUp.attemptCount).toBeGreaterThanOrEqual(4);
    expect(gaveUp.completedAt).not.toBeNull();

    w.state.receiver.answer = 200;
    await w.mutate(UPDATE, { id: a.id, input: { headline: 'After the given-up event' } });
    expect(await w.deliver({ retry })).toMatchObject({ delivered: 1 });
    expect(w.state.receiver.received.at(-1)?.json).toMatchObject({
      type: 'article.updated',
      article: { id: a.id },
    });
  });

  it('an answer slower than the timeout is a failed attempt', async () => {
    w.state.receiver.answer = 'hang';
    await w.mutate(CREATE_ARTICLE, { input: articleInput() });
    expect(await w.deliver({ timeoutMs: 300 })).toMatchObject({ attempted: 1, delivered: 0 });
    const [pending] = (await w.deliveries('PENDING')).edges.map((e: any) => e.node);
    expect(pending.lastError).toBe('timed out after 300 ms');
    expect(pending.attempts[0].durationMs).toBeGreaterThanOrEqual(250);
    w.state.receiver.answer = 200;
    w.advance(11_000);
    expect(await w.deliver()).toMatchObject({ delivered: 1 });
  });

  it('redeliverWebhook sends a delivered event again, with the same body and Idempotency-Key', async () => {
    const [delivered] = (await w.deliveries('DELIVERED')).edges.map((e: any) => e.node);
    const original = w.state.receiver.received.find((r) => r.json.id === delivered.eventId);
    const res = await gql(
      w.t.app,
      'mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { id status eventId attemptCount } }',
      { id: delivered.id },
      w.t.auth.write,
    );
    expect(res.data.redeliverWebhook).toMatchObject({
      status: 'PENDING',
      eventId: delivered.eventId,
      attemptCount: 0,
    });
    expect(res.data.redeliverWebhook.id).not.toBe(delivered.id);
    const count = w.state.receiver.received.length;
    expect(await w.deliver()).toMatchObject({ delivered: 1 });
    const again = w.state.receiver.received[count];
    expect(again?.headers['idempotency-key']).toBe(delivered.eventId);
    expect(again?.body).toBe(original?.body);
    const missing = await gql(
      w.t.app,
      'mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }',
      { id: Buffer.from('WebhookDelivery:99999').toString('base64') },
      w.t.auth.write,
    );
    expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
  });
});

describe('two processes delivering from one database', () => {
  const w = webhookSuite();

  it('send each delivery once', async () => {
    for (let i = 0; i < 12; i++) await w.mutate(CREATE_ARTICLE, { input: articleInput() });
    // A second connection, as a second server process on the same file would have.
    const other = await createDb(w.t.url);
    try {
      const runs = await Promise.all([
        w.deliver({ worker: 'one', concurrency: 3 }),
        runDeliveries(other, { clock: w.clock, publicUrl: PUBLIC_URL, worker: 'two', concurrency: 3 }),
      ]);
      expect(runs[0].delivered + runs[1].delivered).toBe(12);
      expect(runs[0].fannedOut + runs[1].fannedOut).toBe(12);
    } finally {
      await other.$disconnect();
    }
    const ids = w.state.receiver.received.map((r) => r.json.id);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect(await w.t.db.deliveryAttempt.count()).toBe(12);
  });
});

describe('the delivery loop', () => {
  const w = webhookSuite();

  it("wakes for this process's writes, and delivers what was committed before it started", async () => {
    await w.mutate(CREATE_ARTICLE, { input: articleInput() });
    // Idle sleeps far longer than the test: only being woken can deliver the second event in time.
    const loop = new DeliveryLoop(w.t.db, { idleMs: 60_000, publicUrl: PUBLIC_URL });
    loop.start();
    try {
      await w.state.receiver.waitFor(1);
      const { createArticle: b } = await w.mutate(CREATE_ARTICLE, { input: articleInput() });
      const got = await w.state.receiver.waitFor(2, 5_000);
      expect(got[1]?.json.article.slug).toBe(b.slug);
    } finally {
      await loop.stop();
    }
  });
});
