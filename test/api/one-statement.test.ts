// The page documents are answered with one SQL statement per root field (src/db/sqlite-tree.ts builds
// the nested rows with SQLite's JSON functions), byte for byte what Prisma's one-statement-per-level path
// answers, and any query tree the compiler does not know still works (through Prisma).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusArticle } from '../../bench/corpus.js';
import { createDb, type Db, findTree, sqlStatementCounter } from '../../src/db.js';
import { visibleArticleWhere } from '../../src/editorial/publication.js';
import { type App, createApp } from '../../src/http/app.js';
import {
  ARTICLE_PAGE,
  FRONT_PAGE,
  SEARCH_PAGE,
  SECTION_PAGE,
  SOURCE_PAGE,
} from '../../src/http/operations.js';
import { slugify } from '../../src/ingest/slug.js';
import { SEED_SLUG } from '../helpers/fixtures.js';
import { writeArticle } from '../helpers/pages.js';
import { setupSuite } from '../helpers/suite.js';

const t = setupSuite({
  seed: true,
  data: async (db) => {
    for (let i = 0; i < 40; i++) await writeArticle(db, corpusArticle(i));
  },
});
let prismaOnly: Db;
let prismaApp: App;
beforeAll(async () => {
  prismaOnly = await createDb(t.url, { treeQueries: false });
  prismaApp = createApp({ db: prismaOnly, logging: false });
});
afterAll(async () => prismaOnly.$disconnect());

async function post(app: App, query: string, variables: Record<string, unknown>) {
  const before = sqlStatementCounter.count;
  const response = await app.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return { text: await response.text(), statements: sqlStatementCounter.count - before };
}

const PAGES: [name: string, document: string, variables: Record<string, unknown>, statements: number][] = [
  ['article page (seed)', ARTICLE_PAGE, { slug: SEED_SLUG }, 1],
  ['article page (corpus)', ARTICLE_PAGE, { slug: corpusArticle(30).slug }, 1],
  ['article page (none)', ARTICLE_PAGE, { slug: 'no-such-article' }, 1],
  ['front page', FRONT_PAGE, { first: 20 }, 2], // the page, and totalCount
  ['section page', SECTION_PAGE, { slug: slugify(corpusArticle(33).section) }, 1],
  ['source page', SOURCE_PAGE, { slug: 'xinhua' }, 2], // the source, and its articles
];

describe('page documents', () => {
  it.each(PAGES)(
    '%s: the same answer as through Prisma, in %#… statements',
    async (_name, document, variables, statements) => {
      const fast = await post(t.app, document, variables);
      const prisma = await post(prismaApp, document, variables);
      expect(JSON.parse(fast.text).errors).toBeUndefined();
      expect(fast.text).toBe(prisma.text);
      expect(fast.statements).toBe(statements);
      expect(prisma.statements).toBeGreaterThan(fast.statements);
    },
  );

  it('answers the search page the same both ways', async () => {
    const variables = { query: 'report', first: 10 };
    expect((await post(t.app, SEARCH_PAGE, variables)).text).toBe(
      (await post(prismaApp, SEARCH_PAGE, variables)).text,
    );
  });
});

describe('findTree', () => {
  const now = new Date();
  const trees: [string, object][] = [
    [
      'relation filters and counts',
      {
        where: {
          AND: [
            visibleArticleWhere({ viewer: null, now }),
            { sources: { some: { source: { slug: 'cnn' } } } },
          ],
        },
        orderBy: [{ headlineFolded: 'asc' }, { id: 'asc' }],
        take: 5,
        include: {
          _count: { select: { paragraphs: true, quotes: { where: { speaker: { not: null } } } } },
          section: true,
        },
      },
    ],
    [
      'contains, OR, NOT, in, to-one relation filter',
      {
        where: {
          OR: [{ headlineFolded: { contains: 'report' } }, { id: { in: [1, 2, 3] } }],
          NOT: { section: { slug: 'opinion' } },
          dateline: { not: null },
        },
        orderBy: { id: 'desc' },
        select: {
          id: true,
          slug: true,
          publishedAt: true,
          editedSinceImport: true,
          relatedLinks: { select: { title: true, targetArticle: { select: { slug: true } } } },
        },
      },
    ],
    [
      'none and every',
      {
        where: {
          sources: { none: { source: { kind: 'GOVERNMENT' } } },
          paragraphs: { every: { position: { gte: 1 } } },
        },
        orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
        take: 3,
      },
    ],
  ];
  it.each(trees)('%s: the rows Prisma returns', async (_name, args) => {
    const prisma = await prismaOnly.article.findMany(args as never);
    const before = sqlStatementCounter.count;
    const rows = await findTree(t.db, 'Article', args);
    expect(sqlStatementCounter.count - before).toBe(1);
    expect(rows).toEqual(prisma);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('falls back to Prisma for what it does not translate', async () => {
    const args = { distinct: ['sectionId'], orderBy: { id: 'asc' } };
    expect(await findTree(t.db, 'Article', args)).toEqual(await prismaOnly.article.findMany(args as never));
  });
});
