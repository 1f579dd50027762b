// Many instances on one PostgreSQL database (issue: scale out): two `npm start` servers each keep their own
// response cache, and a write through one — or through `npm run import` — is never answered stale by the
// other: every write NOTIFYs its ChangeLog row in its transaction, and each server LISTENs for them. The
// same notifications carry events across instances: a live subscriber of one server hears a write through
// the other, and a webhook is sent once though every server runs a delivery loop.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/tokens.js';
import { CHANGES_APPLICATION, withPostgresClient } from '../../src/db/postgres.js';
import { createDb } from '../../src/db.js';
import { ARTICLE_PAGE, operationHash } from '../../src/http/operations.js';
import { createWebhook } from '../../src/webhooks/endpoints.js';
import { SEED_PAGE, SEED_SLUG } from '../helpers/fixtures.js';
import { clusterUrl, createPostgresDatabase } from '../helpers/postgres.js';
import { type RunningServer, runCommand, startServer } from '../helpers/process.js';
import { startReceiver } from '../helpers/receiver.js';
import { subscribe } from '../helpers/sse.js';

let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
let first: RunningServer;
let second: RunningServer;
let token = '';
const dir = mkdtempSync(join(tmpdir(), 'newsroom-instances-'));

beforeAll(async () => {
  database = await createPostgresDatabase();
  // One after the other: the first seeds the empty database, the second finds it seeded.
  first = await startServer(database.url);
  second = await startServer(database.url);
  const db = await createDb(database.url);
  token = await createApiToken(db, 'editor', 'write');
  await db.$disconnect();
}, 120_000);
afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const pageSearch = `?extensions=${encodeURIComponent(
  JSON.stringify({ persistedQuery: { version: 1, sha256Hash: operationHash(ARTICLE_PAGE) } }),
)}&variables=${encodeURIComponent(JSON.stringify({ slug: SEED_SLUG }))}`;

interface Page {
  headline: string;
  lead: string;
  cache: string | null;
}

async function page(server: RunningServer): Promise<Page> {
  const response = await fetch(`${server.url}/graphql${pageSearch}`, {
    headers: { accept: 'application/graphql-response+json' },
  });
  const body = (await response.json()) as {
    data: { article: { headline: string; paragraphs: { text: string }[] } };
  };
  const { headline, paragraphs } = body.data.article;
  return { headline, lead: paragraphs[0]?.text ?? '', cache: response.headers.get('x-cache') };
}

/** Both servers' page is cached (a miss, then a hit). */
async function warm(): Promise<void> {
  for (const server of [first, second]) {
    await page(server);
    expect((await page(server)).cache).toBe('HIT');
  }
}

/**
 * The server's page once `fresh` holds for it, or what it still shows after `ms`: the other server hears
 * of a commit a few milliseconds later, and must not serve its cached page for longer than that.
 */
async function eventually(server: RunningServer, fresh: (page: Page) => boolean, ms = 2000): Promise<Page> {
  const until = Date.now() + ms;
  let seen: Page;
  do {
    seen = await page(server);
    if (fresh(seen)) return seen;
    await new Promise((resolve) => setTimeout(resolve, 20));
  } while (Date.now() < until);
  return seen;
}

async function rename(server: RunningServer, headline: string): Promise<void> {
  const post = (body: object, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const article = await post({ query: `{ article(slug: "${SEED_SLUG}") { id } }` });
  const { data } = (await article.json()) as { data: { article: { id: string } } };
  const response = await post(
    {
      query: 'mutation ($id: ID!, $h: String!) { updateArticle(id: $id, input: { headline: $h }) { id } }',
      variables: { id: data.article.id, h: headline },
    },
    { authorization: `Bearer ${token}` },
  );
  expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
}

describe('two servers on one PostgreSQL database', { timeout: 120_000 }, () => {
  it('a mutation through one server is seen by the other, whose cached page is dropped', async () => {
    await warm();
    await rename(first, 'Renamed through the first server');
    expect((await page(first)).headline).toBe('Renamed through the first server');
    const seen = await eventually(second, (p) => p.headline === 'Renamed through the first server');
    expect(seen.headline).toBe('Renamed through the first server');
  });

  it('an import by another process (`npm run import --force`) is seen by both servers', async () => {
    await warm();
    const file = join(dir, 'seed.txt');
    const text = readFileSync(SEED_PAGE, 'utf8');
    expect(text).toContain('signed and issued a joint statement');
    writeFileSync(
      file,
      text.replace('signed and issued a joint statement', 'signed and issued a second statement'),
    );
    // --force: the seed article was edited through the API, which an import otherwise keeps.
    const run = await runCommand('npm', ['run', '--silent', 'import', '--', '--force', file], {
      DATABASE_URL: database.url,
    });
    expect(run.code, run.stderr).toBe(0);
    for (const server of [first, second]) {
      const seen = await eventually(server, (p) => p.lead.includes('a second statement'));
      expect(seen.lead).toContain('signed and issued a second statement');
    }
  });

  it('a server whose LISTEN connection is cut keeps nothing stale, and hears changes again once reconnected', async () => {
    await warm();
    const name = new URL(database.url).pathname.slice(1);
    const cut = await withPostgresClient(clusterUrl(), (client) =>
      client.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2`,
        [name, CHANGES_APPLICATION],
      ),
    );
    expect(cut.rowCount).toBe(2); // one listening connection per server
    await rename(first, 'Renamed while the listeners were away');
    for (const server of [first, second]) {
      const seen = await eventually(server, (p) => p.headline === 'Renamed while the listeners were away');
      expect(seen.headline).toBe('Renamed while the listeners were away');
    }
    // Reconnected (within a second): caching resumes, and later writes are heard again.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await warm();
    await rename(first, 'Renamed after the reconnect');
    const seen = await eventually(second, (p) => p.headline === 'Renamed after the reconnect');
    expect(seen.headline).toBe('Renamed after the reconnect');
  });
});

describe('events across two servers on one PostgreSQL database', { timeout: 120_000 }, () => {
  it('a live subscriber of one server hears a mutation through the other', async () => {
    const changed = await subscribe(
      second.url,
      'subscription ($slug: String!) { articleChanged(slug: $slug) { removed changedFields article { headline } } }',
      { slug: SEED_SLUG },
    );
    try {
      expect(changed.status).toBe(200);
      await rename(first, 'Heard by a subscriber of the other server');
      expect((await changed.next(10_000)).data.articleChanged).toEqual({
        removed: false,
        changedFields: ['headline'],
        article: { headline: 'Heard by a subscriber of the other server' },
      });
    } finally {
      changed.close();
    }
  });

  it('a webhook event is delivered once, though both servers run a delivery loop', async () => {
    const receiver = await startReceiver();
    try {
      const db = await createDb(database.url);
      try {
        await createWebhook(db, { url: receiver.url, events: ['article.updated'], createdBy: 'test' });
      } finally {
        await db.$disconnect();
      }
      await rename(first, 'Sent to the webhook once');
      await rename(second, 'Sent to the webhook twice');
      const got = await receiver.waitFor(2, 30_000);
      expect(got.map((r) => r.json.article.slug)).toEqual([SEED_SLUG, SEED_SLUG]);
      expect(got.map((r) => r.json.changedFields)).toEqual([['headline'], ['headline']]);
      // Both loops had the chance to claim each delivery; a second send would arrive within this wait.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(receiver.received).toHaveLength(2);
      expect(new Set(receiver.received.map((r) => r.json.id)).size).toBe(2);
    } finally {
      await receiver.close();
    }
  });
});
