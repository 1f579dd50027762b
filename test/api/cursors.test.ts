// Keyset cursors on every article list: `articles`, `Section.articles`, `Source.articles` (each in all three
// orderings, both directions, first/after and last/before) and `deletedArticles`. A cursor carries the sort
// values of its own edge, so pages never depend on a row the viewer cannot see, and a cursor is refused
// (BAD_USER_INPUT) by a list ordered another way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/tokens.js';
import { sqlStatementCounter } from '../../src/db.js';
import { type App, createApp } from '../../src/http/app.js';
import { type CursorPosition, decodeCursor, encodeCursor } from '../../src/schema/cursor.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { errorCodes, type GqlResponse, gql } from '../helpers/gql.js';
import { importTexts, type PageSpec } from '../helpers/pages.js';

type Json = any;

let t: TestDatabase;
let app: App;
let TOKEN: Record<string, string>;

// Few dates: publication and update times have ties that only the id breaks.
const SPECS: PageSpec[] = Array.from({ length: 26 }, (_, i) => ({
  date: `2022-0${1 + (i % 3)}-0${1 + (i % 2)}`,
  section: i % 2 === 0 ? 'Harbour Desk' : 'Inland Desk',
  headline: `${['Alpha', 'beta', 'Ålborg', 'Gamma'][i % 4]} report ${(i * 7) % 26}`,
  paragraphs: [`Something happened on day ${i}, ${i % 3 === 0 ? 'Reuters' : 'CNN'} reported.`],
}));

beforeAll(async () => {
  t = await createTestDatabase();
  await importTexts(t.db, SPECS);
  // Hidden rows in between the visible ones: drafts, a scheduled article, deleted ones.
  const all = await t.db.article.findMany({ orderBy: { id: 'asc' }, select: { id: true } });
  for (const [i, { id }] of all.entries()) {
    if (i % 7 === 3) await t.db.article.update({ where: { id }, data: { status: 'DRAFT' } });
    if (i === 11) await t.db.article.update({ where: { id }, data: { publishedAt: new Date('2999-01-01') } });
    if (i % 6 === 5) {
      await t.db.article.update({
        where: { id },
        data: {
          deletedAt: new Date(Date.UTC(2023, 0, 1 + (i % 4))),
          updatedAt: new Date(Date.UTC(2023, 5, 1)),
        },
      });
    }
  }
  // Ties on updatedAt too.
  await t.db.article.updateMany({
    where: { id: { lte: 8 } },
    data: { updatedAt: new Date(Date.UTC(2023, 1, 1)) },
  });
  app = createApp({ db: t.db, logging: false });
  TOKEN = { authorization: `Bearer ${await createApiToken(t.db, 'editor', 'read:drafts')}` };
});
afterAll(async () => t.cleanup());

const FIELDS = ['PUBLISHED_AT', 'HEADLINE', 'UPDATED_AT'] as const;
const DIRECTIONS = ['ASC', 'DESC'] as const;
type Field = (typeof FIELDS)[number];
type Direction = (typeof DIRECTIONS)[number];

interface Row {
  id: number;
  slug: string;
  headlineFolded: string;
  publishedAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  status: string;
  section: { slug: string };
  sources: { source: { slug: string } }[];
}

async function rows(): Promise<Row[]> {
  return t.db.article.findMany({
    include: {
      section: { select: { slug: true } },
      sources: { select: { source: { select: { slug: true } } } },
    },
  });
}

function sortKey(row: Row, field: Field | 'DELETED_AT'): number | string {
  switch (field) {
    case 'HEADLINE':
      return row.headlineFolded;
    case 'UPDATED_AT':
      return row.updatedAt.getTime();
    case 'DELETED_AT':
      return row.deletedAt?.getTime() ?? 0;
    default:
      return row.publishedAt.getTime();
  }
}

function expected(list: Row[], field: Field | 'DELETED_AT', direction: Direction): string[] {
  const sign = direction === 'ASC' ? 1 : -1;
  return [...list]
    .sort((a, b) => {
      const [ka, kb] = [sortKey(a, field), sortKey(b, field)];
      return sign * (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id);
    })
    .map((r) => r.slug);
}

const isPublic = (r: Row) => r.status === 'PUBLISHED' && r.deletedAt === null && r.publishedAt <= new Date();

interface List {
  name: string;
  /** The connection, given the arguments text. */
  query: (args: string) => string;
  pick: (data: Json) => Json;
  rows: (all: Row[]) => Row[];
}

