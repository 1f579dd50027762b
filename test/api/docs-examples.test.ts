// The example queries in docs/query-surface.md (also shown in the README) run without errors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SEED_SLUG } from '../helpers/fixtures.js';
import { gql } from '../helpers/gql.js';
import { setupSuite } from '../helpers/suite.js';

const DOC = readFileSync(join(ROOT, 'docs', 'query-surface.md'), 'utf8');
const EXAMPLES = [...DOC.matchAll(/```graphql\n(query \w+[\s\S]*?)```/g)].map((m) => m[1] ?? '');

const VARIABLES: Record<string, Record<string, unknown>> = {
  SectionPage: { slug: 'latest-news' },
  SourcePage: { slug: 'cnn' },
  Archive: {},
  Search: { q: '"joint statement" Putin' },
  ArticlePage: { slug: SEED_SLUG },
};

const t = setupSuite({ seed: true });

describe('docs/query-surface.md examples', () => {
  it('has the section, source, archive and search examples', () => {
    const names = EXAMPLES.map((q) => /^query (\w+)/.exec(q)?.[1]);
    expect(names).toEqual(expect.arrayContaining(['SectionPage', 'SourcePage', 'Archive', 'Search']));
  });

  it.each(EXAMPLES.map((q) => [/^query (\w+)/.exec(q)?.[1] ?? '?', q]))('%s runs', async (name, query) => {
    const res = await gql(t.app, query, VARIABLES[name] ?? {});
    expect(res.errors).toBeUndefined();
    expect(JSON.stringify(res.data)).toContain('Xi-Putin');
  });
});
