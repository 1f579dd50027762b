// The editorial write path through HTTP: tokens, every mutation, validation, drafts/schedule/deleted
// visibility on every read path, revisions and restore, and the write hook.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiToken, revokeApiToken } from '../../src/auth/tokens.js';
import { type ContentChange, onContentChange } from '../../src/editorial/events.js';
import { nextScheduledPublishAt } from '../../src/editorial/publication.js';
import { SEED_SLUG } from '../helpers/fixtures.js';
import { errorCodes, type GqlResponse, gql } from '../helpers/gql.js';
import { setupSuite } from '../helpers/suite.js';

type Json = any;

const t = setupSuite({
  seed: true,
  tokens: { write: ['editor', 'write'], preview: ['previewer', 'read:drafts'] },
});
const WRITE = t.auth.write;
const PREVIEW = t.auth.preview;
const PUBLIC: Record<string, string> = {};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
afterEach(() => {
  vi.useRealTimers();
});

const ARTICLE_FIELDS = /* GraphQL */ `
  id slug headline dateline publishedAt status publicationState deletedAt wordCount
  section { slug name }
  paragraphs { position text citations { phrase source { name } } }
  sources { name }
  relatedLinks { position title url }
`;

const CREATE = /* GraphQL */ `
  mutation ($input: CreateArticleInput!) { createArticle(input: $input) { ${ARTICLE_FIELDS} } }
`;
const UPDATE = /* GraphQL */ `
  mutation ($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, input: $input) { ${ARTICLE_FIELDS} } }
`;
const PUBLISH = `mutation ($id: ID!, $at: DateTime) { publishArticle(id: $id, publishedAt: $at) { ${ARTICLE_FIELDS} } }`;
const UNPUBLISH = `mutation ($id: ID!) { unpublishArticle(id: $id) { ${ARTICLE_FIELDS} } }`;
const SCHEDULE = `mutation ($id: ID!, $at: DateTime!) { scheduleArticle(id: $id, publishAt: $at) { ${ARTICLE_FIELDS} } }`;
const DELETE = `mutation ($id: ID!) { deleteArticle(id: $id) { id deletedAt publicationState } }`;
const UNDELETE = `mutation ($id: ID!) { undeleteArticle(id: $id) { ${ARTICLE_FIELDS} } }`;
const IMPORT = /* GraphQL */ `
  mutation ($text: String!, $status: ArticleStatus) {
    importArticlePage(text: $text, status: $status) { outcome article { ${ARTICLE_FIELDS} } }
  }
`;
const RESTORE = `mutation ($id: ID!) { restoreRevision(id: $id) { ${ARTICLE_FIELDS} } }`;
const REVISIONS = /* GraphQL */ `
  query ($slug: String!) {
    article(slug: $slug) {
      id
      revisions {
        id number action author createdAt changedFields
        previous { slug headline section dateline publishedAt status deleted paragraphs relatedLinks { title url } }
      }
    }
  }
`;

function ok<T = Json>(res: GqlResponse<T>): T {
  expect(res.errors).toBeUndefined();
  return res.data as T;
}

let counter = 0;
/** A fresh valid create input; each call gets its own headline. */
function draftInput(overrides: Record<string, unknown> = {}) {
  counter++;
  return {
    headline: `Editorial test story number ${counter}`,
    section: 'World',
    dateline: 'Paris',
    paragraphs: [
      'Talks resumed on Monday, Reuters reported.',
      'The ministers met for two hours, CNN reported.',
    ],
    relatedLinks: [{ title: 'Earlier talks', url: 'https://example.com/earlier' }],
    ...overrides,
  };
}

async function createDraft(overrides: Record<string, unknown> = {}) {
  return ok(await gql(t.app, CREATE, { input: draftInput(overrides) }, WRITE)).createArticle;
}

async function articleCount(): Promise<number> {
  return t.db.article.count();
}

