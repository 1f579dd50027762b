// Limits against hostile queries: each has its own error code, runs no SQL, and real pages stay under them.
// The cost estimate on its own: test/unit/limits-cost.test.ts.
import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { sqlStatementCounter } from '../../src/db.js';
import { EXAMPLE_QUERY } from '../../src/http/graphiql.js';
import { QUERY_LIMITS } from '../../src/http/limits.js';
import { errorCodes, gql } from '../helpers/gql.js';
import { setupSuite } from '../helpers/suite.js';

const t = setupSuite({ seed: true });

async function refused(query: string, variables: Record<string, unknown> = {}) {
  const before = sqlStatementCounter.count;
  const res = await gql(t.app, query, variables);
  expect(sqlStatementCounter.count - before).toBe(0);
  expect(res.data ?? null).toBeNull();
  return res;
}

/** `paragraphs { article { paragraphs { … } } }` nested `levels` times under an article list. */
function nested(levels: number): string {
  let inner = 'id';
  for (let i = levels - 1; i >= 0; i--)
    inner = i % 2 === 0 ? `paragraphs { ${inner} }` : `article { ${inner} }`;
  return `{ articles(first: 1) { edges { node { ${inner} } } } }`;
}

describe('limits', () => {
  it(`refuses queries deeper than ${QUERY_LIMITS.maxDepth} with QUERY_TOO_DEEP`, async () => {
    const ok = await gql(t.app, nested(5));
    expect(ok.errors).toBeUndefined();
    const res = await refused(nested(12));
    expect(errorCodes(res)).toEqual(['QUERY_TOO_DEEP']);
    expect(res.errors?.[0]?.extensions?.limit).toBe(QUERY_LIMITS.maxDepth);
    expect(res.errors?.[0]?.message).toMatch(/depth limit of 10/);
  });

  it('counts depth through fragments', async () => {
    const res = await refused(`
      query { articles(first: 1) { edges { node { ...A } } } }
      fragment A on Article { paragraphs { article { paragraphs { article { paragraphs { article { paragraphs { id } } } } } } } }
    `);
    expect(errorCodes(res)).toEqual(['QUERY_TOO_DEEP']);
  });

  it(`refuses more than ${QUERY_LIMITS.maxAliases} aliases with TOO_MANY_ALIASES`, async () => {
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: article(slug: "x") { id }`).join(' ')} }`;
    expect((await gql(t.app, aliases(QUERY_LIMITS.maxAliases))).errors).toBeUndefined();
    const res = await refused(aliases(QUERY_LIMITS.maxAliases + 1));
    expect(errorCodes(res)).toEqual(['TOO_MANY_ALIASES']);
    expect(res.errors?.[0]?.extensions?.limit).toBe(QUERY_LIMITS.maxAliases);
  });

  it(`refuses documents of more than ${QUERY_LIMITS.maxTokens} tokens with TOO_MANY_TOKENS`, async () => {
    const res = await refused(
      `{ articles(first: 1) { edges { node { ${'id '.repeat(QUERY_LIMITS.maxTokens)} } } } }`,
    );
    expect(errorCodes(res)).toEqual(['TOO_MANY_TOKENS']);
    expect(res.errors?.[0]?.extensions?.limit).toBe(QUERY_LIMITS.maxTokens);
  });

  it(`refuses more than ${QUERY_LIMITS.maxDirectives} directives with TOO_MANY_DIRECTIVES`, async () => {
    const res = await refused(
      `{ articles(first: 1) { totalCount ${'@include(if: true) '.repeat(QUERY_LIMITS.maxDirectives + 1)} } }`,
    );
    expect(errorCodes(res)).toEqual(['TOO_MANY_DIRECTIVES']);
  });

  it(`refuses an estimated cost above ${QUERY_LIMITS.maxCost} with QUERY_TOO_COMPLEX, counting page sizes`, async () => {
    const query = `query ($n: Int) { articles(first: $n) { edges { node { section { articles(first: $n) { edges { node { headline paragraphs { text } } } } } } } } }`;
    const small = await gql(t.app, query, { n: 5 });
    expect(small.errors).toBeUndefined();
    const res = await refused(query, { n: 100 });
    expect(errorCodes(res)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(res.errors?.[0]?.extensions?.limit).toBe(QUERY_LIMITS.maxCost);
    expect(res.errors?.[0]?.message).toMatch(/estimated \d+/);
  });

  it("lets GraphiQL's example query and introspection through", async () => {
    const example = await gql(t.app, EXAMPLE_QUERY);
    expect(example.errors).toBeUndefined();
    expect(example.data.article.headline).toMatch(/^Xi-Putin/);
    const introspection = await gql(t.app, getIntrospectionQuery());
    expect(introspection.errors).toBeUndefined();
  });
});
