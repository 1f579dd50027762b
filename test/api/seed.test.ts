// Seeding is idempotent: a second run changes nothing (same ids, same counts, nothing rewritten).
// `npm run seed` as a real process: test/process/seed-cli.test.ts.
import { describe, expect, it } from 'vitest';
import { seedDatabase as seed } from '../../src/editorial/seed.js';
import { parseArticlePage } from '../../src/ingest/parse.js';
import { SEED_CITATIONS, SEED_PARAGRAPHS, SEED_SOURCES } from '../helpers/fixtures.js';
import { writeArticle } from '../helpers/pages.js';
import { setupSuite } from '../helpers/suite.js';

const t = setupSuite({ app: false });

async function snapshot() {
  const db = t.db;
  return {
    articles: await db.article.findMany({ orderBy: { id: 'asc' } }),
    paragraphs: await db.paragraph.findMany({ orderBy: { id: 'asc' } }),
    citations: await db.citation.findMany({ orderBy: { id: 'asc' } }),
    sources: await db.source.findMany({ orderBy: { id: 'asc' } }),
    sections: await db.section.findMany({ orderBy: { id: 'asc' } }),
    relatedLinks: await db.relatedLink.findMany({ orderBy: { id: 'asc' } }),
  };
}

describe('seed', () => {
  it('imports the seed page once and changes nothing the second time', async () => {
    const first = await seed(t.db);
    expect(first.map((r) => r.outcome)).toEqual(['created']);
    const before = await snapshot();
    expect(before.articles).toHaveLength(1);
    expect(before.paragraphs).toHaveLength(SEED_PARAGRAPHS);
    expect(before.citations).toHaveLength(SEED_CITATIONS);
    expect(before.sources.map((s) => s.name)).toEqual(SEED_SOURCES);

    const second = await seed(t.db);
    expect(second.map((r) => r.outcome)).toEqual(['unchanged']);
    expect(await snapshot()).toEqual(before);
  });

  it('updates an article in place when its page changes, keeping its id', async () => {
    const text =
      'Sunday, 7 September 2025\nWorld\nA story that changes\nParis: First version, AFP reported.\n';
    const created = await writeArticle(t.db, parseArticlePage(text));
    const changed = await writeArticle(t.db, parseArticlePage(text.replace('First', 'Second')));
    expect(created.outcome).toBe('created');
    expect(changed).toMatchObject({ outcome: 'updated', articleId: created.articleId });
    const paragraphs = await t.db.paragraph.findMany({ where: { articleId: created.articleId } });
    expect(paragraphs.map((p) => p.text)).toEqual(['Second version, AFP reported.']);
  });
});