describe('API tokens', () => {
  it('lets public reads through without a token', async () => {
    const res = await gql(t.app, '{ articles { totalCount } }');
    expect(ok(res).articles.totalCount).toBeGreaterThan(0);
  });

  it('refuses a malformed, unknown, forged or revoked token with UNAUTHENTICATED, even on a public read', async () => {
    const real = await createApiToken(t.db, 'soon-revoked', 'write');
    const [, lookupId] = real.split('_');
    const forged = `nrt_${lookupId}_${'A'.repeat(43)}`;
    const unknown = `nrt_0123456789abcdef_${'B'.repeat(43)}`;
    expect(
      ok(await gql(t.app, '{ articles { totalCount } }', {}, bearer(real))).articles.totalCount,
    ).toBeGreaterThan(0);
    await revokeApiToken(t.db, 'soon-revoked');
    for (const headers of [
      { authorization: 'Basic dXNlcjpwYXNz' },
      { authorization: 'Bearer' },
      bearer('not-a-token'),
      bearer(unknown),
      bearer(forged),
      bearer(real),
    ]) {
      const res = await gql(t.app, '{ articles { totalCount } }', {}, headers);
      expect(errorCodes(res), JSON.stringify(headers)).toEqual(['UNAUTHENTICATED']);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(res.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
      expect(res.data ?? null).toBeNull();
    }
  });

  it('stores only a hash of the secret and records when a token was last used', async () => {
    const row = await t.db.apiToken.findUniqueOrThrow({ where: { name: 'editor' } });
    const token = WRITE.authorization?.slice('Bearer '.length) ?? '';
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(token).not.toContain(row.secretHash);
    expect(JSON.stringify(row)).not.toContain(token.split('_').slice(2).join('_'));
    await gql(t.app, '{ articles { totalCount } }', {}, WRITE);
    // lastUsedAt is bookkeeping written after the answer, never awaited by the request.
    await vi.waitFor(async () => {
      const used = await t.db.apiToken.findUniqueOrThrow({ where: { name: 'editor' } });
      expect(used.lastUsedAt).toBeInstanceOf(Date);
    });
  });

  it('answers every mutation with UNAUTHENTICATED without a token and FORBIDDEN with a read:drafts token', async () => {
    const draft = await createDraft();
    const revision = await t.db.revision.findFirstOrThrow({ where: { articleId: Number(decode(draft.id)) } });
    const revisionId = encodeGlobalID('Revision', revision.id);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const calls: [string, Record<string, unknown>][] = [
      [CREATE, { input: draftInput() }],
      [UPDATE, { id: draft.id, input: { headline: 'Changed' } }],
      [PUBLISH, { id: draft.id }],
      [UNPUBLISH, { id: draft.id }],
      [SCHEDULE, { id: draft.id, at: future }],
      [DELETE, { id: draft.id }],
      [UNDELETE, { id: draft.id }],
      [IMPORT, { text: 'Monday, 3 March 2025\nWorld\nA page\nBody text.\n' }],
      [RESTORE, { id: revisionId }],
    ];
    const before = { articles: await articleCount(), revisions: await t.db.revision.count() };
    for (const [query, variables] of calls) {
      expect(errorCodes(await gql(t.app, query, variables, PUBLIC)), query).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await gql(t.app, query, variables, PREVIEW)), query).toEqual(['FORBIDDEN']);
    }
    expect({ articles: await articleCount(), revisions: await t.db.revision.count() }).toEqual(before);
    const stored = await t.db.article.findUniqueOrThrow({ where: { slug: draft.slug } });
    expect(stored).toMatchObject({ headline: draft.headline, status: 'DRAFT', deletedAt: null });
  });
});

function decode(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString('utf8').split(':')[1] ?? '';
}

