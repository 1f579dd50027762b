// The GraphQL-over-HTTP spec audits from `graphql-http`, run against yoga.fetch: no audit may error.
import { serverAudits } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { setupSuite } from '../helpers/suite.js';

const t = setupSuite();

describe('GraphQL over HTTP audits', () => {
  const audits = serverAudits({
    url: 'http://yoga/graphql',
    fetchFn: (input: RequestInfo | URL, init?: RequestInit) => t.app.fetch(new Request(input, init)),
  });
  for (const audit of audits) {
    it(audit.name, async () => {
      const result = await audit.fn();
      if (result.status === 'error') throw new Error(`${result.reason}`);
      expect(['ok', 'warn']).toContain(result.status);
    });
  }
});
