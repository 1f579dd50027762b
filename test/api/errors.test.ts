// The errors a client gets are the promised ones: a code for everything the client caused, a 4xx where the
// protocol allows it, a 500 for an operation that failed on our side (graphql-response+json), and no stack
// trace in the log for an id that names nothing.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiToken } from '../../src/auth/tokens.js';
import { seedDatabase as seed } from '../../src/editorial/seed.js';
import { type App, createApp } from '../../src/http/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { errorCodes, gql } from '../helpers/gql.js';

let t: TestDatabase;
let app: App;
let WRITE: Record<string, string>;

beforeAll(async () => {
  t = await createTestDatabase();
  await seed(t.db);
  app = createApp({ db: t.db, logging: false });
  WRITE = { authorization: `Bearer ${await createApiToken(t.db, 'editor', 'write')}` };
});
afterAll(async () => t.cleanup());
afterEach(() => {
  vi.restoreAllMocks();
});

const b64 = (text: string) => Buffer.from(text).toString('base64');

// Well-formed cursors of the kind this API used to issue (Pothos's Prisma cursors), with values that
// name nothing or are not ids at all.
const FOREIGN_CURSORS = [
  b64(`GPC:N:${'9'.repeat(30)}`),
  b64('GPC:N:99999'),
  b64('GPC:S:abc'),
  b64('GPC:N:abc'),
  b64('GPC:D:1'),
  b64('OffsetConnection:1'),
];

describe('bad cursors are BAD_USER_INPUT on every article list', () => {
  const lists: [string, string, Record<string, string>][] = [
    ['articles', 'query ($c: String) { articles(first: 2, ARG: $c) { edges { cursor } } }', {}],
    [
      'Section.articles',
      'query ($c: String) { section(slug: "latest-news") { articles(first: 2, ARG: $c) { edges { cursor } } } }',
      {},
    ],
    [
      'Source.articles',
      'query ($c: String) { source(slug: "cnn") { articles(first: 2, ARG: $c) { edges { cursor } } } }',
      {},
    ],
    ['deletedArticles', 'query ($c: String) { deletedArticles(first: 2, ARG: $c) { edges { cursor } } }', {}],
  ];
  for (const [name, query, extraHeaders] of lists) {
    for (const arg of ['after', 'before'] as const) {
      it(`${name}(${arg}:)`, async () => {
        const headers = name === 'deletedArticles' ? WRITE : extraHeaders;
        const document = query
          .replace('ARG', arg)
          .replace('first: 2', arg === 'before' ? 'last: 2' : 'first: 2');
        for (const cursor of FOREIGN_CURSORS) {
          const res = await gql(app, document, { c: cursor }, headers);
          expect(res.status, cursor).toBe(200);
          expect(errorCodes(res), cursor).toEqual(['BAD_USER_INPUT']);
          expect(res.errors?.[0]?.extensions?.field, cursor).toBe(arg);
        }
      });
    }
  }

  it("the reader's /?after= answers a bad cursor with a 400 page", async () => {
    for (const cursor of FOREIGN_CURSORS) {
      const res = await app.fetch(`http://yoga/?after=${encodeURIComponent(cursor)}`, {
        headers: { accept: 'text/html' },
      });
      expect(res.status, cursor).toBe(400);
      expect(await res.text()).toContain('That page of articles does not exist.');
    }
  });
});

describe('GET requests with unreadable parameters are 400 BAD_REQUEST', () => {
  const cases = [
    ['variables is not JSON', `?query=${encodeURIComponent('{ sections { slug } }')}&variables=%7Bnope`],
    ['extensions is not JSON', `?query=${encodeURIComponent('{ sections { slug } }')}&extensions=nope`],
    [
      'variables is truncated JSON',
      `?query=${encodeURIComponent('{ sections { slug } }')}&variables=%7B%22a%22%3A`,
    ],
  ];
  for (const accept of ['application/graphql-response+json', 'application/json']) {
    for (const [name, search] of cases) {
      it(`${name} (${accept})`, async () => {
        const res = await app.fetch(`http://yoga/graphql${search}`, { headers: { accept } });
        expect(res.status).toBe(400);
        const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
        expect(body.errors.map((e) => e.extensions.code)).toEqual(['BAD_REQUEST']);
        expect(body.errors[0]?.message).toMatch(/`(variables|extensions)` .*JSON/);
      });
    }
  }
});

