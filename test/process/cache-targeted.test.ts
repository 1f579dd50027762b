// Targeted invalidation (src/editorial/cache-tags.ts): a write drops exactly the cached answers made of
// what it touched, before and after, and keeps the rest; in this process, from another process (its
// ChangeLog rows), and when a scheduled article's time comes. Never stale, and never emptier than needed.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { encodeGlobalID } from '@pothos/plugin-relay';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusArticle } from '../../bench/corpus.js';
import { cacheTag } from '../../src/editorial/cache-tags.js';
import { ReadCache } from '../../src/http/cache/read-cache.js';
import {
  ARTICLE_PAGE,
  FRONT_PAGE,
  operationHash,
  SEARCH_PAGE,
  SECTION_PAGE,
} from '../../src/http/operations.js';
import { slugify } from '../../src/ingest/slug.js';
import { ROOT, TSX } from '../helpers/fixtures.js';
import { gql } from '../helpers/gql.js';
import { pageText, writeArticle } from '../helpers/pages.js';
import { setupSuite } from '../helpers/suite.js';

const ARTICLES = 30;
let nowMs = Date.UTC(2025, 0, 1);
const clock = () => new Date(nowMs);
let cache: ReadCache;

const t = setupSuite({
  data: async (db) => {
    for (let i = 0; i < ARTICLES; i++) await writeArticle(db, corpusArticle(i));
  },
  app: (db) => {
    cache = new ReadCache({ db, clock });
    return { cache, clock };
  },
  tokens: { write: ['editor', 'write'] },
});
afterAll(() => cache.close());

interface Answer {
  status: number;
  hit: boolean;
  tags: string[];
  json: { data?: Record<string, unknown> };
}

async function get(document: string, variables: Record<string, unknown>): Promise<Answer> {
  const extensions = { persistedQuery: { version: 1, sha256Hash: operationHash(document) } };
  const search = `?extensions=${encodeURIComponent(JSON.stringify(extensions))}&variables=${encodeURIComponent(JSON.stringify(variables))}`;
  const response = await t.app.fetch(`http://yoga/graphql${search}`, {
    headers: { accept: 'application/graphql-response+json' },
  });
  return {
    status: response.status,
    hit: response.headers.get('x-cache') === 'HIT',
    tags: (response.headers.get('cache-tag') ?? '').split(' ').filter(Boolean),
    json: (await response.json()) as Answer['json'],
  };
}

const articlePage = (i: number) => get(ARTICLE_PAGE, { slug: corpusArticle(i).slug });
const frontPage = () => get(FRONT_PAGE, { first: 20 });
const sectionPage = (name: string) => get(SECTION_PAGE, { slug: slugify(name) });
const idOf = (i: number) => i + 1; // corpus article i was written (id i + 1) in order
const globalId = (i: number) => encodeGlobalID('Article', idOf(i));

/** Caches each answer (a miss, then a hit) and returns a check of which are still hits. */
async function cached(pages: Record<string, () => Promise<Answer>>) {
  for (const load of Object.values(pages)) {
    await load();
    expect((await load()).hit).toBe(true);
  }
  return async () => {
    const hits: Record<string, boolean> = {};
    for (const [name, load] of Object.entries(pages)) hits[name] = (await load()).hit;
    return hits;
  };
}

async function mutate(query: string, variables: Record<string, unknown>) {
  const res = await gql(t.app, query, variables, t.auth.write);
  expect(res.errors).toBeUndefined();
  return res;
}

const UPDATE = `mutation ($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, input: $input) { id } }`;

