// Failed authentications are throttled per client address: after 10 in a minute, that address's requests
// with a token get 429 and Retry-After until the minute is over; other clients and public reads are not
// affected, a success resets nothing, and the memory it takes is bounded.
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { AuthFailureLimit } from '../../src/http/auth-throttle.js';
import { ReadCache } from '../../src/http/cache/read-cache.js';
import { createNodeServer, type NodeServer } from '../../src/http/node-server.js';
import { setupSuite } from '../helpers/suite.js';

let nowMs = Date.UTC(2025, 0, 1);
const clock = () => new Date(nowMs);
const limit = new AuthFailureLimit({ clock });
const t = setupSuite({
  seed: true,
  app: { authFailures: limit },
  tokens: { good: ['throttle-editor', 'read:drafts'] },
});
const BAD = { authorization: `Bearer nrt_0123456789abcdef_${'x'.repeat(43)}` };

/** A request as node:http hands it to the app: the client's address is its socket's. */
async function ask(address: string, auth: Record<string, string> = {}) {
  const response = await t.app.fetch(
    'http://yoga/graphql',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ query: '{ articles(first: 1) { totalCount } }' }),
    },
    { req: { socket: { remoteAddress: address } } },
  );
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    code: body.errors?.[0]?.extensions?.code,
  };
}

describe('failed authentications', () => {
  it('are refused with 429 and Retry-After after 10 from one address, until the window passes', async () => {
    for (let i = 0; i < limit.maxFailures; i++) expect((await ask('198.51.100.1', BAD)).status).toBe(401);
    const refused = await ask('198.51.100.1', BAD);
    expect(refused).toEqual({ status: 429, retryAfter: '60', code: 'TOO_MANY_REQUESTS' });
    // A valid token from that address waits too: the address may not try tokens for now.
    expect((await ask('198.51.100.1', t.auth.good)).status).toBe(429);
    // Its public reads go on.
    expect((await ask('198.51.100.1')).status).toBe(200);

    nowMs += 45_000;
    expect((await ask('198.51.100.1', BAD)).retryAfter).toBe('15');
    nowMs += 15_000;
    expect((await ask('198.51.100.1', BAD)).status).toBe(401);
  });

  it("count per address: another client's successes and failures change nothing", async () => {
    for (let i = 0; i < limit.maxFailures; i++) await ask('198.51.100.2', BAD);
    expect((await ask('198.51.100.3', t.auth.good)).status).toBe(200);
    expect((await ask('198.51.100.3', BAD)).status).toBe(401);
    expect((await ask('198.51.100.2', BAD)).status).toBe(429);
    // A success from the throttled address itself is refused, so it cannot reset its count either.
    expect((await ask('198.51.100.2', t.auth.good)).status).toBe(429);
  });

  it('remember a bounded number of clients', () => {
    const small = new AuthFailureLimit({ clock, maxClients: 100 });
    for (let i = 0; i < 1000; i++) small.recordFailure(`10.0.${i >> 8}.${i & 255}`);
    expect(small.size).toBe(100);
  });

  it('are counted by the TCP peer over node:http', async () => {
    const cache = new ReadCache({ db: t.db });
    const served: NodeServer = createNodeServer(
      createApp({ db: t.db, cache, logging: false, authFailures: new AuthFailureLimit() }),
      cache,
    );
    await new Promise<void>((resolve) => served.server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(served.server.address() as AddressInfo).port}/graphql`;
    const post = () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...BAD },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
    try {
      for (let i = 0; i < 10; i++) expect((await post()).status).toBe(401);
      const refused = await post();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await served.close(1000);
      cache.close();
    }
  });
});
