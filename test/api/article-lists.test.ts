// Filters and orderings of `articles`, `Section.articles` and `Source.articles`; paging both ways;
// sources and sections ordered by name and article count; source kinds.
import { beforeAll, describe, expect, it } from 'vitest';
import { foldForContains } from '../../src/ingest/derive.js';
import { errorCodes, type GqlResponse, gql } from '../helpers/gql.js';
import { importTexts, type PageSpec } from '../helpers/pages.js';
import { setupSuite } from '../helpers/suite.js';

/** What `gql` resolves to; the assertions check the data's shape. */
type PageResponse = GqlResponse<any>;

const NAMED: PageSpec[] = [
  {
    date: '2024-01-10',
    section: 'World News',
    headline: 'Zürich talks open on Alpine trade',
    paragraphs: ['Delegates met in Zürich on Wednesday, Reuters reported.'],
  },
  {
    date: '2024-01-10',
    section: 'World News',
    headline: 'ÉLYSÉE hosts summit on energy',
    paragraphs: ['Leaders gathered in Paris, CNN reported.'],
  },
  {
    date: '2024-02-05',
    section: 'Business',
    headline: 'apple profits rise 100% in a year',
    paragraphs: ['Profits doubled, Reuters reported.', 'Investors cheered, according to CNN.'],
  },
  {
    date: '2024-02-05',
    section: 'Business',
    headline: 'Zebra market draft story',
    paragraphs: ['This one is turned into a draft, CNN reported.'],
  },
  {
    date: '2024-03-01',
    section: 'Sport',
    headline: 'Αθήνα marathon sets a record',
    paragraphs: ['Runners crossed the line in Athens, Xinhua reported.'],
  },
  {
    date: '2024-03-15',
    section: 'World News',
    headline: 'Straße closed in Berlin after storm',
    paragraphs: ['The street was shut, according to the Foreign Ministry.'],
  },
  {
    date: '2024-03-15',
    section: 'Business',
    headline: 'Shares fall 5_percent on Friday',
    paragraphs: ['Markets slipped on Friday.'],
  },
];

// Many articles on few dates: ties on publishedAt must be broken by id.
const ARCHIVE: PageSpec[] = Array.from({ length: 24 }, (_, i) => ({
  date: `2023-0${1 + (i % 4)}-01`,
  section: 'Archive',
  headline: `Archive story ${String.fromCharCode(97 + ((i * 7) % 26))} number ${i}`,
  paragraphs: [`Archived paragraph ${i}.`],
}));

const t = setupSuite({
  data: async (db) => {
    await importTexts(db, [...NAMED, ...ARCHIVE]);
    await db.article.update({ where: { slug: 'zebra-market-draft-story' }, data: { status: 'DRAFT' } });
  },
});

async function headlines(filter: Record<string, unknown>, extra = ''): Promise<string[]> {
  const res = await gql(
    t.app,
    `query ($filter: ArticleFilter) { articles(first: 100, filter: $filter${extra}) { totalCount edges { node { headline } } } }`,
    { filter },
  );
  expect(res.errors).toBeUndefined();
  const list = res.data.articles.edges.map((e: { node: { headline: string } }) => e.node.headline);
  expect(res.data.articles.totalCount).toBe(list.length);
  return list;
}

