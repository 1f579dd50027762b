// Many server processes on one SQLite file (issue: scale out): a second `npm start` on a file in use starts
// and serves, and `WORKERS=2` runs two processes on one port; a write through one is never answered stale
// by another's cache (each keeps its own, fresh through the ChangeLog rows writers leave).
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/tokens.js';
import { createDb } from '../../src/db.js';
import { ARTICLE_PAGE, operationHash } from '../../src/http/operations.js';
import { applyMigrations } from '../../src/migrate.js';
import { SEED_SLUG } from '../helpers/fixtures.js';
import { type RunningServer, startServer } from '../helpers/process.js';

const dir = mkdtempSync(join(tmpdir(), 'newsroom-workers-'));
const databaseUrl = `file:${join(dir, 'shared.db')}`;
let token = '';
const running: RunningServer[] = [];

beforeAll(async () => {
  await applyMigrations(databaseUrl);
  const db = await createDb(databaseUrl);
  token = await createApiToken(db, 'editor', 'write');
  await db.$disconnect();
}, 60_000);
afterAll(async () => {
  await Promise.all(running.map((server) => server.stop()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string> = {}): Promise<RunningServer> {
  const server = await startServer(databaseUrl, env);
  running.push(server);
  return server;
}

const pageSearch = `?extensions=${encodeURIComponent(
  JSON.stringify({ persistedQuery: { version: 1, sha256Hash: operationHash(ARTICLE_PAGE) } }),
)}&variables=${encodeURIComponent(JSON.stringify({ slug: SEED_SLUG }))}`;

/** One GET on a connection of its own, so that with workers each request may reach another process. */
function headlineAt(url: string): Promise<{ headline: string; cache: string | null }> {
  return new Promise((resolve, reject) => {
    const request = get(
      `${url}/graphql${pageSearch}`,
      { agent: false, headers: { accept: 'application/graphql-response+json' } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        response.on('end', () => {
          const body = JSON.parse(text) as { data: { article: { headline: string } } };
          const cache = response.headers['x-cache'];
          resolve({ headline: body.data.article.headline, cache: typeof cache === 'string' ? cache : null });
        });
      },
    );
    request.on('error', reject);
  });
}

async function rename(url: string, headline: string): Promise<void> {
  const query = `mutation ($id: ID!, $h: String!) { updateArticle(id: $id, input: { headline: $h }) { id } }`;
  const article = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ article(slug: "${SEED_SLUG}") { id } }` }),
  });
  const { data } = (await article.json()) as { data: { article: { id: string } } };
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables: { id: data.article.id, h: headline } }),
  });
  expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
}

describe('two servers on one SQLite file', { timeout: 120_000 }, () => {
  it('starts a second server on a file in use, and neither answers stale after a write through the other', async () => {
    const first = await start();
    const second = await start();
    expect(second.output()).not.toMatch(/SocketTimeout|WASM_ERROR|Cannot start/);
    // Both cache the page...
    for (const server of [first, second]) {
      await headlineAt(server.url);
      expect((await headlineAt(server.url)).cache).toBe('HIT');
    }
    // ...a write through the first...
    await rename(first.url, 'Renamed through the first server');
    // ...and the second's next answer is fresh.
    expect((await headlineAt(second.url)).headline).toBe('Renamed through the first server');
    expect((await headlineAt(first.url)).headline).toBe('Renamed through the first server');
    await Promise.all([first.stop(), second.stop()]);
    running.length = 0;
  });
});

describe('WORKERS=2', { timeout: 120_000 }, () => {
  it('serves from two processes on one port, every answer fresh after a write', async () => {
    const server = await start({ WORKERS: '2' });
    expect(server.output()).toContain('2 workers');
    // Warm both workers' caches: connections are spread across them, and each misses once.
    let misses = 0;
    for (let i = 0; i < 20; i++) if ((await headlineAt(server.url)).cache !== 'HIT') misses++;
    expect(misses).toBe(2);
    await rename(server.url, 'Renamed with two workers');
    for (let i = 0; i < 20; i++) {
      expect((await headlineAt(server.url)).headline).toBe('Renamed with two workers');
    }
  });
});