describe('createArticle', () => {
  it('creates a draft with citations and sources derived from the text, as the page parser does', async () => {
    const a = await createDraft({
      paragraphs: [
        'Talks resumed on Monday, Reuters reported.',
        '  The ministers   met, CNN reported, and Reuters reported again.  ',
      ],
    });
    expect(a).toMatchObject({
      status: 'DRAFT',
      publicationState: 'DRAFT',
      dateline: 'Paris',
      section: { slug: 'world', name: 'World' },
      relatedLinks: [{ position: 1, title: 'Earlier talks', url: 'https://example.com/earlier' }],
      wordCount: 15,
    });
    expect(a.slug).toBe(`editorial-test-story-number-${counter}`);
    expect(a.paragraphs.map((p: Json) => p.text)).toEqual([
      'Talks resumed on Monday, Reuters reported.',
      'The ministers met, CNN reported, and Reuters reported again.',
    ]);
    expect(
      a.paragraphs.flatMap((p: Json) => p.citations.map((c: Json) => [c.phrase, c.source.name])),
    ).toEqual([
      ['Reuters reported', 'Reuters'],
      ['CNN reported', 'CNN'],
      ['Reuters reported', 'Reuters'],
    ]);
    expect(a.sources.map((s: Json) => s.name)).toEqual(['Reuters', 'CNN']);
  });

  it('can create a published article, dated now by default', async () => {
    const before = Date.now();
    const a = await createDraft({ status: 'PUBLISHED' });
    expect(a.publicationState).toBe('PUBLISHED');
    expect(Date.parse(a.publishedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(ok(await gql(t.app, `{ article(slug: "${a.slug}") { slug } }`)).article).toEqual({
      slug: a.slug,
    });
  });

  it('refuses a slug that is taken, by a live or a deleted article, with CONFLICT', async () => {
    const a = await createDraft();
    const byHeadline = await gql(t.app, CREATE, { input: draftInput({ headline: a.headline }) }, WRITE);
    expect(errorCodes(byHeadline)).toEqual(['CONFLICT']);
    expect(byHeadline.errors?.[0]?.extensions?.field).toBe('input.headline');
    const bySlug = await gql(t.app, CREATE, { input: draftInput({ slug: SEED_SLUG }) }, WRITE);
    expect(errorCodes(bySlug)).toEqual(['CONFLICT']);
    expect(bySlug.errors?.[0]?.extensions?.field).toBe('input.slug');
    ok(await gql(t.app, DELETE, { id: a.id }, WRITE));
    const deleted = await gql(t.app, CREATE, { input: draftInput({ slug: a.slug }) }, WRITE);
    expect(errorCodes(deleted)).toEqual(['CONFLICT']);
    expect(deleted.errors?.[0]?.message).toMatch(/deleted article/);
  });
});

describe('validation', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['empty headline', { headline: '   ' }, 'input.headline'],
    ['headline over 300 characters', { headline: 'x'.repeat(301) }, 'input.headline'],
    ['headline with a line break', { headline: 'Two\nlines' }, 'input.headline'],
    ['empty section', { section: '' }, 'input.section'],
    ['no paragraphs', { paragraphs: [] }, 'input.paragraphs'],
    ['a blank paragraph', { paragraphs: ['Fine.', ' '] }, 'input.paragraphs.1'],
    ['a paragraph with a line break', { paragraphs: ['One\n\nTwo'] }, 'input.paragraphs.0'],
    ['a slug with spaces', { slug: 'Not A Slug' }, 'input.slug'],
    ['a slug with a double hyphen', { slug: 'a--b' }, 'input.slug'],
    ['a dateline over 40 characters', { dateline: 'x'.repeat(41) }, 'input.dateline'],
    [
      'a non-http url',
      { relatedLinks: [{ title: 'x', url: 'ftp://example.com' }] },
      'input.relatedLinks.0.url',
    ],
    ['an empty link title', { relatedLinks: [{ title: '', url: null }] }, 'input.relatedLinks.0.title'],
  ];
  for (const [what, overrides, field] of cases) {
    it(`createArticle refuses ${what} with BAD_USER_INPUT on ${field}`, async () => {
      const before = await articleCount();
      const res = await gql(t.app, CREATE, { input: draftInput(overrides) }, WRITE);
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors?.[0]?.extensions?.field).toBe(field);
      expect(await articleCount()).toBe(before);
    });
  }

  it('updateArticle refuses bad fields, explicit nulls, an empty change and bad ids', async () => {
    const a = await createDraft();
    const revisions = await t.db.revision.count();
    const updateCases: [Record<string, unknown>, string][] = [
      [{ id: a.id, input: {} }, 'input'],
      [{ id: a.id, input: { headline: null } }, 'input.headline'],
      [{ id: a.id, input: { paragraphs: null } }, 'input.paragraphs'],
      [{ id: a.id, input: { slug: 'UPPER' } }, 'input.slug'],
      [
        { id: a.id, input: { relatedLinks: [{ title: 'x', url: 'javascript:alert(1)' }] } },
        'input.relatedLinks.0.url',
      ],
      [{ id: 'not-an-id', input: { headline: 'x' } }, 'id'],
      [{ id: encodeGlobalID('Section', 1), input: { headline: 'x' } }, 'id'],
    ];
    for (const [variables, field] of updateCases) {
      const res = await gql(t.app, UPDATE, variables, WRITE);
      expect(errorCodes(res), JSON.stringify(variables)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors?.[0]?.extensions?.field).toBe(field);
    }
    expect(await t.db.revision.count()).toBe(revisions);
    const stored = ok(await gql(t.app, `{ article(slug: "${a.slug}") { headline } }`, {}, WRITE));
    expect(stored.article.headline).toBe(a.headline);
  });

  it('answers NOT_FOUND for an article or revision id that does not exist', async () => {
    const missing = encodeGlobalID('Article', 999_999);
    for (const [query, variables] of [
      [UPDATE, { id: missing, input: { headline: 'x' } }],
      [PUBLISH, { id: missing }],
      [UNPUBLISH, { id: missing }],
      [DELETE, { id: missing }],
      [UNDELETE, { id: missing }],
      [RESTORE, { id: encodeGlobalID('Revision', 999_999) }],
    ] as const) {
      expect(errorCodes(await gql(t.app, query, variables, WRITE)), query).toEqual(['NOT_FOUND']);
    }
  });

  it('scheduleArticle refuses a time that is not in the future', async () => {
    const a = await createDraft();
    const res = await gql(t.app, SCHEDULE, { id: a.id, at: '2020-01-01T00:00:00.000Z' }, WRITE);
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions?.field).toBe('publishAt');
  });

  it('importArticlePage refuses an unreadable page naming its line, and an empty one', async () => {
    const bad = await gql(t.app, IMPORT, { text: 'not a date\nWorld\nHeadline\nBody.\n' }, WRITE);
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ field: 'text', line: 1 });
    const noBody = await gql(t.app, IMPORT, { text: 'Monday, 3 March 2025\nWorld\nHeadline only\n' }, WRITE);
    expect(noBody.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text', line: 4 });
    const empty = await gql(t.app, IMPORT, { text: '' }, WRITE);
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
  });

  it('lists every issue, not only the first', async () => {
    const res = await gql(t.app, CREATE, { input: draftInput({ headline: '', section: '' }) }, WRITE);
    expect(res.errors?.[0]?.extensions?.issues).toEqual([
      { field: 'input.headline', message: 'must not be empty' },
      { field: 'input.section', message: 'must not be empty' },
    ]);
  });
});

