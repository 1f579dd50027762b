// Live subscriptions over Server-Sent Events, read through app.fetch: what a subscriber receives for each
// public change, that a public subscriber never receives a draft or a scheduled article early, removal
// events, the section filter, the query limits, and that a client going away stops the listening.
import { describe, expect, it } from 'vitest';
import { LiveArticleFeed } from '../../src/live/feed.js';
import { errorCodes, gql } from '../helpers/gql.js';
import { importTexts } from '../helpers/pages.js';
import { subscribe } from '../helpers/sse.js';
import { setupSuite } from '../helpers/suite.js';

let live: LiveArticleFeed;
const t = setupSuite({
  tokens: { write: ['editor', 'write'] },
  app: (db) => {
    live = new LiveArticleFeed({ db });
    return { live };
  },
});

const ARTICLE_CHANGED = `subscription ($slug: String!) {
  articleChanged(slug: $slug) { removed changedFields article { slug headline publicationState paragraphs { text } } } }`;
const PUBLISHED = `subscription ($section: String) {
  articlesPublished(section: $section) { slug headline publicationState section { slug } } }`;

let count = 0;
async function createArticle(overrides: Record<string, unknown> = {}): Promise<{ id: string; slug: string }> {
  count++;
  const res = await gql(
    t.app,
    'mutation ($input: CreateArticleInput!) { createArticle(input: $input) { id slug } }',
    {
      input: {
        headline: `Harbour reopens, part ${count}`,
        section: 'World',
        paragraphs: ['The harbour reopened on Monday.'],
        status: 'PUBLISHED',
        ...overrides,
      },
    },
    t.auth.write,
  );
  expect(res.errors).toBeUndefined();
  return res.data.createArticle;
}

async function mutate(action: string, id: string, extra = '', variables: Record<string, unknown> = {}) {
  const res = await gql(
    t.app,
    `mutation ($id: ID!${extra ? `, ${extra}` : ''}) { ${action} { id } }`,
    { id, ...variables },
    t.auth.write,
  );
  expect(res.errors).toBeUndefined();
}

const update = (id: string, input: Record<string, unknown>) =>
  mutate('updateArticle(id: $id, input: $input)', id, '$input: UpdateArticleInput!', { input });

describe('articleChanged', () => {
  it('sends the article as a reader sees it each time it changes publicly', async () => {
    const a = await createArticle();
    const stream = await subscribe(t.app, ARTICLE_CHANGED, { slug: a.slug });
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toMatch(/^text\/event-stream/);
      await update(a.id, { headline: 'Harbour reopens to ships' });
      expect(await stream.next()).toEqual({
        data: {
          articleChanged: {
            removed: false,
            changedFields: ['headline'],
            article: {
              slug: a.slug,
              headline: 'Harbour reopens to ships',
              publicationState: 'PUBLISHED',
              paragraphs: [{ text: 'The harbour reopened on Monday.' }],
            },
          },
        },
      });
      await update(a.id, { paragraphs: ['The harbour reopened on Monday.', 'Ferries resume on Friday.'] });
      const second = await stream.next();
      expect(second.data.articleChanged.changedFields).toEqual(['paragraphs']);
      expect(second.data.articleChanged.article.paragraphs).toHaveLength(2);
    } finally {
      stream.close();
    }
  });

  it('sends a removal when the article leaves public view (unpublished, deleted), and its return', async () => {
    const a = await createArticle();
    const stream = await subscribe(t.app, ARTICLE_CHANGED, { slug: a.slug });
    try {
      const removal = { data: { articleChanged: { removed: true, changedFields: [], article: null } } };
      await mutate('unpublishArticle(id: $id)', a.id);
      expect(await stream.next()).toEqual(removal);
      await mutate('publishArticle(id: $id)', a.id);
      expect((await stream.next()).data.articleChanged).toMatchObject({
        removed: false,
        article: { slug: a.slug },
      });
      await mutate('deleteArticle(id: $id)', a.id);
      expect(await stream.next()).toEqual(removal);
      await mutate('undeleteArticle(id: $id)', a.id);
      expect((await stream.next()).data.articleChanged).toMatchObject({
        removed: false,
        article: { slug: a.slug },
      });
    } finally {
      stream.close();
    }
  });

  it('never sends a draft to a public subscriber: the first event is its publication', async () => {
    const d = await createArticle({ status: 'DRAFT' });
    const stream = await subscribe(t.app, ARTICLE_CHANGED, { slug: d.slug });
    try {
      await update(d.id, { headline: 'Draft headline nobody may see' });
      await update(d.id, { paragraphs: ['Draft text nobody may see.'] });
      await mutate('publishArticle(id: $id)', d.id);
      const first = await stream.next();
      expect(first.data.articleChanged).toMatchObject({
        removed: false,
        changedFields: [],
        article: { headline: 'Draft headline nobody may see', publicationState: 'PUBLISHED' },
      });
      expect(stream.queued).toEqual([]);
    } finally {
      stream.close();
    }
  });

  it('follows the article to its new slug when an edit moves it', async () => {
    const a = await createArticle();
    const stream = await subscribe(t.app, ARTICLE_CHANGED, { slug: a.slug });
    try {
      await update(a.id, { slug: `${a.slug}-moved` });
      expect((await stream.next()).data.articleChanged).toMatchObject({
        removed: false,
        changedFields: ['slug'],
        article: { slug: `${a.slug}-moved` },
      });
    } finally {
      stream.close();
    }
  });
});

