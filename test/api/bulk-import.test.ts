// Imports write new articles in batches (src/editorial/store.ts insertNewArticles): a batch behaves as
// the same pages imported one by one would.
import { describe, expect, it } from 'vitest';
import { importTexts } from '../helpers/pages.js';
import { setupSuite } from '../helpers/suite.js';

const t = setupSuite({ app: false });

describe('bulk import', () => {
  it('lets a second page with the same slug in one batch update the article the first created', async () => {
    const page = { date: '2025-03-03', section: 'World', headline: 'Twice in one batch' };
    const results = await importTexts(t.db, [
      { ...page, paragraphs: ['First version.'] },
      { ...page, paragraphs: ['Second version.'] },
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['created', 'updated']);
    const paragraphs = await t.db.paragraph.findMany({ select: { text: true } });
    expect(paragraphs.map((p) => p.text)).toEqual(['Second version.']);
  });
});