describe('ArticleFilter', () => {
  it('filters by section slug', async () => {
    expect((await headlines({ section: 'world-news' })).sort()).toEqual([
      'Straße closed in Berlin after storm',
      'Zürich talks open on Alpine trade',
      'ÉLYSÉE hosts summit on energy',
    ]);
  });

  it('filters by source slug', async () => {
    expect((await headlines({ source: 'reuters' })).sort()).toEqual([
      'Zürich talks open on Alpine trade',
      'apple profits rise 100% in a year',
    ]);
  });

  it('filters by date range: from inclusive, to exclusive', async () => {
    expect(
      await headlines({ publishedFrom: '2024-02-05T00:00:00Z', publishedTo: '2024-03-15T00:00:00Z' }),
    ).toEqual(['Αθήνα marathon sets a record', 'apple profits rise 100% in a year']);
  });

  it('filters by status; drafts are never visible to the public', async () => {
    expect(await headlines({ status: 'DRAFT' })).toEqual([]);
    const published = await headlines({ status: 'PUBLISHED' });
    expect(published).toHaveLength(NAMED.length - 1 + ARCHIVE.length);
    expect(published).not.toContain('Zebra market draft story');
  });

  it('matches headlineContains ignoring case and accents in any script', async () => {
    expect(await headlines({ headlineContains: 'ZURICH' })).toEqual(['Zürich talks open on Alpine trade']);
    expect(await headlines({ headlineContains: 'élysée' })).toEqual(['ÉLYSÉE hosts summit on energy']);
    expect(await headlines({ headlineContains: 'elysee HOSTS' })).toEqual(['ÉLYSÉE hosts summit on energy']);
    expect(await headlines({ headlineContains: 'ΑΘΗΝΑ' })).toEqual(['Αθήνα marathon sets a record']);
    expect(await headlines({ headlineContains: 'STRASSE' })).toEqual(['Straße closed in Berlin after storm']);
    expect(await headlines({ headlineContains: 'APPLE' })).toEqual(['apple profits rise 100% in a year']);
  });

  it('treats LIKE wildcards in headlineContains as plain characters', async () => {
    expect(await headlines({ headlineContains: '%' })).toEqual(['apple profits rise 100% in a year']);
    expect(await headlines({ headlineContains: '5_p' })).toEqual(['Shares fall 5_percent on Friday']);
    expect(await headlines({ headlineContains: 's_p' })).toEqual([]);
  });

  it('combines conditions', async () => {
    expect(await headlines({ section: 'business', source: 'cnn', headlineContains: 'profits' })).toEqual([
      'apple profits rise 100% in a year',
    ]);
    expect(await headlines({ section: 'sport', source: 'cnn' })).toEqual([]);
  });

  it('refuses an over-long headlineContains with BAD_USER_INPUT', async () => {
    const res = await gql(
      t.app,
      'query ($h: String) { articles(filter: { headlineContains: $h }) { totalCount } }',
      {
        h: 'x'.repeat(201),
      },
    );
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions?.field).toBe('filter.headlineContains');
  });
});

interface Row {
  id: number;
  headline: string;
  publishedAt: string;
  updatedAt: string;
}

function dbId(globalId: string): number {
  return Number(Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]);
}

const FIELDS = ['PUBLISHED_AT', 'HEADLINE', 'UPDATED_AT'] as const;
const DIRECTIONS = ['ASC', 'DESC'] as const;

function expectedOrder(rows: Row[], field: (typeof FIELDS)[number], direction: 'ASC' | 'DESC'): number[] {
  const key = (r: Row) =>
    field === 'HEADLINE'
      ? foldForContains(r.headline)
      : field === 'PUBLISHED_AT'
        ? r.publishedAt
        : r.updatedAt;
  const sorted = [...rows].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    const c = ka < kb ? -1 : ka > kb ? 1 : a.id - b.id;
    return direction === 'ASC' ? c : -c;
  });
  return sorted.map((r) => r.id);
}

