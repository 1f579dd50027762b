// The one rule of what a cached answer is made of and what a write touches. Answers record the tags of
// what they contain (the schema adds them while resolving, src/schema/cache-tags.ts); a write computes the
// tags of everything it changed, before and after (`writeTags`); the response cache drops exactly the
// answers that share a tag with a write, and CDNs get the same tags in `Cache-Tag`/`Surrogate-Key`.
// Tags are short, header-safe tokens: slugs and title keys are hashed to a fixed length.

import type { Db } from '../db.js';
import type { Prisma } from '../generated/prisma/client.js';
import { fnv1a } from '../ingest/slug.js';
import { nextScheduledPublishAt, type PublicationFields, publicationState } from './publication.js';

/** The orderings of an article list; a write moves an article in some of them only. */
export type ListOrder = 'PUBLISHED_AT' | 'HEADLINE' | 'UPDATED_AT';
export const LIST_ORDERS: readonly ListOrder[] = ['PUBLISHED_AT', 'HEADLINE', 'UPDATED_AT'];

const ORDER_KEY: Record<ListOrder, string> = { PUBLISHED_AT: 'p', HEADLINE: 'h', UPDATED_AT: 'u' };

/** Which article list an answer read: all articles, a section's, or a source's. */
export type ListScope = { kind: 'all' } | { kind: 'section'; id: number } | { kind: 'source'; id: number };

export const cacheTag = {
  /** An answer containing this article (any of its fields, paragraphs, citations, quotes, links). */
  article: (id: number) => `article:${id}`,
  /** A section's or source's own fields (name, kind). */
  section: (id: number) => `section:${id}`,
  source: (id: number) => `source:${id}`,
  /** A section's or source's article and citation counts. */
  sectionCount: (id: number) => `section-count:${id}`,
  sourceCount: (id: number) => `source-count:${id}`,
  /** `article(slug)`, found or not. (`section(slug)` and `source(slug)` answers carry `sections`/`sources`.) */
  articleSlug: (slug: string) => `article-slug:${fnv1a(slug)}`,
  /** Related links whose title has this key, and the article whose headline has it (both directions). */
  titleKey: (key: string) => `title:${fnv1a(key)}`,
  /** An article list in one ordering (pages and totalCount). */
  list: (scope: ListScope, order: ListOrder) =>
    scope.kind === 'all' ? `list:${ORDER_KEY[order]}` : `list:${scope.kind}:${scope.id}:${ORDER_KEY[order]}`,
  /** Which sections and which sources exist publicly, and their order by article count. */
  sections: 'sections',
  sources: 'sources',
  /** Any full-text search answer. */
  search: 'search',
  /** A filtered article list: any public change may move an article in or out of it. */
  filtered: 'filtered',
} as const;

/** The tags of one answer while it is computed; an answer that must not be kept is marked so. */
export class AnswerTags {
  readonly tags = new Set<string>();
  #cacheable = true;

  get cacheable(): boolean {
    return this.#cacheable;
  }

  add(...tags: string[]): void {
    for (const tag of tags) this.tags.add(tag);
  }

  /** The answer depends on something no tag covers: serve it, never keep it. */
  refuse(): void {
    this.#cacheable = false;
  }
}

/** The columns the cache needs of an article (a Prisma select), and the TaggedArticle they make. */
export const TAGGED_SELECT = {
  id: true,
  slug: true,
  headline: true,
  headlineKey: true,
  publishedAt: true,
  status: true,
  deletedAt: true,
  sectionId: true,
  sources: { select: { sourceId: true } },
  relatedLinks: { select: { titleKey: true } },
} as const satisfies Prisma.ArticleSelect;

export function taggedOfRow(row: Prisma.ArticleGetPayload<{ select: typeof TAGGED_SELECT }>): TaggedArticle {
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    headlineKey: row.headlineKey,
    publishedAt: row.publishedAt,
    status: row.status,
    deletedAt: row.deletedAt,
    sectionId: row.sectionId,
    sourceIds: row.sources.map((s) => s.sourceId),
    linkTitleKeys: row.relatedLinks.map((l) => l.titleKey),
  };
}

/** The tags a scheduled article touches when its time comes: it enters public view, as if published then. */
export function scheduleTags(article: TaggedArticle): string[] {
  return writeTags({ ...article, status: 'DRAFT' }, article, article.publishedAt, { content: false });
}