describe('updateArticle', () => {
  it('keeps the slug when the headline changes, unless a new slug is asked for', async () => {
    const a = await createDraft();
    const renamed = ok(
      await gql(t.app, UPDATE, { id: a.id, input: { headline: 'A brand new headline' } }, WRITE),
    );
    expect(renamed.updateArticle).toMatchObject({ id: a.id, slug: a.slug, headline: 'A brand new headline' });
    const moved = ok(await gql(t.app, UPDATE, { id: a.id, input: { slug: 'a-brand-new-headline' } }, WRITE));
    expect(moved.updateArticle).toMatchObject({ id: a.id, slug: 'a-brand-new-headline' });
    expect(ok(await gql(t.app, `{ article(slug: "${a.slug}") { id } }`, {}, WRITE)).article).toBeNull();
    const taken = await gql(t.app, UPDATE, { id: a.id, input: { slug: SEED_SLUG } }, WRITE);
    expect(errorCodes(taken)).toEqual(['CONFLICT']);
    expect(taken.errors?.[0]?.extensions?.field).toBe('input.slug');
  });

  it('re-derives citations and sources from new paragraphs and replaces related links', async () => {
    const a = await createDraft();
    const res = ok(
      await gql(
        t.app,
        UPDATE,
        {
          id: a.id,
          input: {
            paragraphs: ['Prices rose, according to Xinhua.', 'Nothing cited here.'],
            relatedLinks: [{ title: 'Only link' }],
            dateline: null,
            section: 'Business',
          },
        },
        WRITE,
      ),
    ).updateArticle;
    expect(res.sources.map((s: Json) => s.name)).toEqual(['Xinhua']);
    expect(res.paragraphs[0].citations).toEqual([
      { phrase: 'according to Xinhua', source: { name: 'Xinhua' } },
    ]);
    expect(res.relatedLinks).toEqual([{ position: 1, title: 'Only link', url: null }]);
    expect(res.dateline).toBeNull();
    expect(res.section).toEqual({ slug: 'business', name: 'Business' });
    expect(res.headline).toBe(a.headline);
    const citations = await t.db.citation.count({
      where: { paragraph: { articleId: Number(decode(a.id)) } },
    });
    expect(citations).toBe(1);
  });

  it('cannot edit a deleted article', async () => {
    const a = await createDraft();
    ok(await gql(t.app, DELETE, { id: a.id }, WRITE));
    const res = await gql(t.app, UPDATE, { id: a.id, input: { headline: 'Ghost' } }, WRITE);
    expect(errorCodes(res)).toEqual(['NOT_FOUND']);
  });
});