const PAGE = `query ($first: Int, $after: String, $last: Int, $before: String, $orderBy: ArticleOrder) {
  articles(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
    edges { cursor node { id headline publishedAt updatedAt } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

describe('ArticleOrder and paging', () => {
  let rows: Row[];
  beforeAll(async () => {
    const res = await gql(t.app, PAGE, { first: 100 });
    rows = res.data.articles.edges.map((e: { node: Row & { id: string } }) => ({
      ...e.node,
      id: dbId(e.node.id),
    }));
    expect(rows).toHaveLength(NAMED.length - 1 + ARCHIVE.length);
    // The fixture really has ties on every ordering key but the headline.
    expect(new Set(rows.map((r) => r.publishedAt)).size).toBeLessThan(rows.length);
  });

  it('defaults to newest first, ties by id descending', async () => {
    const res = await gql(t.app, PAGE, { first: 100 });
    expect(res.data.articles.edges.map((e: { node: { id: string } }) => dbId(e.node.id))).toEqual(
      expectedOrder(rows, 'PUBLISHED_AT', 'DESC'),
    );
  });

  for (const field of FIELDS) {
    for (const direction of DIRECTIONS) {
      it(`pages ${field} ${direction} forwards and backwards with stable cursors`, async () => {
        const expected = expectedOrder(rows, field, direction);
        const orderBy = { field, direction };

        const forward: number[] = [];
        let after: string | null = null;
        for (let page = 0; page < 20; page++) {
          const res: PageResponse = await gql(t.app, PAGE, { first: 4, after, orderBy });
          expect(res.errors).toBeUndefined();
          const { edges, pageInfo } = res.data.articles;
          forward.push(...edges.map((e: { node: { id: string } }) => dbId(e.node.id)));
          expect(pageInfo.hasPreviousPage || after === null).toBe(true);
          if (!pageInfo.hasNextPage) break;
          after = pageInfo.endCursor;
        }
        expect(forward).toEqual(expected);

        const backward: number[] = [];
        let before: string | null = null;
        for (let page = 0; page < 20; page++) {
          const res: PageResponse = await gql(t.app, PAGE, { last: 4, before, orderBy });
          expect(res.errors).toBeUndefined();
          const { edges, pageInfo } = res.data.articles;
          backward.unshift(...edges.map((e: { node: { id: string } }) => dbId(e.node.id)));
          if (!pageInfo.hasPreviousPage) break;
          before = pageInfo.startCursor;
        }
        expect(backward).toEqual(expected);
      });
    }
  }

  it('continues from a cursor exactly where the previous page ended', async () => {
    const orderBy = { field: 'HEADLINE', direction: 'ASC' };
    const first = await gql(t.app, PAGE, { first: 5, orderBy });
    const cursor = first.data.articles.pageInfo.endCursor;
    const again = await gql(t.app, PAGE, { first: 5, after: cursor, orderBy });
    const expected = expectedOrder(rows, 'HEADLINE', 'ASC').slice(5, 10);
    expect(again.data.articles.edges.map((e: { node: { id: string } }) => dbId(e.node.id))).toEqual(expected);
  });

  it.each([
    [{ first: 101 }, 'first'],
    [{ first: -1 }, 'first'],
    [{ last: 101 }, 'last'],
    [{ last: -1 }, 'last'],
    [{ first: 2, after: 'not-a-cursor' }, 'after'],
    [{ last: 2, before: Buffer.from('GPC:J:{').toString('base64') }, 'before'],
  ])('refuses %o with BAD_USER_INPUT (%s)', async (vars, _name) => {
    const res = await gql(t.app, PAGE, vars);
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('nested article lists take the same filter and orderBy', () => {
  it('Section.articles', async () => {
    const res = await gql(
      t.app,
      `{ section(slug: "world-news") {
          articles(filter: { source: "reuters" }, orderBy: { field: HEADLINE, direction: ASC }) { totalCount edges { node { headline } } }
          all: articles(orderBy: { field: HEADLINE, direction: DESC }) { totalCount edges { node { headline } } }
        } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.section.articles.totalCount).toBe(1);
    expect(res.data.section.articles.edges[0].node.headline).toBe('Zürich talks open on Alpine trade');
    expect(res.data.section.all.edges.map((e: { node: { headline: string } }) => e.node.headline)).toEqual([
      'Zürich talks open on Alpine trade',
      'Straße closed in Berlin after storm',
      'ÉLYSÉE hosts summit on energy',
    ]);
  });

  it('Source.articles', async () => {
    const res = await gql(
      t.app,
      `{ source(slug: "cnn") {
          business: articles(filter: { section: "business" }) { totalCount edges { node { headline } } }
          all: articles(orderBy: { field: PUBLISHED_AT, direction: ASC }) { totalCount edges { node { headline } } }
        } }`,
    );
    expect(res.errors).toBeUndefined();
    // The draft cites CNN too but is not visible.
    expect(
      res.data.source.business.edges.map((e: { node: { headline: string } }) => e.node.headline),
    ).toEqual(['apple profits rise 100% in a year']);
    expect(res.data.source.all.totalCount).toBe(2);
    expect(res.data.source.all.edges.map((e: { node: { headline: string } }) => e.node.headline)).toEqual([
      'ÉLYSÉE hosts summit on energy',
      'apple profits rise 100% in a year',
    ]);
  });
});

