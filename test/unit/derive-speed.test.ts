// The shortcuts that keep the derive step fast change nothing: each citation rule's cue is a necessary
// condition of its pattern, and an article without quotation marks has no quotes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CITATION_RULES } from '../../src/ingest/citations.js';
import { extractQuotes } from '../../src/ingest/quotes.js';

const ROOT = join(import.meta.dirname, '..', '..');
/** Every line of every page we have: the seed and the fixtures. */
const LINES = [join(ROOT, 'seed'), join(ROOT, 'test', 'fixtures', 'pages')].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n')),
);

describe('derive shortcuts', () => {
  it.each(CITATION_RULES.map((r) => [r.name, r] as const))(
    'rule %s: its cue admits every text its pattern matches',
    (_name, rule) => {
      for (const text of [rule.example, rule.counterExample, ...LINES]) {
        rule.pattern.lastIndex = 0;
        if (rule.pattern.test(text)) expect(rule.cue.test(text), text).toBe(true);
      }
      expect(rule.cue.test(rule.example)).toBe(true);
    },
  );

  it('finds no quotes, and reads no further, in an article without an opening quotation mark', () => {
    expect(extractQuotes([{ position: 1, text: 'He said it was fine, officials said.' }])).toEqual([]);
    expect(extractQuotes([{ position: 1, text: '“It is fine,” he said.' }])).toHaveLength(1);
  });
});