describe('articlesPublished', () => {
  it('sends each article as it becomes public; a token subscriber gets the same public events', async () => {
    const anyone = await subscribe(t.app, PUBLISHED);
    const editor = await subscribe(t.app, PUBLISHED, {}, t.auth.write);
    try {
      const d = await createArticle({ status: 'DRAFT' });
      await update(d.id, { headline: 'A draft being written' });
      const p = await createArticle();
      for (const stream of [anyone, editor]) {
        expect((await stream.next()).data.articlesPublished).toMatchObject({
          slug: p.slug,
          publicationState: 'PUBLISHED',
        });
      }
      await mutate('publishArticle(id: $id)', d.id);
      for (const stream of [anyone, editor]) {
        expect((await stream.next()).data.articlesPublished).toMatchObject({
          slug: d.slug,
          headline: 'A draft being written',
        });
      }
    } finally {
      anyone.close();
      editor.close();
    }
  });

  it('sends a scheduled article at its time, never before', async () => {
    const stream = await subscribe(t.app, PUBLISHED);
    try {
      const s = await createArticle({ status: 'DRAFT' });
      const publishAt = new Date(Date.now() + 1_500);
      await mutate('scheduleArticle(id: $id, publishAt: $at)', s.id, '$at: DateTime!', {
        at: publishAt.toISOString(),
      });
      // Saved after the scheduled one, public at once: it must come first.
      const now = await createArticle();
      expect((await stream.next()).data.articlesPublished.slug).toBe(now.slug);
      const scheduled = await stream.next(10_000);
      expect(Date.now()).toBeGreaterThanOrEqual(publishAt.getTime());
      expect(scheduled.data.articlesPublished).toMatchObject({ slug: s.slug, publicationState: 'PUBLISHED' });
    } finally {
      stream.close();
    }
  });

  it('a rescheduled article is sent once, at its new time', async () => {
    const stream = await subscribe(t.app, PUBLISHED);
    try {
      const s = await createArticle({ status: 'DRAFT' });
      const schedule = (ms: number) =>
        mutate('scheduleArticle(id: $id, publishAt: $at)', s.id, '$at: DateTime!', {
          at: new Date(Date.now() + ms).toISOString(),
        });
      await schedule(1_000);
      await schedule(1_800);
      const started = Date.now();
      expect((await stream.next(10_000)).data.articlesPublished.slug).toBe(s.slug);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_300);
      // A marker published now arrives next: nothing else (no second copy) came in between.
      const marker = await createArticle();
      expect((await stream.next()).data.articlesPublished.slug).toBe(marker.slug);
    } finally {
      stream.close();
    }
  });

  it('with a section, sends only that section', async () => {
    const stream = await subscribe(t.app, PUBLISHED, { section: 'sport' });
    try {
      await createArticle({ section: 'World' });
      const sport = await createArticle({ section: 'Sport' });
      expect((await stream.next()).data.articlesPublished).toMatchObject({
        slug: sport.slug,
        section: { slug: 'sport' },
      });
    } finally {
      stream.close();
    }
  });
});

describe('limits and lifetime', () => {
  it('refuses a subscription over the query limits before it starts', async () => {
    const deep = await gql(
      t.app,
      'subscription { articlesPublished { relatedArticles { relatedArticles { relatedArticles { relatedArticles { relatedArticles { relatedArticles { relatedArticles { relatedArticles { relatedArticles { slug } } } } } } } } } } }',
    );
    expect(errorCodes(deep)).toEqual(['QUERY_TOO_DEEP']);
    const costly = await subscribe(
      t.app,
      'subscription { articlesPublished { citedBy { citedBy { citedBy { citedBy { slug paragraphs { text citations { phrase } } } } } } } }',
    );
    try {
      expect((await costly.next()).errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    } finally {
      costly.close();
    }
  });

  it('stops listening when the client goes away', async () => {
    // The streams of the tests above were closed: nobody listens any more.
    await expect.poll(() => live.listeners, { timeout: 5_000 }).toBe(0);
    const streams = await Promise.all([
      subscribe(t.app, PUBLISHED),
      subscribe(t.app, ARTICLE_CHANGED, { slug: 'anything' }),
    ]);
    expect(live.listeners).toBe(2);
    for (const stream of streams) stream.close();
    await expect.poll(() => live.listeners, { timeout: 5_000 }).toBe(0);
  });

  it('a client that stops reading keeps only its latest 100 events and harms nobody', async () => {
    const stalled = await t.app.fetch(
      `http://yoga/graphql?query=${encodeURIComponent('subscription { articlesPublished(section: "flood") { slug } }')}`,
      { headers: { accept: 'text/event-stream' } },
    );
    // 1,100 articles in one import: more than the 1,024 events a subscriber's queue could hold unbuffered.
    const specs = Array.from({ length: 1_100 }, (_, i) => ({
      date: '2024-06-20',
      section: 'Flood',
      headline: `Flood bulletin ${i + 1}`,
      paragraphs: ['Water levels are falling.'],
    }));
    await importTexts(t.db, specs);
    const reader = stalled.body?.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while ((text.match(/^event: next$/gm) ?? []).length < 101) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    await reader?.cancel();
    const slugs = [...text.matchAll(/"slug":"([^"]+)"/g)].map((m) => m[1]);
    expect(slugs).toHaveLength(101);
    // The first event was already taken by the stream; of the rest, the newest 100 were kept.
    expect(slugs[0]).toBe('flood-bulletin-1');
    expect(slugs[1]).toBe('flood-bulletin-1001');
    expect(slugs.at(-1)).toBe('flood-bulletin-1100');
  });
});
