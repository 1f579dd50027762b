// One public request cannot stop the server: list arguments are bounded and counted by the cost limit,
// request bodies are bounded to what the largest article needs (413 before the body is held, through
// app.fetch and over node:http, with Content-Length or chunked), and the largest article is accepted.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlStatementCounter } from '../../src/db.js';
import type { App } from '../../src/http/app.js';
import {
  largestArticleInputChars,
  MAX_REQUEST_BODY_BYTES,
  maxRequestBodyBytes,
  WORST_BYTES_PER_CHAR,
} from '../../src/http/body-limit.js';
import { ReadCache } from '../../src/http/cache/read-cache.js';
import { estimateCost, QUERY_LIMITS } from '../../src/http/limits.js';
import { createNodeServer, type NodeServer } from '../../src/http/node-server.js';
import { ARTICLE_LIMITS } from '../../src/ingest/limits.js';
import { schema } from '../../src/schema/index.js';
import { ROOT } from '../helpers/fixtures.js';
import { errorCodes, gql } from '../helpers/gql.js';
import { setupSuite } from '../helpers/suite.js';

// The cache is the server's own (node:http fast path), so it is built with the app on the suite's database.
let cache: ReadCache;
const t = setupSuite({
  seed: true,
  app: (db) => {
    cache = new ReadCache({ db });
    return { cache };
  },
  tokens: { write: ['bounds-editor', 'write'] },
});
let node: NodeServer;
let base: string;
let app: App;

beforeAll(async () => {
  app = t.app;
  node = createNodeServer(app, cache);
  await new Promise<void>((resolve) => node.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(node.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await node.close(1000);
  cache.close();
});

const NODES = 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }';
const ids = (n: number) => Array.from({ length: n }, (_, i) => encodeGlobalID('Article', i + 1));

describe('list arguments', () => {
  it(`answers nodes(ids) with up to ${QUERY_LIMITS.maxListArgument} ids`, async () => {
    const res = await gql(app, NODES, { ids: ids(QUERY_LIMITS.maxListArgument) });
    expect(res.errors).toBeUndefined();
    expect(res.data.nodes).toHaveLength(QUERY_LIMITS.maxListArgument);
    expect(res.data.nodes[0].id).toBe(encodeGlobalID('Article', 1));
  });

  it('refuses more ids with BAD_USER_INPUT naming `ids`, before any SQL and without growing memory', async () => {
    for (const n of [QUERY_LIMITS.maxListArgument + 1, 10_000, 30_000]) {
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      const statementsBefore = sqlStatementCounter.count;
      const res = await gql(app, NODES, { ids: ids(n) });
      expect(sqlStatementCounter.count - statementsBefore).toBe(0);
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors?.[0]?.extensions?.field).toBe('ids');
      expect(res.errors?.[0]?.message).toContain(`got ${n}`);
      // Before the bound, 10,000 ids took 5 s and left the process 460 MB larger.
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
    }
  });

  it('counts a list argument by its length in the cost', () => {
    const cost = (q: string, v: Record<string, unknown> = {}) => estimateCost(schema, parse(q), undefined, v);
    expect(cost(NODES, { ids: ids(50) })).toBe(1 + 50 * 1);
    expect(cost('{ nodes(ids: ["a", "b", "c"]) { id ... on Article { headline } } }')).toBe(1 + 3 * 2);
    expect(cost(NODES, { ids: 'QXJ0aWNsZTox' })).toBe(1 + 1);
  });

  it('refuses 100 ids whose selection is too costly with QUERY_TOO_COMPLEX', async () => {
    const query = `query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Section {
      articles(first: 100) { edges { node { headline paragraphs { text } } } } } } }`;
    const before = sqlStatementCounter.count;
    const res = await gql(app, query, { ids: ids(100) });
    expect(sqlStatementCounter.count - before).toBe(0);
    expect(errorCodes(res)).toEqual(['QUERY_TOO_COMPLEX']);
  });
});