describe('drafts, schedule and deletion on every read path', () => {
  const HIDDEN_SOURCE = 'Zvezda TV';
  let draft: Json;
  let scheduled: Json;
  let published: Json;
  let deleted: Json;
  let publishAt: Date;

  beforeAll(async () => {
    const cite = [`The drills began, ${HIDDEN_SOURCE} reported.`];
    draft = await createDraft({ section: 'Hidden Desk', paragraphs: cite });
    scheduled = await createDraft({ section: 'Hidden Desk', paragraphs: cite });
    publishAt = new Date(Date.now() + 3_600_000);
    scheduled = ok(
      await gql(t.app, SCHEDULE, { id: scheduled.id, at: publishAt.toISOString() }, WRITE),
    ).scheduleArticle;
    deleted = await createDraft({ section: 'Hidden Desk', paragraphs: cite, status: 'PUBLISHED' });
    ok(await gql(t.app, DELETE, { id: deleted.id }, WRITE));
    published = await createDraft({ section: 'Hidden Desk', status: 'PUBLISHED' });
    // Point the published article's related link at the draft, as the related-link matcher would.
    const link = await t.db.relatedLink.findFirstOrThrow({
      where: { articleId: Number(decode(published.id)) },
    });
    await t.db.relatedLink.update({
      where: { id: link.id },
      data: { targetArticleId: Number(decode(draft.id)) },
    });
  });

  const hiddenSlugs = () => [draft.slug, scheduled.slug, deleted.slug];

  async function readAll(headers: Record<string, string>) {
    const one = async (slug: string) =>
      ok(await gql(t.app, 'query ($s: String!) { article(slug: $s) { slug } }', { s: slug }, headers))
        .article;
    const node = async (id: string) =>
      ok(await gql(t.app, 'query ($id: ID!) { node(id: $id) { id } }', { id }, headers)).node;
    const list = ok(
      await gql(t.app, '{ articles(first: 100) { totalCount edges { node { slug } } } }', {}, headers),
    ).articles;
    const section = ok(
      await gql(
        t.app,
        '{ section(slug: "hidden-desk") { articles(first: 100) { totalCount edges { node { slug } } } } }',
        {},
        headers,
      ),
    ).section.articles;
    const source = ok(
      await gql(
        t.app,
        'query ($s: String!) { source(slug: $s) { citationCount articles { totalCount edges { node { slug } } } } }',
        { s: 'zvezda-tv' },
        headers,
      ),
    ).source;
    const sources = ok(
      await gql(t.app, '{ sources(first: 100) { totalCount edges { node { slug } } } }', {}, headers),
    ).sources;
    const linked = ok(
      await gql(
        t.app,
        'query ($s: String!) { article(slug: $s) { relatedLinks { article { slug } } } }',
        { s: published.slug },
        headers,
      ),
    ).article.relatedLinks[0].article;
    const search = ok(
      await gql(
        t.app,
        '{ search(query: "drills", first: 100) { totalCount edges { node { slug } } } }',
        {},
        headers,
      ),
    ).search;
    const draftRow = await t.db.article.findUniqueOrThrow({
      where: { slug: draft.slug },
      include: { paragraphs: true, relatedLinks: true },
    });
    const paragraphNode = await node(encodeGlobalID('Paragraph', draftRow.paragraphs[0]?.id ?? 0));
    const linkNode = await node(encodeGlobalID('RelatedLink', draftRow.relatedLinks[0]?.id ?? 0));
    const slugsOf = (c: Json) => c.edges.map((e: Json) => e.node.slug);
    return {
      article: Object.fromEntries(
        await Promise.all(hiddenSlugs().map(async (s) => [s, (await one(s))?.slug ?? null])),
      ),
      node: Object.fromEntries(
        await Promise.all(
          [draft, scheduled, deleted].map(async (a) => [a.slug, (await node(a.id))?.id ?? null]),
        ),
      ),
      articles: { total: list.totalCount, slugs: slugsOf(list) },
      search: { total: search.totalCount, slugs: slugsOf(search) },
      section: { total: section.totalCount, slugs: slugsOf(section) },
      source: source && {
        citations: source.citationCount,
        total: source.articles.totalCount,
        slugs: slugsOf(source.articles),
      },
      sourceListed: slugsOf(sources).includes('zvezda-tv'),
      sourcesTotal: sources.totalCount,
      relatedArticle: linked?.slug ?? null,
      paragraphNode: paragraphNode?.id ?? null,
      linkNode: linkNode?.id ?? null,
    };
  }

  it('hides drafts, scheduled and deleted articles from public requests everywhere, counts included', async () => {
    const seen = await readAll(PUBLIC);
    expect(seen.article).toEqual({ [draft.slug]: null, [scheduled.slug]: null, [deleted.slug]: null });
    expect(seen.node).toEqual({ [draft.slug]: null, [scheduled.slug]: null, [deleted.slug]: null });
    for (const slug of hiddenSlugs()) {
      expect(seen.articles.slugs).not.toContain(slug);
      expect(seen.section.slugs).not.toContain(slug);
    }
    expect(seen.articles.total).toBe(
      await t.db.article.count({
        where: { status: 'PUBLISHED', deletedAt: null, publishedAt: { lte: new Date() } },
      }),
    );
    expect(seen.section).toEqual({ total: 1, slugs: [published.slug] });
    expect(seen.search).toEqual({ total: 0, slugs: [] });
    expect(seen.source).toBeNull();
    expect(seen.sourceListed).toBe(false);
    expect(seen.relatedArticle).toBeNull();
    expect(seen.paragraphNode).toBeNull();
    expect(seen.linkNode).toBeNull();
  });

  it('shows drafts and scheduled articles, but not deleted ones, to read:drafts and write tokens', async () => {
    for (const headers of [PREVIEW, WRITE]) {
      const seen = await readAll(headers);
      expect(seen.article).toEqual({
        [draft.slug]: draft.slug,
        [scheduled.slug]: scheduled.slug,
        [deleted.slug]: null,
      });
      expect(seen.node).toEqual({
        [draft.slug]: draft.id,
        [scheduled.slug]: scheduled.id,
        [deleted.slug]: null,
      });
      expect(seen.section.total).toBe(3);
      expect(seen.section.slugs.sort()).toEqual([draft.slug, scheduled.slug, published.slug].sort());
      expect(seen.search.total).toBe(2);
      expect(seen.search.slugs.sort()).toEqual([draft.slug, scheduled.slug].sort());
      expect(seen.source).toEqual({
        citations: 2,
        total: 2,
        slugs: expect.arrayContaining([draft.slug, scheduled.slug]),
      });
      expect(seen.sourceListed).toBe(true);
      expect(seen.relatedArticle).toBe(draft.slug);
      expect(seen.paragraphNode).not.toBeNull();
      expect(seen.linkNode).not.toBeNull();
    }
  });

  it('publishes a scheduled article by itself once its time has come', async () => {
    expect(scheduled.publicationState).toBe('SCHEDULED');
    expect(await nextScheduledPublishAt(t.db, new Date())).toEqual(publishAt);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(publishAt.getTime() + 1000));
    const res = ok(
      await gql(t.app, 'query ($s: String!) { article(slug: $s) { slug publicationState } }', {
        s: scheduled.slug,
      }),
    );
    expect(res.article).toEqual({ slug: scheduled.slug, publicationState: 'PUBLISHED' });
    // Search compares publishedAt in SQL: the same moment makes it findable there too.
    const found = ok(await gql(t.app, '{ search(query: "drills", first: 10) { edges { node { slug } } } }'));
    expect(found.search.edges.map((e: Json) => e.node.slug)).toEqual([scheduled.slug]);
    expect(await nextScheduledPublishAt(t.db, new Date())).toBeNull();
  });

  it('lists deleted articles to tokens only, for undo', async () => {
    const q = '{ deletedArticles { totalCount edges { node { slug publicationState deletedAt } } } }';
    expect(errorCodes(await gql(t.app, q))).toEqual(['UNAUTHENTICATED']);
    const res = ok(await gql(t.app, q, {}, PREVIEW)).deletedArticles;
    expect(res.edges.map((e: Json) => e.node.slug)).toContain(deleted.slug);
    expect(res.edges[0].node.publicationState).toBe('DELETED');
  });
});

