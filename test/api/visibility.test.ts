// The visibility rule exists twice: as a Prisma where (every list) and as SQL (full-text search).
// Both must admit exactly the same articles, for public requests and for tokens, at any moment.
import { describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.js';
import { visibleArticleSql, visibleArticleWhere } from '../../src/editorial/publication.js';
import { parseArticlePage } from '../../src/ingest/parse.js';
import { writeArticle } from '../helpers/pages.js';
import { setupSuite } from '../helpers/suite.js';

const NOON = new Date('2025-03-03T12:00:00.000Z');

const t = setupSuite({
  app: false,
  data: async (db) => {
    const states = [
      ['Published long ago', 'PUBLISHED', '2025-03-01T08:00:00.000Z', null],
      ['Published exactly at noon', 'PUBLISHED', '2025-03-03T12:00:00.000Z', null],
      ['Scheduled one millisecond after noon', 'PUBLISHED', '2025-03-03T12:00:00.001Z', null],
      ['Scheduled for tomorrow', 'PUBLISHED', '2025-03-04T09:00:00.000Z', null],
      ['Still a draft', 'DRAFT', '2025-03-01T08:00:00.000Z', null],
      ['Deleted after publishing', 'PUBLISHED', '2025-03-01T08:00:00.000Z', '2025-03-02T08:00:00.000Z'],
    ] as const;
    for (const [headline, status, publishedAt, deletedAt] of states) {
      const { articleId } = await writeArticle(
        db,
        parseArticlePage(
          `Monday, March 3, 2025\nWorld\n${headline}\nLondon: A paragraph about ${headline}.\n`,
        ),
      );
      await db.article.update({
        where: { id: articleId },
        data: { status, publishedAt: new Date(publishedAt), deletedAt: deletedAt && new Date(deletedAt) },
      });
    }
  },
});

async function admitted(ctx: Context) {
  const byWhere = await t.db.article.findMany({
    where: visibleArticleWhere(ctx),
    select: { headline: true },
  });
  const bySql = await t.db.$queryRaw<{ headline: string }[]>`
    SELECT "Article"."headline" FROM "Article" WHERE ${visibleArticleSql(t.db, ctx)}`;
  return { byWhere: byWhere.map((a) => a.headline).sort(), bySql: bySql.map((a) => a.headline).sort() };
}

describe('visibleArticleWhere and visibleArticleSql', () => {
  it('admit the same articles for a public request, to the millisecond', async () => {
    const { byWhere, bySql } = await admitted({ db: t.db, now: NOON, viewer: null });
    expect(byWhere).toEqual(['Published exactly at noon', 'Published long ago']);
    expect(bySql).toEqual(byWhere);
  });

  it('admit the same articles for a token holder: drafts and scheduled, never deleted', async () => {
    const { byWhere, bySql } = await admitted({
      db: t.db,
      now: NOON,
      viewer: { tokenName: 'editor', scope: 'write' },
    } as Context);
    expect(byWhere).toHaveLength(5);
    expect(byWhere).not.toContain('Deleted after publishing');
    expect(bySql).toEqual(byWhere);
  });
});