describe('request bodies', () => {
  it('are bounded by the largest article the API accepts, written as expensively as JSON allows', () => {
    const L = ARTICLE_LIMITS;
    expect(largestArticleInputChars()).toBeGreaterThan(L.bodyText + L.relatedLinks * L.url);
    expect(MAX_REQUEST_BODY_BYTES).toBe(maxRequestBodyBytes(L));
    expect(MAX_REQUEST_BODY_BYTES).toBeGreaterThanOrEqual(
      Math.max(largestArticleInputChars(), L.page) * WORST_BYTES_PER_CHAR,
    );
    // Far below what used to be accepted (20 MB and more).
    expect(MAX_REQUEST_BODY_BYTES).toBeLessThan(4 * 1024 * 1024);
    // The figure the docs give is this one.
    for (const doc of ['README.md', 'docs/limits.md']) {
      expect(readFileSync(join(ROOT, doc), 'utf8')).toContain(MAX_REQUEST_BODY_BYTES.toLocaleString('en'));
    }
  });

  const oversized = () =>
    JSON.stringify({ query: '{ __typename }', junk: 'x'.repeat(MAX_REQUEST_BODY_BYTES) });

  async function expect413(response: Response) {
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.errors[0]?.message).toMatch(/larger than the [\d,]+ bytes this API accepts/);
  }

  it('answers 413 through app.fetch, with Content-Length and streamed without one', async () => {
    const body = oversized();
    await expect413(
      await app.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
        body,
      }),
    );
    const bytes = new TextEncoder().encode(body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 64 * 1024)
          controller.enqueue(bytes.subarray(i, i + 64 * 1024));
        controller.close();
      },
    });
    await expect413(
      await app.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
  });

  it('answers 413 over node:http to a declared Content-Length before the body is sent', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(20_000_000) },
      });
      req.on('error', reject);
      req.on('response', (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body });
          req.destroy();
        });
      });
      // Only the first kilobyte of the announced 20 MB is ever sent.
      req.write('x'.repeat(1024));
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses an oversized body announced with Expect: 100-continue without asking for it', async () => {
    const outcome = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${base}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(MAX_REQUEST_BODY_BYTES + 1),
          expect: '100-continue',
        },
      });
      req.on('error', reject);
      req.on('continue', () => resolve('continue'));
      req.on('response', (res) => {
        resolve(String(res.statusCode));
        res.resume();
        req.destroy();
      });
      req.flushHeaders();
    });
    expect(outcome).toBe('413');
  });

  it('answers 413 over node:http to a chunked body once it passes the bound, and 413 to whole bodies', async () => {
    const chunk = new Uint8Array(256 * 1024).fill(0x78);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.length;
        // An endless body: the server must answer without reading it all.
        if (sent > 64 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    await expect413(
      await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    // Several large bodies at once: each refused, none held (it used to be +80 MB RSS each).
    const body = oversized();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
      ),
    );
    for (const answer of answers) await expect413(answer);
  });

  it('accepts the largest createArticle, every character escaped as \\u00XX', async () => {
    const L = ARTICLE_LIMITS;
    // A control character is the costliest to write in JSON: 6 bytes each (`\u0001`).
    const text = (n: number) => `A${'\u0001'.repeat(n - 2)}Z`;
    const paragraphs = Array.from({ length: L.paragraphs }, () =>
      text(Math.min(L.paragraph, Math.floor(L.bodyText / L.paragraphs))),
    );
    const input = {
      headline: text(L.headline),
      section: text(L.section),
      slug: 'a'.repeat(L.slug),
      dateline: text(L.dateline),
      paragraphs,
      relatedLinks: Array.from({ length: L.relatedLinks }, (_, i) => ({
        title: text(L.linkTitle),
        url: `https://news.example/${i}/${'\u00e9'.repeat(L.url - 30)}`,
      })),
    };
    const query = 'mutation ($input: CreateArticleInput!) { createArticle(input: $input) { id version } }';
    const body = JSON.stringify({ query, variables: { input } }).replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    expect(body.length).toBeGreaterThan(MAX_REQUEST_BODY_BYTES * 0.75);
    expect(body.length).toBeLessThanOrEqual(MAX_REQUEST_BODY_BYTES);
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...t.auth.write },
      body,
    });
    expect(response.status).toBe(200);
    const result = (await response.json()) as {
      data?: { createArticle: { version: number } };
      errors?: unknown;
    };
    expect(result.errors).toBeUndefined();
    expect(result.data?.createArticle.version).toBe(1);
  });
});