const LISTS: List[] = [
  {
    name: 'articles',
    query: (
      args,
    ) => `query ($first: Int, $after: String, $last: Int, $before: String, $orderBy: ArticleOrder) {
      articles(${args}) { edges { cursor node { slug } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
    pick: (d) => d.articles,
    rows: (all) => all,
  },
  {
    name: 'Section.articles',
    query: (
      args,
    ) => `query ($first: Int, $after: String, $last: Int, $before: String, $orderBy: ArticleOrder) {
      section(slug: "harbour-desk") { articles(${args}) { edges { cursor node { slug } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`,
    pick: (d) => d.section.articles,
    rows: (all) => all.filter((r) => r.section.slug === 'harbour-desk'),
  },
  {
    name: 'Source.articles',
    query: (
      args,
    ) => `query ($first: Int, $after: String, $last: Int, $before: String, $orderBy: ArticleOrder) {
      source(slug: "cnn") { articles(${args}) { edges { cursor node { slug } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`,
    pick: (d) => d.source.articles,
    rows: (all) => all.filter((r) => r.sources.some((s) => s.source.slug === 'cnn')),
  },
];

const ARGS = 'first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy';

async function pageThrough(
  list: List,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
  backwards: boolean,
): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 30; page++) {
    const vars = backwards
      ? { ...variables, last: 4, before: cursor }
      : { ...variables, first: 4, after: cursor };
    const res: GqlResponse<Json> = await gql(app, list.query(ARGS), vars, headers);
    expect(res.errors).toBeUndefined();
    const { edges, pageInfo } = list.pick(res.data);
    const slugs = edges.map((e: Json) => e.node.slug);
    if (backwards) seen.unshift(...slugs);
    else seen.push(...slugs);
    if (edges.length > 0) {
      expect(pageInfo.startCursor).toBe(edges[0].cursor);
      expect(pageInfo.endCursor).toBe(edges.at(-1).cursor);
    }
    if (backwards ? !pageInfo.hasPreviousPage : !pageInfo.hasNextPage) break;
    cursor = backwards ? pageInfo.startCursor : pageInfo.endCursor;
  }
  return seen;
}

describe.each(LISTS)('$name', (list) => {
  for (const field of FIELDS) {
    for (const direction of DIRECTIONS) {
      it(`pages ${field} ${direction} both ways, for the public and for a token`, async () => {
        const all = list.rows(await rows());
        const orderBy = { field, direction };
        for (const [audience, headers, visible] of [
          ['public', {}, all.filter(isPublic)],
          ['token', TOKEN, all.filter((r) => r.deletedAt === null)],
        ] as const) {
          const want = expected(visible, field, direction);
          expect(want.length, audience).toBeGreaterThan(4);
          expect(await pageThrough(list, { orderBy }, headers, false), audience).toEqual(want);
          expect(await pageThrough(list, { orderBy }, headers, true), audience).toEqual(want);
        }
      });
    }
  }

  it('refuses a cursor of another ordering or direction with BAD_USER_INPUT naming the argument', async () => {
    const res = await gql(app, list.query(ARGS), {
      first: 2,
      orderBy: { field: 'HEADLINE', direction: 'ASC' },
    });
    const cursor = list.pick(res.data).pageInfo.endCursor;
    for (const orderBy of [
      { field: 'HEADLINE', direction: 'DESC' },
      { field: 'PUBLISHED_AT', direction: 'ASC' },
      { field: 'UPDATED_AT', direction: 'ASC' },
      undefined,
    ]) {
      for (const [arg, vars] of [
        ['after', { first: 2, after: cursor, orderBy }],
        ['before', { last: 2, before: cursor, orderBy }],
      ] as const) {
        const refused = await gql(app, list.query(ARGS), vars);
        expect(errorCodes(refused), JSON.stringify(orderBy)).toEqual(['BAD_USER_INPUT']);
        expect(refused.errors?.[0]?.extensions?.field).toBe(arg);
      }
    }
  });

  it('takes first/after and last/before together as a window', async () => {
    const orderBy = { field: 'PUBLISHED_AT', direction: 'DESC' };
    const all = await gql(app, list.query(ARGS), { first: 8, orderBy });
    const edges = list.pick(all.data).edges;
    const between = await gql(app, list.query(ARGS), {
      first: 10,
      after: edges[1].cursor,
      before: edges[6].cursor,
      orderBy,
    });
    expect(list.pick(between.data).edges.map((e: Json) => e.node.slug)).toEqual(
      edges.slice(2, 6).map((e: Json) => e.node.slug),
    );
  });
});

describe('Section.articles is loaded with its section', () => {
  it('costs a list of sections no more statements than one section', async () => {
    const statements = async (query: string) => {
      const before = sqlStatementCounter.count;
      const res = await gql(app, query);
      expect(res.errors).toBeUndefined();
      return sqlStatementCounter.count - before;
    };
    const page =
      'articles(first: 3, orderBy: { field: HEADLINE, direction: ASC }) { edges { cursor node { slug section { name } } } }';
    const one = await statements(`{ section(slug: "harbour-desk") { ${page} } }`);
    const all = await statements(`{ sections { slug ${page} } }`);
    expect(all).toBe(one);
  });
});

describe('deletedArticles', () => {
  it('pages most recently deleted first, both ways, with its own cursors', async () => {
    const want = expected(
      (await rows()).filter((r) => r.deletedAt !== null),
      'DELETED_AT',
      'DESC',
    );
    expect(want.length).toBeGreaterThan(3);
    const list: List = {
      name: 'deletedArticles',
      query: (args) => `query ($first: Int, $after: String, $last: Int, $before: String) {
        deletedArticles(${args}) { edges { cursor node { slug } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      pick: (d) => d.deletedArticles,
      rows: (r) => r,
    };
    const args = 'first: $first, after: $after, last: $last, before: $before';
    const forward: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const res: GqlResponse<Json> = await gql(app, list.query(args), { first: 2, after }, TOKEN);
      expect(res.errors).toBeUndefined();
      forward.push(...res.data.deletedArticles.edges.map((e: Json) => e.node.slug));
      if (!res.data.deletedArticles.pageInfo.hasNextPage) break;
      after = res.data.deletedArticles.pageInfo.endCursor;
    }
    expect(forward).toEqual(want);
    const backward: string[] = [];
    let before: string | null = null;
    for (let i = 0; i < 10; i++) {
      const res: GqlResponse<Json> = await gql(app, list.query(args), { last: 2, before }, TOKEN);
      backward.unshift(...res.data.deletedArticles.edges.map((e: Json) => e.node.slug));
      if (!res.data.deletedArticles.pageInfo.hasPreviousPage) break;
      before = res.data.deletedArticles.pageInfo.startCursor;
    }
    expect(backward).toEqual(want);
    // An article list's cursor is not a deleted-list cursor.
    const listed = await gql(app, '{ articles(first: 1) { pageInfo { endCursor } } }');
    const refused = await gql(
      app,
      'query ($c: String) { deletedArticles(first: 1, after: $c) { totalCount } }',
      { c: listed.data.articles.pageInfo.endCursor },
      TOKEN,
    );
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('the cursor format (src/schema/cursor.ts)', () => {
  const position: CursorPosition = {
    field: 'PUBLISHED_AT',
    direction: 'DESC',
    value: new Date('2024-06-20T00:00:00.000Z'),
    id: 42,
  };
  const order = { field: position.field, direction: position.direction };
  const b64url = (text: string) => Buffer.from(text).toString('base64url');

  it('is base64url of [1, field, direction, value, id] and round-trips', () => {
    const cursor = encodeCursor(position);
    expect(Buffer.from(cursor, 'base64url').toString()).toBe(
      '[1,"PUBLISHED_AT","DESC","2024-06-20T00:00:00.000Z",42]',
    );
    expect(decodeCursor(cursor, order, 'after')).toEqual(position);
    const headline = { field: 'HEADLINE', direction: 'ASC', value: 'zurich | talks, "open"', id: 7 } as const;
    expect(decodeCursor(encodeCursor(headline), headline, 'before')).toEqual(headline);
  });

  it('refuses every other spelling, version or value with BAD_USER_INPUT naming the argument', () => {
    const cursor = encodeCursor(position);
    const lookAlikes = [
      `${cursor}=`,
      Buffer.from(cursor, 'base64url').toString('base64'),
      ` ${cursor}`,
      '',
      b64url('[1, "PUBLISHED_AT","DESC","2024-06-20T00:00:00.000Z",42]'),
      b64url('[2,"PUBLISHED_AT","DESC","2024-06-20T00:00:00.000Z",42]'),
      b64url('[1,"PUBLISHED_AT","DESC","2024-06-20T00:00:00.000Z",42.0]'),
      b64url('[1,"PUBLISHED_AT","DESC","2024-06-20T00:00:00.000Z",0]'),
      b64url('[1,"PUBLISHED_AT","DESC","2024-06-20T00:00:00.000Z","42"]'),
      b64url('[1,"PUBLISHED_AT","DESC","2024-06-20",42]'),
      b64url('[1,"PUBLISHED_AT","DESC","2024-02-30T00:00:00.000Z",42]'),
      b64url('[1,"PUBLISHED_AT","DESC",1718841600000,42]'),
      b64url('[1,"SLUG","DESC","x",42]'),
      b64url('{"v":1}'),
      b64url('GPC:N:42'),
      'x'.repeat(5000),
    ];
    for (const bad of lookAlikes) {
      let error: unknown;
      try {
        decodeCursor(bad, order, 'before');
      } catch (e) {
        error = e;
      }
      expect(error, bad).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'before' } });
    }
  });
});
