// toFtsQuery: search text becomes an FTS5 MATCH of quoted words and phrases, its operators plain words.
import { describe, expect, it } from 'vitest';
import { toFtsQuery } from '../../src/search/fts-query.js';

describe('toFtsQuery', () => {
  it.each([
    ['market energy', '"market" "energy"'],
    ['"solar eclipse" market', '"solar eclipse" "market"'],
    ['"unbalanced phrase', '"unbalanced" "phrase"'],
    ['"a b" "c', '"a b" "c"'],
    ['NEAR(a b)', '"NEAR" "a" "b"'],
    ['x* -y ^z col:w', '"x" "y" "z" "col" "w"'],
  ])('%j → %j', (input, match) => {
    expect(toFtsQuery(input)?.match).toBe(match);
  });

  it('returns null when nothing is searchable', () => {
    expect(toFtsQuery('"" * - ( ) 😀')).toBeNull();
  });
});