describe('publish, unpublish, schedule, delete, undelete', () => {
  it('moves an article through its life, each step recorded as a revision', async () => {
    const a = await createDraft();
    const visible = async () =>
      ok(await gql(t.app, 'query ($s: String!) { article(slug: $s) { slug } }', { s: a.slug })).article !==
      null;
    expect(await visible()).toBe(false);

    const published = ok(await gql(t.app, PUBLISH, { id: a.id }, WRITE)).publishArticle;
    expect(published.publicationState).toBe('PUBLISHED');
    expect(await visible()).toBe(true);

    expect(ok(await gql(t.app, UNPUBLISH, { id: a.id }, WRITE)).unpublishArticle.publicationState).toBe(
      'DRAFT',
    );
    expect(await visible()).toBe(false);

    const at = new Date(Date.now() + 86_400_000).toISOString();
    const scheduled = ok(await gql(t.app, SCHEDULE, { id: a.id, at }, WRITE)).scheduleArticle;
    expect(scheduled).toMatchObject({ status: 'PUBLISHED', publicationState: 'SCHEDULED', publishedAt: at });
    expect(await visible()).toBe(false);

    const backdated = ok(
      await gql(t.app, PUBLISH, { id: a.id, at: '2024-01-02T03:04:05.000Z' }, WRITE),
    ).publishArticle;
    expect(backdated).toMatchObject({
      publicationState: 'PUBLISHED',
      publishedAt: '2024-01-02T03:04:05.000Z',
    });

    const gone = ok(await gql(t.app, DELETE, { id: a.id }, WRITE)).deleteArticle;
    expect(gone).toMatchObject({ id: a.id, publicationState: 'DELETED' });
    expect(gone.deletedAt).not.toBeNull();
    expect(await visible()).toBe(false);
    expect(errorCodes(await gql(t.app, DELETE, { id: a.id }, WRITE))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await gql(t.app, PUBLISH, { id: a.id }, WRITE))).toEqual(['NOT_FOUND']);

    const back = ok(await gql(t.app, UNDELETE, { id: a.id }, WRITE)).undeleteArticle;
    expect(back).toMatchObject({ publicationState: 'PUBLISHED', deletedAt: null, headline: a.headline });
    expect(await visible()).toBe(true);
    expect(errorCodes(await gql(t.app, UNDELETE, { id: a.id }, WRITE))).toEqual(['NOT_FOUND']);

    const revisions = ok(await gql(t.app, REVISIONS, { slug: a.slug }, PREVIEW)).article.revisions;
    expect(revisions.map((r: Json) => [r.number, r.action, r.author, r.changedFields])).toEqual([
      [7, 'UNDELETE', 'editor', ['deleted']],
      [6, 'DELETE', 'editor', ['deleted']],
      [5, 'PUBLISH', 'editor', ['publishedAt']],
      [4, 'SCHEDULE', 'editor', ['publishedAt', 'status']],
      [3, 'UNPUBLISH', 'editor', ['status']],
      [2, 'PUBLISH', 'editor', expect.arrayContaining(['status'])],
      [1, 'CREATE', 'editor', expect.arrayContaining(['headline', 'paragraphs'])],
    ]);
  });
});

