// The cost estimate behind QUERY_TOO_COMPLEX (src/http/limits.ts), on parsed documents: no server, no SQL.
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../src/http/limits.js';
import { schema } from '../../src/schema/index.js';

describe('limits', () => {
  it('estimates cost: 1 per field, connections times their page size, other lists times 10', () => {
    const cost = (q: string, v: Record<string, unknown> = {}) => estimateCost(schema, parse(q), undefined, v);
    expect(cost('{ article(slug: "x") { id headline } }')).toBe(3);
    expect(cost('{ article(slug: "x") { paragraphs { text } } }')).toBe(1 + 1 + 10 * 1);
    expect(cost('{ articles(first: 7) { totalCount edges { node { id } } } }')).toBe(
      1 + 7 * (1 + 1 + 1 * (1 + 1)),
    );
    expect(cost('query ($n: Int) { articles(first: $n) { edges { cursor } } }', { n: 3 })).toBe(1 + 3 * 2);
    expect(cost('{ articles { edges { cursor } } }')).toBe(1 + 20 * 2);
    expect(cost('{ __schema { types { name } } }')).toBe(0);
  });
});
