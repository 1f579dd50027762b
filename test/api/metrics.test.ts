// GET /metrics: the counters operators and the benchmark read, in Prometheus' text format.
import { describe, expect, it } from 'vitest';
import { SEED_SLUG } from '../helpers/fixtures.js';
import { gql } from '../helpers/gql.js';
import { setupSuite } from '../helpers/suite.js';

const t = setupSuite({ seed: true });

async function metrics(): Promise<Record<string, number>> {
  const response = await t.app.fetch('http://yoga/metrics');
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  const values: Record<string, number> = {};
  for (const line of (await response.text()).split('\n')) {
    const [name, value] = line.split(' ');
    if (name && value && !name.startsWith('#')) values[name] = Number(value);
  }
  return values;
}

describe('/metrics', () => {
  it('counts the SQL statements requests send, and reports memory', async () => {
    const before = await metrics();
    await gql(t.app, `query ($slug: String!) { article(slug: $slug) { headline } }`, { slug: SEED_SLUG });
    const after = await metrics();
    expect(after.newsroom_sql_statements_total).toBeGreaterThan(before.newsroom_sql_statements_total ?? 0);
    expect(after.newsroom_resident_memory_bytes).toBeGreaterThan(0);
    expect(Object.keys(after)).toEqual(
      expect.arrayContaining([
        'newsroom_requests_total',
        'newsroom_cache_hits_total',
        'newsroom_cache_misses_total',
      ]),
    );
  });
});
