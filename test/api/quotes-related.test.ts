// Stored quotations (seed page) and related-link resolution in both import orders, renames and deletes.
import { describe, expect, it } from 'vitest';
import { seedDatabase as seed } from '../../src/editorial/seed.js';
import { headlineColumns } from '../../src/ingest/derive.js';
import { SEED_SLUG } from '../helpers/fixtures.js';
import { gql } from '../helpers/gql.js';
import { importTexts, type PageSpec } from '../helpers/pages.js';
import { setupSuite } from '../helpers/suite.js';

const t = setupSuite({ seed: true });

describe('Article.quotes on the seed page', () => {
  it('attributes paragraphs 4 and 5 to Xi Jinping, with their paragraphs', async () => {
    const res = await gql(
      t.app,
      `query ($slug: String!) { article(slug: $slug) { quotes { text speaker start end paragraph { position text } } } }`,
      { slug: SEED_SLUG },
    );
    expect(res.errors).toBeUndefined();
    const quotes = res.data.article.quotes as {
      text: string;
      speaker: string | null;
      start: number;
      end: number;
      paragraph: { position: number; text: string };
    }[];
    const p4 = quotes.filter((q) => q.paragraph.position === 4);
    const p5 = quotes.filter((q) => q.paragraph.position === 5);
    expect(p4.map((q) => [q.text, q.speaker])).toEqual([
      ['stood the test of a changing international landscape', 'Xi Jinping'],
      ['cherished and nourished', 'Xi Jinping'],
    ]);
    expect(p5).toHaveLength(1);
    expect(p5[0]?.speaker).toBe('Xi Jinping');
    expect(p5[0]?.text.startsWith('China is ready to work with Russia')).toBe(true);
    expect(p5[0]?.text.endsWith('uphold fairness and justice in the world')).toBe(true);
    for (const q of quotes) expect(q.paragraph.text.slice(q.start, q.end)).toBe(q.text);
  });

  it('rewrites quotes when the article changes and keeps them when it does not', async () => {
    const before = await t.db.quote.count();
    await seed(t.db);
    expect(await t.db.quote.count()).toBe(before);
  });
});

const TARGET: PageSpec = {
  date: '2024-05-01',
  section: 'World News',
  headline: 'Alpha river flood warning issued',
  paragraphs: ['Water levels rose overnight.'],
};
const LINKING: PageSpec = {
  date: '2024-05-02',
  section: 'World News',
  headline: 'Towns prepare for rising water',
  paragraphs: ['Sandbags were handed out.'],
  related: [
    'ALPHA River: flood-warning issued! https://example.com/alpha',
    'Something we do not have https://example.com/other',
    'Towns prepare for rising water',
  ],
};

const LINKS = `query ($slug: String!) { article(slug: $slug) {
  relatedLinks { position title article { slug } }
  relatedArticles { slug }
  citedBy { slug }
} }`;

async function links(slug: string) {
  const res = await gql(t.app, LINKS, { slug });
  expect(res.errors).toBeUndefined();
  return res.data.article as {
    relatedLinks: { position: number; title: string; article: { slug: string } | null }[];
    relatedArticles: { slug: string }[];
    citedBy: { slug: string }[];
  };
}

describe('related links resolve to stored articles', () => {
  async function reset() {
    await t.db.article.deleteMany({ where: { slug: { not: SEED_SLUG } } });
  }

  it('when the target was imported first', async () => {
    await reset();
    await importTexts(t.db, [TARGET]);
    await importTexts(t.db, [LINKING]);
    const a = await links('towns-prepare-for-rising-water');
    expect(a.relatedLinks.map((l) => l.article?.slug ?? null)).toEqual([
      'alpha-river-flood-warning-issued',
      null,
      // A link to the article's own headline is not a related article.
      null,
    ]);
    expect(a.relatedArticles).toEqual([{ slug: 'alpha-river-flood-warning-issued' }]);
    expect((await links('alpha-river-flood-warning-issued')).citedBy).toEqual([
      { slug: 'towns-prepare-for-rising-water' },
    ]);
  });

  it('when the linking article was imported first', async () => {
    await reset();
    await importTexts(t.db, [LINKING]);
    expect((await links('towns-prepare-for-rising-water')).relatedArticles).toEqual([]);
    await importTexts(t.db, [TARGET]);
    const a = await links('towns-prepare-for-rising-water');
    expect(a.relatedLinks[0]?.article).toEqual({ slug: 'alpha-river-flood-warning-issued' });
    expect(a.relatedArticles).toEqual([{ slug: 'alpha-river-flood-warning-issued' }]);
  });

  it('when both come in one import, in either order', async () => {
    for (const order of [
      [LINKING, TARGET],
      [TARGET, LINKING],
    ]) {
      await reset();
      await importTexts(t.db, order);
      expect((await links('towns-prepare-for-rising-water')).relatedArticles).toEqual([
        { slug: 'alpha-river-flood-warning-issued' },
      ]);
    }
  });

  it('follows a headline change and a deletion of the target', async () => {
    await reset();
    await importTexts(t.db, [TARGET, LINKING]);
    const target = await t.db.article.findUniqueOrThrow({
      where: { slug: 'alpha-river-flood-warning-issued' },
    });
    // An editor renames the target (the write path of a later issue): the link no longer matches.
    await t.db.article.update({
      where: { id: target.id },
      data: { headline: 'Beta river calm', ...headlineColumns('Beta river calm') },
    });
    expect((await links('towns-prepare-for-rising-water')).relatedArticles).toEqual([]);
    await t.db.article.update({ where: { id: target.id }, data: headlineColumns(TARGET.headline) });
    expect((await links('towns-prepare-for-rising-water')).relatedArticles).toEqual([
      { slug: 'alpha-river-flood-warning-issued' },
    ]);

    // Another article given the same headline (an editor again) takes over when the first is deleted.
    await importTexts(t.db, [{ ...TARGET, headline: 'Gamma placeholder story', date: '2024-05-03' }]);
    await t.db.article.update({
      where: { slug: 'gamma-placeholder-story' },
      data: { headline: TARGET.headline, ...headlineColumns(TARGET.headline) },
    });
    // The lowest id wins while both exist.
    expect((await links('towns-prepare-for-rising-water')).relatedArticles).toEqual([
      { slug: 'alpha-river-flood-warning-issued' },
    ]);
    await t.db.article.delete({ where: { id: target.id } });
    expect((await links('towns-prepare-for-rising-water')).relatedArticles).toEqual([
      { slug: 'gamma-placeholder-story' },
    ]);
    await t.db.article.delete({ where: { slug: 'gamma-placeholder-story' } });
    const gone = await links('towns-prepare-for-rising-water');
    expect(gone.relatedLinks[0]?.article).toBeNull();
    expect(gone.relatedArticles).toEqual([]);
  });

  it('hides a link target the request may not see', async () => {
    await reset();
    await importTexts(t.db, [TARGET, LINKING]);
    await t.db.article.update({
      where: { slug: 'alpha-river-flood-warning-issued' },
      data: { status: 'DRAFT' },
    });
    const a = await links('towns-prepare-for-rising-water');
    expect(a.relatedLinks[0]?.article).toBeNull();
    expect(a.relatedArticles).toEqual([]);
  });
});
