// Revisions: every change to an article stores the article as it was before, who changed it and which
// fields changed. The state is a JSON snapshot of what an editor controls; citations, sources, quotes
// and search rows are derived from it (src/ingest/derive.ts), so they are not stored twice.
import type { ArticleStatus, Prisma } from '../generated/prisma/client.js';
import type { ArticleContent, DerivedArticle } from '../ingest/types.js';
import { TAGGED_SELECT, type TaggedArticle, taggedOfRow } from './cache-tags.js';

type Tx = Prisma.TransactionClient;

export const REVISION_ACTIONS = [
  'CREATE',
  'UPDATE',
  'PUBLISH',
  'UNPUBLISH',
  'SCHEDULE',
  'DELETE',
  'UNDELETE',
  'RESTORE',
  'IMPORT',
] as const;
export type RevisionAction = (typeof REVISION_ACTIONS)[number];

/** An article as an editor sees it, stored in `Revision.previous`. */
export interface ArticleState {
  slug: string;
  headline: string;
  section: string;
  dateline: string | null;
  /** ISO-8601. */
  publishedAt: string;
  status: ArticleStatus;
  deleted: boolean;
  paragraphs: string[];
  relatedLinks: { title: string; url: string | null }[];
}

export const STATE_FIELDS = [
  'slug',
  'headline',
  'section',
  'dateline',
  'publishedAt',
  'status',
  'deleted',
  'paragraphs',
  'relatedLinks',
] as const satisfies readonly (keyof ArticleState)[];

export interface RevisionChange {
  /** The token name, or `import` / `cli:<user>` / `seed` for imports. */
  author: string;
  action: RevisionAction;
  /** Record the revision even when no field changed (a restore is always recorded). */
  always?: boolean;
}

/** An article as stored: its id, version, the hash of its stored content, and its editorial state. */
export interface StoredArticle {
  id: number;
  version: number;
  contentHash: string;
  /** An editor changed the content after the page's last import (the import CLI leaves it alone). */
  editedSinceImport: boolean;
  state: ArticleState;
  /** What the response cache needs to know of it (src/editorial/cache-tags.ts). */
  tagged: TaggedArticle;
}

/** Loads an article by id or slug, deleted ones included (one query). */
export async function loadStoredArticle(
  tx: Tx,
  where: { id: number } | { slug: string },
): Promise<StoredArticle | null> {
  const a = await tx.article.findUnique({
    where,
    select: {
      ...TAGGED_SELECT,
      version: true,
      contentHash: true,
      editedSinceImport: true,
      headline: true,
      dateline: true,
      publishedAt: true,
      status: true,
      deletedAt: true,
      section: { select: { name: true } },
      paragraphs: { orderBy: { position: 'asc' }, select: { text: true } },
      relatedLinks: { orderBy: { position: 'asc' }, select: { title: true, url: true, titleKey: true } },
      sources: { select: { sourceId: true } },
    },
  });
  if (!a) return null;
  return {
    id: a.id,
    version: a.version,
    contentHash: a.contentHash,
    editedSinceImport: a.editedSinceImport,
    tagged: taggedOfRow(a),
    state: {
      slug: a.slug,
      headline: a.headline,
      section: a.section.name,
      dateline: a.dateline,
      publishedAt: a.publishedAt.toISOString(),
      status: a.status,
      deleted: a.deletedAt !== null,
      paragraphs: a.paragraphs.map((p) => p.text),
      relatedLinks: a.relatedLinks.map((l) => ({ title: l.title, url: l.url })),
    },
  };
}

export function changedFields(before: ArticleState | null, after: ArticleState): string[] {
  if (!before) return [...STATE_FIELDS];
  return STATE_FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
}

/** The content of a state, ready for deriveArticle. */
export function contentOf(state: ArticleState): ArticleContent {
  return {
    slug: state.slug,
    headline: state.headline,
    section: state.section,
    dateline: state.dateline,
    publishedAt: new Date(state.publishedAt),
    paragraphs: state.paragraphs,
    relatedLinks: state.relatedLinks,
  };
}

/** The state an article has once `article` is stored with this status and delete mark. */
export function stateOf(
  article: DerivedArticle,
  sectionName: string,
  status: ArticleStatus,
  deleted: boolean,
): ArticleState {
  return {
    slug: article.slug,
    headline: article.headline,
    section: sectionName,
    dateline: article.dateline,
    publishedAt: article.publishedAt.toISOString(),
    status,
    deleted,
    paragraphs: article.paragraphs.map((p) => p.text),
    relatedLinks: article.relatedLinks.map((l) => ({ title: l.title, url: l.url })),
  };
}

export function parseState(json: string): ArticleState {
  return JSON.parse(json) as ArticleState;
}

/**
 * Records the change from `before` (null for a creation) to `after`, inside the caller's transaction.
 * Returns false when nothing changed and nothing was recorded.
 */
export async function recordRevision(
  tx: Tx,
  articleId: number,
  before: ArticleState | null,
  after: ArticleState,
  change: RevisionChange,
): Promise<boolean> {
  const changed = changedFields(before, after);
  if (changed.length === 0 && !change.always) return false;
  const last = await tx.revision.aggregate({ where: { articleId }, _max: { number: true } });
  await tx.revision.create({
    data: {
      articleId,
      number: (last._max.number ?? 0) + 1,
      action: change.action,
      author: change.author,
      changedFields: JSON.stringify(changed),
      previous: before === null ? null : JSON.stringify(before),
    },
  });
  return true;
}
