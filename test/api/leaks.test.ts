// Nothing about an article a request may not see leaks through another path: its section and cited
// sources (sections, section, the SectionPage persisted GET, sources, source, node/nodes), cursors, or
// the answers node(id) gives to ids that name nothing.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/tokens.js';
import { seedDatabase as seed } from '../../src/editorial/seed.js';
import { type App, createApp } from '../../src/http/app.js';
import { operationHash, SECTION_PAGE } from '../../src/http/operations.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { errorCodes, type GqlResponse, gql } from '../helpers/gql.js';
import { importTexts } from '../helpers/pages.js';

type Json = any;

let t: TestDatabase;
let app: App;
let WRITE: Record<string, string>;
const PUBLIC: Record<string, string> = {};
let draftId: number;
let sectionId: string;
let sourceId: string;

const CREATE = `mutation ($input: CreateArticleInput!) { createArticle(input: $input) { id slug section { id } sources { id slug } } }`;

beforeAll(async () => {
  t = await createTestDatabase();
  await seed(t.db);
  // Public articles on either side of the draft's publication time.
  await importTexts(
    t.db,
    [1, 2, 3, 4, 5].map((day) => ({
      date: `2020-01-0${day}`,
      section: 'World',
      headline: `Public story of day ${day}`,
      paragraphs: ['Markets were calm, CNN reported.'],
    })),
  );
  app = createApp({ db: t.db, logging: false });
  WRITE = { authorization: `Bearer ${await createApiToken(t.db, 'editor', 'write')}` };
  const res = await gql(
    app,
    CREATE,
    {
      input: {
        headline: 'Embargoed: the ministry prepares a reshuffle',
        section: 'Embargo Desk',
        publishedAt: '2020-01-03T12:00:00.000Z',
        paragraphs: ['The reshuffle is planned for Friday, Secretsource News reported.'],
      },
    },
    WRITE,
  );
  expect(res.errors).toBeUndefined();
  const draft = res.data.createArticle;
  expect(draft.sources.map((s: Json) => s.slug)).toEqual(['secretsource-news']);
  draftId = Number(Buffer.from(draft.id, 'base64').toString().split(':')[1]);
  sectionId = draft.section.id;
  sourceId = draft.sources[0].id;
});
afterAll(async () => t.cleanup());

function ok(res: GqlResponse<Json>): Json {
  expect(res.errors).toBeUndefined();
  return res.data;
}

