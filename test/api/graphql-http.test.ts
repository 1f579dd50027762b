// The GraphQL-over-HTTP spec audits from `graphql-http`, run against yoga.fetch: no audit may error.
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/http/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

let t: TestDatabase;
let app: App;
beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logging: false });
});
afterAll(async () => t.cleanup());

describe('GraphQL over HTTP audits', () => {
  const audits = serverAudits({
    url: 'http://yoga/graphql',
    fetchFn: (input: RequestInfo | URL, init?: RequestInit) => app.fetch(new Request(input, init)),
  });
  for (const audit of audits) {
    it(audit.name, async () => {
      const result = await audit.fn();
      if (result.status === 'error') throw new Error(`${result.reason}`);
      expect(['ok', 'warn']).toContain(result.status);
    });
  }
});