describe('revisions', () => {
  it('lists who changed what, with the state before, newest first; only to tokens', async () => {
    const a = await createDraft();
    ok(await gql(t.app, UPDATE, { id: a.id, input: { headline: 'Second headline' } }, WRITE));
    ok(await gql(t.app, UPDATE, { id: a.id, input: { paragraphs: ['Third version of the text.'] } }, WRITE));
    const revisions = ok(await gql(t.app, REVISIONS, { slug: a.slug }, WRITE)).article.revisions;
    expect(revisions.map((r: Json) => [r.number, r.action, r.changedFields])).toEqual([
      [3, 'UPDATE', ['paragraphs']],
      [2, 'UPDATE', ['headline']],
      [1, 'CREATE', expect.any(Array)],
    ]);
    expect(revisions[0].previous.headline).toBe('Second headline');
    expect(revisions[0].previous.paragraphs).toEqual(a.paragraphs.map((p: Json) => p.text));
    expect(revisions[1].previous).toMatchObject({
      headline: a.headline,
      slug: a.slug,
      status: 'DRAFT',
      deleted: false,
    });
    expect(revisions[2].previous).toBeNull();
    expect(revisions[0].author).toBe('editor');
    expect(Date.parse(revisions[0].createdAt)).not.toBeNaN();

    ok(await gql(t.app, PUBLISH, { id: a.id }, WRITE));
    const anonymous = await gql(t.app, REVISIONS, { slug: a.slug });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(anonymous.data?.article).toEqual({ id: a.id, revisions: null });
  });

  it('records nothing for an update that changes nothing', async () => {
    const a = await createDraft();
    ok(await gql(t.app, UPDATE, { id: a.id, input: { headline: a.headline, section: 'World' } }, WRITE));
    const revisions = ok(await gql(t.app, REVISIONS, { slug: a.slug }, WRITE)).article.revisions;
    expect(revisions).toHaveLength(1);
  });

  it('restoreRevision brings back the earlier state as a new revision, citations re-derived', async () => {
    const a = await createDraft({ slug: 'restorable-story' });
    ok(
      await gql(
        t.app,
        UPDATE,
        { id: a.id, input: { headline: 'Rewritten', slug: 'rewritten', paragraphs: ['No citations now.'] } },
        WRITE,
      ),
    );
    ok(await gql(t.app, PUBLISH, { id: a.id }, WRITE));
    const revisions = ok(await gql(t.app, REVISIONS, { slug: 'rewritten' }, WRITE)).article.revisions;
    const update = revisions.find((r: Json) => r.action === 'UPDATE');

    const restored = ok(await gql(t.app, RESTORE, { id: update.id }, WRITE)).restoreRevision;
    expect(restored).toMatchObject({
      id: a.id,
      slug: 'restorable-story',
      headline: a.headline,
      status: 'DRAFT',
      paragraphs: a.paragraphs,
      sources: a.sources,
    });
    const after = ok(await gql(t.app, REVISIONS, { slug: 'restorable-story' }, WRITE)).article.revisions;
    expect(after[0]).toMatchObject({
      number: revisions[0].number + 1,
      action: 'RESTORE',
      author: 'editor',
      changedFields: ['slug', 'headline', 'publishedAt', 'status', 'paragraphs'],
    });
    expect(after[0].previous).toMatchObject({
      slug: 'rewritten',
      headline: 'Rewritten',
      status: 'PUBLISHED',
    });

    const creation = after.find((r: Json) => r.action === 'CREATE');
    const refused = await gql(t.app, RESTORE, { id: creation.id }, WRITE);
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors?.[0]?.extensions?.field).toBe('id');
  });

  it('keeps revisions across delete and undelete', async () => {
    const a = await createDraft();
    ok(await gql(t.app, UPDATE, { id: a.id, input: { headline: 'Before delete' } }, WRITE));
    ok(await gql(t.app, DELETE, { id: a.id }, WRITE));
    expect(await t.db.revision.count({ where: { articleId: Number(decode(a.id)) } })).toBe(3);
    ok(await gql(t.app, UNDELETE, { id: a.id }, WRITE));
    const revisions = ok(await gql(t.app, REVISIONS, { slug: a.slug }, WRITE)).article.revisions;
    expect(revisions.map((r: Json) => r.action)).toEqual(['UNDELETE', 'DELETE', 'UPDATE', 'CREATE']);
  });
});