describe("a draft's section and sources are not public", () => {
  it('sections (both orderings) and section(slug) do not show the section to the public', async () => {
    const q = `{ byName: sections { slug } byCount: sections(orderBy: { field: ARTICLE_COUNT, direction: DESC }) { slug }
      section(slug: "embargo-desk") { slug articleCount } }`;
    const seen = ok(await gql(app, q, {}, PUBLIC));
    expect(seen.byName.map((s: Json) => s.slug)).not.toContain('embargo-desk');
    expect(seen.byCount.map((s: Json) => s.slug)).not.toContain('embargo-desk');
    expect(seen.section).toBeNull();
    // Every section the public sees has a public article.
    for (const s of seen.byName) {
      const count = ok(
        await gql(app, 'query ($s: String!) { section(slug: $s) { articleCount } }', { s: s.slug }),
      );
      expect(count.section.articleCount).toBeGreaterThan(0);
    }
  });

  it('a token holder sees the section and the source of the draft', async () => {
    const q = `{ sections { slug } section(slug: "embargo-desk") { slug articleCount }
      source(slug: "secretsource-news") { slug articleCount } sources(first: 100) { edges { node { slug } } } }`;
    const seen = ok(await gql(app, q, {}, WRITE));
    expect(seen.sections.map((s: Json) => s.slug)).toContain('embargo-desk');
    expect(seen.section).toEqual({ slug: 'embargo-desk', articleCount: 1 });
    expect(seen.source).toEqual({ slug: 'secretsource-news', articleCount: 1 });
    expect(seen.sources.edges.map((e: Json) => e.node.slug)).toContain('secretsource-news');
  });

  it('the SectionPage persisted GET answers null for the section', async () => {
    const extensions = { persistedQuery: { version: 1, sha256Hash: operationHash(SECTION_PAGE) } };
    const response = await app.fetch(
      `http://yoga/graphql?extensions=${encodeURIComponent(JSON.stringify(extensions))}&variables=${encodeURIComponent(JSON.stringify({ slug: 'embargo-desk' }))}`,
      { headers: { accept: 'application/graphql-response+json' } },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { section: null } });
  });

  it('sources, source(slug) and the source filter do not show the source to the public', async () => {
    const q = `{ byName: sources(first: 100) { totalCount edges { node { slug } } }
      byCount: sources(first: 100, orderBy: { field: ARTICLE_COUNT, direction: DESC }) { edges { node { slug } } }
      source(slug: "secretsource-news") { slug } }`;
    const seen = ok(await gql(app, q, {}, PUBLIC));
    expect(seen.byName.edges.map((e: Json) => e.node.slug)).not.toContain('secretsource-news');
    expect(seen.byCount.edges.map((e: Json) => e.node.slug)).not.toContain('secretsource-news');
    expect(seen.source).toBeNull();
  });

  it('node and nodes answer null for the section and the source, exactly as for ids of nothing', async () => {
    const missingSection = encodeGlobalID('Section', 99_999);
    const missingSource = encodeGlobalID('Source', 99_999);
    const one = 'query ($id: ID!) { node(id: $id) { __typename id } }';
    const answers = await Promise.all(
      [sectionId, sourceId, missingSection, missingSource].map((id) => gql(app, one, { id }, PUBLIC)),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ node: null });
    }
    const many = await gql(
      app,
      'query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }',
      { ids: [sectionId, sourceId, missingSection, missingSource] },
      PUBLIC,
    );
    expect(many.errors).toBeUndefined();
    expect(many.data).toEqual({ nodes: [null, null, null, null] });
    // A token holder gets both.
    const seen = ok(
      await gql(
        app,
        'query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }',
        { ids: [sectionId, sourceId] },
        WRITE,
      ),
    );
    expect(seen.nodes).toEqual([
      { __typename: 'Section', id: sectionId },
      { __typename: 'Source', id: sourceId },
    ]);
  });

  it('every node type of the draft answers null to the public', async () => {
    const row = await t.db.article.findUniqueOrThrow({
      where: { id: draftId },
      include: { paragraphs: true },
    });
    const ids = [
      encodeGlobalID('Article', draftId),
      encodeGlobalID('Paragraph', row.paragraphs[0]?.id ?? 0),
      sectionId,
      sourceId,
    ];
    const res = await gql(app, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }, PUBLIC);
    expect(res.errors).toBeUndefined();
    expect(res.data.nodes).toEqual([null, null, null, null]);
  });

  it('a section or source whose only article is deleted is hidden from tokens too', async () => {
    const created = ok(
      await gql(
        app,
        CREATE,
        {
          input: {
            headline: 'Withdrawn story',
            section: 'Withdrawn Desk',
            paragraphs: ['It was all wrong, Retractor Wire reported.'],
          },
        },
        WRITE,
      ),
    ).createArticle;
    ok(await gql(app, 'mutation ($id: ID!) { deleteArticle(id: $id) { id } }', { id: created.id }, WRITE));
    const seen = ok(
      await gql(
        app,
        'query ($ids: [ID!]!) { section(slug: "withdrawn-desk") { slug } source(slug: "retractor-wire") { slug } nodes(ids: $ids) { id } }',
        { ids: [created.section.id, created.sources[0].id] },
        WRITE,
      ),
    );
    expect(seen).toEqual({ section: null, source: null, nodes: [null, null] });
  });
});

