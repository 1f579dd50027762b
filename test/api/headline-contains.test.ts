// headlineContains matches LIKE's special characters literally on every database: `%`, `_` and `\`
// (PostgreSQL's default LIKE escape). Runs on SQLite and, in the `postgresql` project, on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/http/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { gql } from '../helpers/gql.js';
import { importTexts } from '../helpers/pages.js';

let t: TestDatabase;
let app: App;
beforeAll(async () => {
  t = await createTestDatabase();
  const headlines = [
    'Files in C:\\temp\\news moved',
    '100% of votes counted',
    'Snake_case and Ca',
    'Plain headline',
  ];
  await importTexts(
    t.db,
    headlines.map((headline) => ({ date: '2025-03-03', section: 'World', headline, paragraphs: ['Body.'] })),
  );
  app = createApp({ db: t.db, logging: false });
});
afterAll(async () => t.cleanup());

describe('headlineContains', () => {
  it.each([
    ['c:\\temp', ['Files in C:\\temp\\news moved']],
    ['\\', ['Files in C:\\temp\\news moved']],
    ['100%', ['100% of votes counted']],
    ['%', ['100% of votes counted']],
    ['e_c', ['Snake_case and Ca']],
    ['_', ['Snake_case and Ca']],
    ['\\t', ['Files in C:\\temp\\news moved']],
  ])('%j matches only headlines containing it', async (text, expected) => {
    const res = await gql(
      app,
      'query ($q: String!) { articles(filter: { headlineContains: $q }) { edges { node { headline } } } }',
      {
        q: text,
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.articles.edges.map((e: { node: { headline: string } }) => e.node.headline)).toEqual(
      expected,
    );
  });
});
