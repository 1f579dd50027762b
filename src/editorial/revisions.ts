// Revisions: every change to an article stores the article as it was before, who changed it and which
// fields changed. The state is a JSON snapshot of what an editor controls; citations, sources, quotes
// and search rows are derived from it by the writer, so they are not stored twice.
import type { Prisma } from '../generated/prisma/client.js';
import type { ArticleFields } from './compose.js';

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
  status: 'DRAFT' | 'PUBLISHED';
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

export async function loadArticleState(tx: Tx, articleId: number): Promise<ArticleState | null> {
  const a = await tx.article.findUnique({
    where: { id: articleId },
    select: {
      slug: true,
      headline: true,
      dateline: true,
      publishedAt: true,
      status: true,
      deletedAt: true,
      section: { select: { name: true } },
      paragraphs: { orderBy: { position: 'asc' }, select: { text: true } },
      relatedLinks: { orderBy: { position: 'asc' }, select: { title: true, url: true } },
    },
  });
  if (!a) return null;
  return {
    slug: a.slug,
    headline: a.headline,
    section: a.section.name,
    dateline: a.dateline,
    publishedAt: a.publishedAt.toISOString(),
    status: a.status,
    deleted: a.deletedAt !== null,
    paragraphs: a.paragraphs.map((p) => p.text),
    relatedLinks: a.relatedLinks.map((l) => ({ title: l.title, url: l.url })),
  };
}

export function changedFields(before: ArticleState | null, after: ArticleState): string[] {
  if (!before) return [...STATE_FIELDS];
  return STATE_FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
}

/** The content fields of a stored state, ready for composeArticle. */
export function fieldsOfState(state: ArticleState): ArticleFields {
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

export function parseState(json: string): ArticleState {
  return JSON.parse(json) as ArticleState;
}

/**
 * Records the change from `before` (null for a creation) to the article's current state, inside the
 * caller's transaction. Returns false when nothing changed and nothing was recorded.
 */
export async function recordRevision(
  tx: Tx,
  articleId: number,
  before: ArticleState | null,
  change: RevisionChange,
): Promise<boolean> {
  const after = await loadArticleState(tx, articleId);
  if (!after) throw new Error(`article ${articleId} vanished inside its own transaction`);
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