describe('ids that name nothing are not internal errors', () => {
  it('node/nodes of missing Source and Section ids answer null with no error and log nothing', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const loud = createApp({ db: t.db, logging: 'error' });
    const ids = [
      encodeGlobalID('Source', 99_999),
      encodeGlobalID('Section', 99_999),
      'U291cmNlOjk5OTk5', // Source:99999
    ];
    for (const id of ids) {
      const res = await gql(loud, 'query ($id: ID!) { node(id: $id) { id ... on Source { name } } }', { id });
      expect(res.errors, id).toBeUndefined();
      expect(res.data).toEqual({ node: null });
    }
    const many = await gql(loud, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(many.errors).toBeUndefined();
    expect(many.data).toEqual({ nodes: [null, null, null] });
    const bySlug = await gql(loud, '{ source(slug: "nobody") { articles { totalCount } } }');
    expect(bySlug.errors).toBeUndefined();
    expect(logged).not.toHaveBeenCalled();
  });
});

describe('HTTP status of failed operations', () => {
  let broken: TestDatabase;
  let brokenApp: App;
  let token: Record<string, string>;
  beforeAll(async () => {
    broken = await createTestDatabase();
    await seed(broken.db);
    token = { authorization: `Bearer ${await createApiToken(broken.db, 'editor', 'write')}` };
    brokenApp = createApp({ db: broken.db, logging: false });
    // Every write records a revision, and every related link lives here: both now fail inside the database.
    await broken.db.$executeRawUnsafe('DROP TABLE "Revision"');
    await broken.db.$executeRawUnsafe('DROP TABLE "RelatedLink"');
  });
  afterAll(async () => broken.cleanup());

  const CREATE = `mutation ($input: CreateArticleInput!) { createArticle(input: $input) { id } }`;
  const input = { headline: 'Doomed', section: 'World', paragraphs: ['A paragraph.'] };

  async function post(
    target: App,
    query: string,
    variables: Record<string, unknown>,
    headers: Record<string, string>,
  ) {
    const res = await target.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as any };
  }

  it('a mutation that fails on our side is 500 with application/graphql-response+json', async () => {
    const res = await post(
      brokenApp,
      CREATE,
      { input },
      {
        ...token,
        accept: 'application/graphql-response+json',
      },
    );
    expect(res.status).toBe(500);
    expect(res.type).toContain('application/graphql-response+json');
    expect(res.body.data).toBeNull();
    expect(res.body.errors.map((e: any) => e.message)).toEqual(['Unexpected error.']);
    expect(JSON.stringify(res.body)).not.toMatch(/Revision|sqlite|prisma|stack/i);
  });

  it('a query whose every result failed on our side is 500 too; partial data stays 200', async () => {
    const failed = await post(
      brokenApp,
      '{ articles { edges { node { relatedLinks { title } } } } }',
      {},
      {
        accept: 'application/graphql-response+json',
      },
    );
    expect(failed.status).toBe(500);
    expect(failed.body.data).toBeNull();
    const partial = await post(
      brokenApp,
      '{ sections { slug } article(slug: "xi-putin-sign-issue-joint-statement-on-deepening-china-russia-ties") { relatedLinks { title } } }',
      {},
      { accept: 'application/graphql-response+json' },
    );
    expect(partial.status).toBe(200);
    expect(partial.body.data.sections.length).toBeGreaterThan(0);
    expect(partial.body.data.article).toBeNull();
  });

  it('application/json keeps 200 for a well-formed request (the spec discourages 5xx there)', async () => {
    const res = await post(brokenApp, CREATE, { input }, { ...token, accept: 'application/json' });
    expect(res.status).toBe(200);
    expect(res.body.errors.map((e: any) => e.message)).toEqual(['Unexpected error.']);
  });

  it('client errors keep their codes and statuses', async () => {
    const accept = { accept: 'application/graphql-response+json' };
    const invalid = await post(app, CREATE, { input: { ...input, headline: '' } }, { ...WRITE, ...accept });
    expect(invalid.status).toBe(200);
    expect(invalid.body.errors.map((e: any) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
    const anonymous = await post(app, CREATE, { input }, accept);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.errors.map((e: any) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    const missing = await post(
      app,
      'mutation ($id: ID!) { publishArticle(id: $id) { id } }',
      { id: encodeGlobalID('Article', 99_999) },
      { ...WRITE, ...accept },
    );
    expect(missing.status).toBe(200);
    expect(missing.body.errors.map((e: any) => e.extensions.code)).toEqual(['NOT_FOUND']);
    const badToken = await post(
      app,
      '{ sections { slug } }',
      {},
      { authorization: 'Bearer nope', ...accept },
    );
    expect(badToken.status).toBe(401);
    const invalidQuery = await post(app, '{ nope }', {}, accept);
    expect(invalidQuery.status).toBe(400);
  });
});