/** An article as the cache sees it, before or after a write. */
export interface TaggedArticle extends PublicationFields {
  id: number;
  slug: string;
  headline: string;
  headlineKey: string;
  publishedAt: Date;
  sectionId: number;
  sourceIds: readonly number[];
  linkTitleKeys: readonly string[];
}

/**
 * The tags a write touched: nothing public when the article was not public before and is not after
 * (drafts, and scheduled articles until their time, which src/http/cache handles then); otherwise the
 * article, the lookups of its slugs, the counts of its sections and sources, the title keys its links
 * and headline resolve through, search, and each list it was or is on in each ordering it moved in.
 */
export function writeTags(
  before: TaggedArticle | null,
  after: TaggedArticle,
  now: Date,
  written: { content: boolean },
): string[] {
  const wasPublic = before !== null && publicationState(before, now) === 'PUBLISHED';
  const isPublic = publicationState(after, now) === 'PUBLISHED';
  if (!wasPublic && !isPublic) return [];
  const both = before ? [before, after] : [after];
  const tags = new Set<string>([cacheTag.article(after.id), cacheTag.search, cacheTag.filtered]);
  for (const a of both) {
    tags.add(cacheTag.articleSlug(a.slug));
    tags.add(cacheTag.titleKey(a.headlineKey));
    for (const key of a.linkTitleKeys) tags.add(cacheTag.titleKey(key));
    tags.add(cacheTag.sectionCount(a.sectionId));
    for (const id of a.sourceIds) tags.add(cacheTag.sourceCount(id));
  }

  const entered = wasPublic !== isPublic;
  const sectionMoved = before !== null && before.sectionId !== after.sectionId;
  const sourcesChanged =
    before !== null &&
    (before.sourceIds.length !== after.sourceIds.length ||
      before.sourceIds.some((id) => !after.sourceIds.includes(id)));
  // Which orderings the article moved in: all of them when it entered or left the public lists.
  const orders = LIST_ORDERS.filter(
    (order) =>
      entered ||
      (order === 'UPDATED_AT' && written.content) ||
      (order === 'PUBLISHED_AT' && before?.publishedAt.getTime() !== after.publishedAt.getTime()) ||
      (order === 'HEADLINE' && before?.headline !== after.headline),
  );
  const scopes: ListScope[] = [{ kind: 'all' }];
  for (const a of both) {
    scopes.push({ kind: 'section', id: a.sectionId });
    for (const id of a.sourceIds) scopes.push({ kind: 'source', id });
  }
  for (const scope of scopes) {
    // A list the article joined or left changes in every ordering; one it stayed on, in those it moved in.
    const joinedOrLeft =
      (scope.kind === 'section' && sectionMoved) || (scope.kind === 'source' && sourcesChanged);
    for (const order of joinedOrLeft ? LIST_ORDERS : orders) tags.add(cacheTag.list(scope, order));
  }
  if (entered || sectionMoved || sourcesChanged) {
    // Section and source lists and lookups: one may have become public (its first public article) or
    // stopped being public, and article counts order them.
    tags.add(cacheTag.sections);
    tags.add(cacheTag.sources);
  }
  return [...tags];
}

/**
 * The schedule as the cache needs it: articles whose publish time fell in (from, now] (they are public
 * now; what they touch must be dropped, in case nothing else did) and the next publish time after `now`
 * with the articles that become public then. Two or three indexed queries.
 */
export async function scheduleWindow(
  db: Db,
  from: Date,
  now: Date,
): Promise<{ due: TaggedArticle[]; next: { at: Date; articles: TaggedArticle[] } | null }> {
  const published = { status: 'PUBLISHED', deletedAt: null } as const;
  const due =
    from < now
      ? await db.article.findMany({
          where: { ...published, publishedAt: { gt: from, lte: now } },
          select: TAGGED_SELECT,
        })
      : [];
  const at = await nextScheduledPublishAt(db, now);
  const next = at
    ? {
        at,
        articles: (
          await db.article.findMany({ where: { ...published, publishedAt: at }, select: TAGGED_SELECT })
        ).map(taggedOfRow),
      }
    : null;
  return { due: due.map(taggedOfRow), next };
}
