// The one rule of what a cached answer is made of and what a write touches. Answers record the tags of
// what they contain (the schema adds them while resolving, src/schema/cache-tags.ts); a write computes the
// tags of everything it changed, before and after (`writeTags`); the response cache drops exactly the
// answers that share a tag with a write, and CDNs get the same tags in `Cache-Tag`/`Surrogate-Key`.
// Tags are short, header-safe tokens: slugs and title keys are hashed to a fixed length.
import { fnv1a } from '../ingest/slug.js';
import { type PublicationFields, publicationState } from './publication.js';

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
} as const;

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
  const tags = new Set<string>([cacheTag.article(after.id), cacheTag.search]);
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