describe('targeted invalidation in this process', () => {
  it('tells a CDN what an answer is made of, in Cache-Tag and Surrogate-Key', async () => {
    const answer = await articlePage(25);
    expect(answer.tags).toEqual(
      expect.arrayContaining([cacheTag.article(idOf(25)), cacheTag.articleSlug(corpusArticle(25).slug)]),
    );
    const front = await frontPage();
    expect(front.tags).toEqual(expect.arrayContaining([cacheTag.list({ kind: 'all' }, 'PUBLISHED_AT')]));
    for (const i of [29, 10]) expect(front.tags).toContain(cacheTag.article(idOf(i)));
  });

  it('keeps B’s page when A is edited, and drops only A’s', async () => {
    // B must not show A among its related links (then A's headline is part of B's page).
    const a = corpusArticle(25);
    const b = [26, 27, 28, 29].find((i) =>
      corpusArticle(i).relatedLinks.every((l) => l.title !== a.headline),
    ) as number;
    const hits = await cached({ a: () => articlePage(25), b: () => articlePage(b) });
    await mutate(UPDATE, { id: globalId(25), input: { headline: 'A, edited' } });
    expect(await hits()).toEqual({ a: false, b: true });
    const edited = await articlePage(25);
    expect((edited.json.data?.article as { headline: string } | undefined)?.headline).toBe('A, edited');
  });

  it('keeps the front page through an edit of an article not on it, drops it for one that is', async () => {
    const hits = await cached({ front: frontPage });
    const oldOne = corpusArticle(2);
    await mutate(UPDATE, {
      id: globalId(2),
      input: { paragraphs: [...oldOne.paragraphs, 'A late addition.'] },
    });
    expect(await hits()).toEqual({ front: true });
    await mutate(UPDATE, { id: globalId(28), input: { headline: 'On the front page, edited' } });
    expect(await hits()).toEqual({ front: false });
    expect(JSON.stringify((await frontPage()).json)).toContain('On the front page, edited');
  });

  it('drops both sections’ pages when an article moves between them, and keeps a third', async () => {
    const from = corpusArticle(27).section;
    const to = ['World', 'Business', 'Culture'].find((s) => s !== from) ?? 'Opinion';
    const other = ['Sports', 'Technology', 'China'].find((s) => s !== from && s !== to) ?? 'Opinion';
    const hits = await cached({
      from: () => sectionPage(from),
      to: () => sectionPage(to),
      other: () => sectionPage(other),
    });
    await mutate(UPDATE, { id: globalId(27), input: { section: to } });
    expect(await hits()).toEqual({ from: false, to: false, other: true });
    const moved = JSON.stringify((await sectionPage(to)).json);
    expect(moved).toContain(corpusArticle(27).slug);
  });

  it('drops what shows a source whose kind a write reclassifies (rows stored under earlier rules)', async () => {
    // An article citing two sources, neither it nor the first on a page the other tests keep cached.
    const citing = async (articleId: number) =>
      (await t.db.articleSource.findMany({ where: { articleId }, select: { sourceId: true } })).map(
        (c) => c.sourceId,
      );
    const elsewhere = new Set([...(await articlePage(21)).tags, ...(await articlePage(18)).tags]);
    let chosen: { i: number; stale: number; kept: number } | undefined;
    for (let i = 0; i < 16 && !chosen; i++) {
      const [stale, kept] = await citing(idOf(i));
      if (stale === undefined || kept === undefined) continue;
      if (elsewhere.has(cacheTag.article(idOf(i))) || elsewhere.has(cacheTag.source(stale))) continue;
      chosen = { i, stale, kept };
    }
    if (!chosen) throw new Error('no corpus article fits');
    const { i, stale, kept } = chosen;
    const before = await t.db.source.findUniqueOrThrow({ where: { id: stale } });
    // As if stored before a change to the rules: the next write of an article citing it reclassifies it.
    await t.db.source.update({
      where: { id: stale },
      data: { kind: before.kind === 'OTHER' ? 'NEWSPAPER' : 'OTHER' },
    });
    await mutate(UPDATE, {
      id: globalId(i),
      input: { paragraphs: [...corpusArticle(i).paragraphs, 'More.'] },
    });
    expect((await t.db.source.findUnique({ where: { id: stale } }))?.kind).toBe(before.kind);
    const change = await t.db.changeLog.findFirst({ orderBy: { id: 'desc' } });
    const tags = change?.tags.split(' ') ?? [];
    expect(tags).toContain(cacheTag.source(stale));
    expect(tags).not.toContain(cacheTag.source(kept));
  });

  it('moves a restored article in the lists by update time, though its content came back equal', async () => {
    const original = corpusArticle(13).headline;
    await mutate(UPDATE, { id: globalId(13), input: { headline: 'For a moment' } });
    await mutate(UPDATE, { id: globalId(13), input: { headline: original } });
    const read = await gql(
      t.app,
      'query ($id: ID!) { node(id: $id) { ... on Article { revisions { id number } } } }',
      { id: globalId(13) },
      t.auth.write,
    );
    const node = read.data?.node as { revisions: { id: string; number: number }[] } | undefined;
    const revisions = node?.revisions ?? [];
    // The state from before the second-to-last change is the current one: nothing in it differs.
    const second = revisions.find((r) => r.number === revisions.length - 1);
    await mutate(`mutation ($id: ID!) { restoreRevision(id: $id) { headline } }`, { id: second?.id });
    const change = await t.db.changeLog.findFirst({ orderBy: { id: 'desc' } });
    expect(change?.tags.split(' ')).toContain(cacheTag.list({ kind: 'all' }, 'UPDATED_AT'));
  });

  it('takes an unpublished article out of everything it was on', async () => {
    const section = corpusArticle(24).section;
    const hits = await cached({
      page: () => articlePage(24),
      front: frontPage,
      section: () => sectionPage(section),
      unrelated: () => articlePage(11),
    });
    await mutate(`mutation ($id: ID!) { unpublishArticle(id: $id) { id } }`, { id: globalId(24) });
    expect(await hits()).toEqual({ page: false, front: false, section: false, unrelated: true });
    expect((await articlePage(24)).json.data?.article).toBeNull();
    expect(JSON.stringify((await frontPage()).json)).not.toContain(corpusArticle(24).slug);
  });

  it('drops the page of an article whose related link a new headline resolves, and search answers', async () => {
    // Corpus article 23 links to earlier corpus headlines; store a new article under one it links to
    // that is not yet stored here... all earlier ones are, so give 23 a link to a headline to come.
    await mutate(UPDATE, {
      id: globalId(23),
      input: { relatedLinks: [{ title: 'Lighthouse keepers return to the harbour' }] },
    });
    const hits = await cached({
      linking: () => articlePage(23),
      search: () => get(SEARCH_PAGE, { query: 'report', first: 10 }),
      unrelated: () => articlePage(12),
    });
    await mutate(
      `mutation ($text: String!) { importArticlePage(text: $text, status: PUBLISHED) { outcome } }`,
      {
        text: pageText({
          date: '2024-12-31',
          section: 'World',
          headline: 'Lighthouse keepers return to the harbour',
          paragraphs: ['The keepers came back on Monday, Reuters reported.'],
        }),
      },
    );
    expect(await hits()).toEqual({ linking: false, search: false, unrelated: true });
    const links = (await articlePage(23)).json.data?.article as { relatedLinks: { article: unknown }[] };
    expect(links.relatedLinks[0]?.article).toEqual({
      slug: 'lighthouse-keepers-return-to-the-harbour',
      headline: 'Lighthouse keepers return to the harbour',
    });
  });

  it('puts a scheduled article in when its time comes, without a write, and keeps unrelated pages', async () => {
    const scheduled = await mutate(
      `mutation ($input: CreateArticleInput!) { createArticle(input: $input) { id } }`,
      {
        input: {
          headline: 'Scheduled for an hour from now',
          section: 'World',
          paragraphs: ['It happens later.'],
          status: 'DRAFT',
        },
      },
    );
    const id = (scheduled.data as { createArticle: { id: string } }).createArticle.id;
    await mutate(`mutation ($id: ID!, $at: DateTime!) { scheduleArticle(id: $id, publishAt: $at) { id } }`, {
      id,
      at: new Date(nowMs + 3_600_000).toISOString(),
    });
    const hits = await cached({ front: frontPage, unrelated: () => articlePage(13) });
    nowMs += 3_600_000 - 1;
    expect(await hits()).toEqual({ front: true, unrelated: true });
    nowMs += 1;
    expect(await hits()).toEqual({ front: false, unrelated: true });
    expect(JSON.stringify((await frontPage()).json)).toContain('Scheduled for an hour from now');
  });
});