describe('cursors are no oracle', () => {
  const PAGE = `query ($after: String) { articles(first: 5, after: $after, orderBy: { field: PUBLISHED_AT, direction: DESC }) {
    edges { node { slug } } } }`;
  const strip = (res: GqlResponse<Json>) => ({ data: res.data, errors: res.errors });

  it("a cursor naming a hidden article's id answers exactly like one naming no article", async () => {
    // Pothos's Prisma cursors were `GPC:N:<id>`: built by hand from a draft's id they paged from it.
    const draftCursor = Buffer.from(`GPC:N:${draftId}`).toString('base64');
    const unknownCursor = Buffer.from('GPC:N:999999').toString('base64');
    const fromDraft = await gql(app, PAGE, { after: draftCursor }, PUBLIC);
    const fromNothing = await gql(app, PAGE, { after: unknownCursor }, PUBLIC);
    expect(strip(fromDraft)).toEqual(strip(fromNothing));
  });

  it('a cursor keeps its place when its article disappears', async () => {
    // Three articles on the list; take the cursor of the middle one, then delete that article's row.
    const texts = ['First', 'Second', 'Third'].map((n, i) => ({
      headline: `${n} cursor story`,
      section: 'Cursor Desk',
      paragraphs: [`Paragraph of the ${n.toLowerCase()} story.`],
      status: 'PUBLISHED',
      publishedAt: new Date(Date.UTC(2001, 0, 1 + i)).toISOString(),
    }));
    for (const input of texts) ok(await gql(app, CREATE, { input }, WRITE));
    const q = `query ($after: String) { section(slug: "cursor-desk") { articles(first: 1, after: $after, orderBy: { field: PUBLISHED_AT, direction: ASC }) {
      edges { cursor node { slug } } } } }`;
    const first = ok(await gql(app, q, {}, PUBLIC)).section.articles.edges[0];
    const second = ok(await gql(app, q, { after: first.cursor }, PUBLIC)).section.articles.edges[0];
    expect(second.node.slug).toBe('second-cursor-story');
    const continued = ok(await gql(app, q, { after: second.cursor }, PUBLIC)).section.articles;
    expect(continued.edges.map((e: Json) => e.node.slug)).toEqual(['third-cursor-story']);
    await t.db.article.delete({ where: { slug: 'second-cursor-story' } });
    const again = ok(await gql(app, q, { after: second.cursor }, PUBLIC)).section.articles;
    expect(again.edges.map((e: Json) => e.node.slug)).toEqual(['third-cursor-story']);
  });
});

describe('node(id) for ids that are not ids of a node', () => {
  const one = 'query ($id: ID!) { node(id: $id) { __typename id } }';

  it('answers an id of a type that is not a node (ApiToken) with BAD_USER_INPUT, saying nothing more', async () => {
    for (const typename of ['ApiToken', 'Revision', 'Query', 'Nope']) {
      const res = await gql(app, one, { id: encodeGlobalID(typename, 1) });
      expect(res.data).toEqual({ node: null });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors?.[0]?.extensions?.field).toBe('id');
      expect(res.errors?.[0]?.message).not.toMatch(/implemented|ApiToken|Revision/);
    }
  });

  it('answers malformed ids with BAD_USER_INPUT', async () => {
    for (const id of ['%%%', '', 'QXJ0aWNsZQ==', Buffer.from('Article:').toString('base64')]) {
      const res = await gql(app, one, { id });
      expect(res.data, id).toEqual({ node: null });
      expect(errorCodes(res), id).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('takes keys as canonical positive integers only: Article:1 is not Article:01, 1e0, 1.0 or " 1"', async () => {
    const canonical = ok(await gql(app, one, { id: encodeGlobalID('Article', 1) }));
    expect(canonical.node).toEqual({ __typename: 'Article', id: encodeGlobalID('Article', 1) });
    for (const key of ['01', '1e0', '1.0', ' 1', '1 ', '+1', '0x1', '0', '-1', '9007199254740993']) {
      const res = await gql(app, one, { id: Buffer.from(`Article:${key}`).toString('base64') });
      expect(res.data, key).toEqual({ node: null });
      expect(errorCodes(res), key).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('nodes answers each bad id at its own position and still resolves the good ones', async () => {
    const good = encodeGlobalID('Article', 1);
    const res = await gql(app, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: [good, encodeGlobalID('ApiToken', 1), encodeGlobalID('Article', 999_999)],
    });
    expect(res.data).toEqual({ nodes: [{ id: good }, null, null] });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.path).toEqual(['nodes', 1]);
    expect(res.errors?.[0]?.extensions?.field).toBe('ids.1');
  });

  it('mutations take the same canonical ids', async () => {
    const res = await gql(
      app,
      'mutation ($id: ID!) { publishArticle(id: $id) { id } }',
      { id: Buffer.from('Article:1e0').toString('base64') },
      WRITE,
    );
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
  });
});