describe('sources and sections', () => {
  it('gives each source its kind from the curated table, OTHER when unknown', async () => {
    const res = await gql(t.app, '{ sources(first: 100) { edges { node { slug kind } } } }');
    const kinds = Object.fromEntries(
      res.data.sources.edges.map((e: { node: { slug: string; kind: string } }) => [e.node.slug, e.node.kind]),
    );
    expect(kinds).toMatchObject({ reuters: 'NEWS_AGENCY', cnn: 'BROADCASTER', xinhua: 'NEWS_AGENCY' });
    expect(kinds['the-foreign-ministry'] ?? kinds['foreign-ministry']).toBe('GOVERNMENT');
  });

  it('orders sources by name and by visible article count, both directions', async () => {
    const q = `query ($orderBy: SourceOrder) { sources(first: 100, orderBy: $orderBy) { totalCount edges { node { slug articleCount } } } }`;
    const slugs = async (orderBy?: object) => {
      const res = await gql(t.app, q, { orderBy });
      expect(res.errors).toBeUndefined();
      return res.data.sources.edges.map((e: { node: { slug: string; articleCount: number } }) => [
        e.node.slug,
        e.node.articleCount,
      ]);
    };
    const byName = await slugs();
    expect(byName.map((s: [string, number]) => s[0])).toEqual(
      byName.map((s: [string, number]) => s[0]).sort(),
    );
    expect(await slugs({ field: 'NAME', direction: 'DESC' })).toEqual([...byName].reverse());
    // CNN: 2 visible (the draft is not counted), Reuters 2, Xinhua 1, the ministry 1.
    const byCount = await slugs({ field: 'ARTICLE_COUNT', direction: 'DESC' });
    expect(byCount.slice(0, 2)).toEqual([
      ['cnn', 2],
      ['reuters', 2],
    ]);
    const ascending = await slugs({ field: 'ARTICLE_COUNT', direction: 'ASC' });
    expect(ascending.at(-1)).toEqual(['reuters', 2]);
    expect(ascending[0][1]).toBe(1);
  });

  it('pages sources with offset cursors and refuses foreign ones', async () => {
    const q = `query ($after: String) { sources(first: 2, after: $after, orderBy: { field: NAME, direction: ASC }) { edges { node { slug } } pageInfo { endCursor hasNextPage } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const res: PageResponse = await gql(t.app, q, { after });
      seen.push(...res.data.sources.edges.map((e: { node: { slug: string } }) => e.node.slug));
      if (!res.data.sources.pageInfo.hasNextPage) break;
      after = res.data.sources.pageInfo.endCursor;
    }
    expect(seen).toEqual([...seen].sort());
    expect(seen.length).toBe(4);
    expect(errorCodes(await gql(t.app, q, { after: 'bogus' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('orders sections by article count and counts only visible articles', async () => {
    const res = await gql(
      t.app,
      '{ sections(orderBy: { field: ARTICLE_COUNT, direction: DESC }) { slug articleCount } byName: sections { slug } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.sections).toEqual([
      { slug: 'archive', articleCount: 24 },
      { slug: 'world-news', articleCount: 3 },
      { slug: 'business', articleCount: 2 },
      { slug: 'sport', articleCount: 1 },
    ]);
    expect(res.data.byName.map((s: { slug: string }) => s.slug)).toEqual([
      'archive',
      'business',
      'sport',
      'world-news',
    ]);
  });
});