describe('targeted invalidation across processes', () => {
  it('drops what another process’s commit touched (its ChangeLog row), and keeps the rest', async () => {
    const hits = await cached({ a: () => articlePage(20), b: () => articlePage(21) });
    const headline = 'Rewritten by another process';
    const { stdout } = await promisify(execFile)(TSX, [
      join(ROOT, 'test', 'helpers', 'write-article-child.ts'),
      t.url,
      '20',
      headline,
    ]);
    expect(stdout.trim()).toBe('updated');
    expect(await hits()).toEqual({ a: false, b: true });
    expect((((await articlePage(20)).json.data?.article ?? {}) as { headline?: string }).headline).toBe(
      headline,
    );
  });

  it('does not drop again, at another process’s commit, what this process’s own earlier write dropped', async () => {
    // This process edits A (its page is dropped at once) and A's page is cached again; then another
    // process commits an unrelated write. Its feed reads both ChangeLog rows, and must skip its own.
    const a = 15;
    const b = [16, 17, 19].find((i) => i !== a) as number;
    await mutate(UPDATE, { id: globalId(a), input: { headline: 'Edited here, cached again' } });
    const hits = await cached({ a: () => articlePage(a) });
    const { stdout } = await promisify(execFile)(TSX, [
      join(ROOT, 'test', 'helpers', 'write-article-child.ts'),
      t.url,
      String(b),
      'Rewritten elsewhere',
    ]);
    expect(stdout.trim()).toBe('updated');
    expect(await hits()).toEqual({ a: true });
  });

  it('empties the cache when the change log cannot tell (rows pruned before they were read)', async () => {
    const hits = await cached({ a: () => articlePage(17), b: () => articlePage(18) });
    const other = new Database(t.path);
    try {
      const last = other.prepare('SELECT max(id) FROM "ChangeLog"').pluck().get() as number;
      // A row after a gap, as when the rows before it were pruned.
      other.prepare(`INSERT INTO "ChangeLog" (id, tags, createdAt) VALUES (?, '', ?)`).run(last + 2, nowMs);
    } finally {
      other.close();
    }
    expect(await hits()).toEqual({ a: false, b: false });
  });
});