describe('importArticlePage', () => {
  const page = (body: string) =>
    `Tuesday, 4 March 2025\nWorld\nImported through the API\nBerlin: ${body}\nShare on\nRelated News\nAn older story https://example.com/older\n`;

  it('creates a draft, changes nothing on a second import, and records a revision on a change', async () => {
    const first = ok(await gql(t.app, IMPORT, { text: page('Talks began, Reuters reported.') }, WRITE));
    expect(first.importArticlePage.outcome).toBe('CREATED');
    expect(first.importArticlePage.article).toMatchObject({
      slug: 'imported-through-the-api',
      status: 'DRAFT',
      dateline: 'Berlin',
      publishedAt: '2025-03-04T00:00:00.000Z',
      sources: [{ name: 'Reuters' }],
      relatedLinks: [{ position: 1, title: 'An older story', url: 'https://example.com/older' }],
    });
    const again = ok(await gql(t.app, IMPORT, { text: page('Talks began, Reuters reported.') }, WRITE));
    expect(again.importArticlePage.outcome).toBe('UNCHANGED');
    const changed = ok(await gql(t.app, IMPORT, { text: page('Talks ended, AFP reported.') }, WRITE));
    expect(changed.importArticlePage.outcome).toBe('UPDATED');
    expect(changed.importArticlePage.article.sources).toEqual([{ name: 'AFP' }]);
    const revisions = ok(await gql(t.app, REVISIONS, { slug: 'imported-through-the-api' }, WRITE)).article
      .revisions;
    expect(revisions.map((r: Json) => [r.action, r.author, r.changedFields])).toEqual([
      ['IMPORT', 'editor', ['paragraphs']],
      ['CREATE', 'editor', expect.any(Array)],
    ]);
  });

  it('can publish a new page directly, and refuses the slug of a deleted article', async () => {
    const text = 'Tuesday, 4 March 2025\nWorld\nImported and published\nBody text here.\n';
    const res = ok(await gql(t.app, IMPORT, { text, status: 'PUBLISHED' }, WRITE)).importArticlePage;
    expect(res.article.publicationState).toBe('PUBLISHED');
    ok(await gql(t.app, DELETE, { id: res.article.id }, WRITE));
    const refused = await gql(t.app, IMPORT, { text: text.replace('Body', 'New body') }, WRITE);
    expect(errorCodes(refused)).toEqual(['CONFLICT']);
  });
});

describe('the write hook', () => {
  it('hears every committed mutation once, and nothing for a refused one', async () => {
    const heard: ContentChange[] = [];
    const off = onContentChange((c) => heard.push(c));
    try {
      const a = await createDraft();
      ok(await gql(t.app, PUBLISH, { id: a.id }, WRITE));
      await gql(t.app, CREATE, { input: draftInput({ headline: '' }) }, WRITE);
      await gql(t.app, PUBLISH, { id: a.id }, PREVIEW);
      const id = Number(decode(a.id));
      expect(heard).toMatchObject([
        { origin: 'mutation', articleIds: [id] },
        { origin: 'mutation', articleIds: [id] },
      ]);
      expect(heard).toHaveLength(2);
      // A draft touches nothing public; publishing it touches the article and the lists it enters.
      expect(heard[0]?.tags).toEqual([]);
      expect(heard[1]?.tags).toEqual(expect.arrayContaining([`article:${id}`, 'list:p', 'search']));
    } finally {
      off();
    }
  });
});
