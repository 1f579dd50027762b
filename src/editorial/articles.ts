// The editorial write operations. Each runs in one transaction, routes content through the ingest
// writer (so every derived row stays in sync), records a revision, and tells the write hook after commit.
import type { Db } from '../db.js';
import { badUserInput, conflict, notFound } from '../errors.js';
import { emitContentChange } from '../events.js';
import type { Prisma } from '../generated/prisma/client.js';
import { parseArticlePage } from '../ingest/parse.js';
import { slugOrFallback } from '../ingest/slug.js';
import { ArticleParseError } from '../ingest/types.js';
import { type WriteOutcome, writeArticleInTransaction } from '../ingest/writer.js';
import { type ArticleFields, composeArticle } from './compose.js';
import {
  type ArticleState,
  fieldsOfState,
  loadArticleState,
  parseState,
  type RevisionAction,
  recordRevision,
} from './revisions.js';

type Tx = Prisma.TransactionClient;
export type ArticleStatusValue = 'DRAFT' | 'PUBLISHED';

async function committed<T extends { articleId: number }>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await db.$transaction(work);
  emitContentChange({ origin: 'mutation', articleIds: [result.articleId] });
  return result;
}

async function assertSlugFree(tx: Tx, slug: string, field: string, exceptId?: number): Promise<void> {
  const other = await tx.article.findUnique({ where: { slug }, select: { id: true, deletedAt: true } });
  if (other && other.id !== exceptId) {
    const whose = other.deletedAt ? 'a deleted article (undelete or rename it)' : 'another article';
    throw conflict(`The slug "${slug}" is already used by ${whose}`, field);
  }
}

/** Stores new content for an existing article; a slug change is applied first so the writer finds it. */
async function writeFields(tx: Tx, articleId: number, before: ArticleState, fields: ArticleFields) {
  if (fields.slug !== before.slug) {
    await tx.article.update({ where: { id: articleId }, data: { slug: fields.slug }, select: { id: true } });
  }
  await writeArticleInTransaction(tx, composeArticle(fields), { revision: false });
}

async function loadLive(tx: Tx, articleId: number): Promise<ArticleState> {
  const state = await loadArticleState(tx, articleId);
  if (!state || state.deleted) throw notFound(`No article with this id`);
  return state;
}

export interface CreateArticleInput extends Omit<ArticleFields, 'slug'> {
  slug: string | null;
  status: ArticleStatusValue;
}

export async function createArticle(db: Db, author: string, input: CreateArticleInput) {
  const slug = input.slug ?? slugOrFallback(input.headline, 'article');
  return committed(db, async (tx) => {
    await assertSlugFree(tx, slug, input.slug === null ? 'input.headline' : 'input.slug');
    const { articleId } = await writeArticleInTransaction(tx, composeArticle({ ...input, slug }), {
      revision: false,
    });
    await tx.article.update({
      where: { id: articleId },
      data: { status: input.status },
      select: { id: true },
    });
    await recordRevision(tx, articleId, null, { author, action: 'CREATE' });
    return { articleId };
  });
}

export async function updateArticle(
  db: Db,
  author: string,
  articleId: number,
  patch: Partial<ArticleFields>,
) {
  return committed(db, async (tx) => {
    const before = await loadLive(tx, articleId);
    const fields = { ...fieldsOfState(before), ...patch };
    if (fields.slug !== before.slug) await assertSlugFree(tx, fields.slug, 'input.slug', articleId);
    await writeFields(tx, articleId, before, fields);
    await recordRevision(tx, articleId, before, { author, action: 'UPDATE' });
    return { articleId };
  });
}

export interface StatusChange {
  status?: ArticleStatusValue;
  publishedAt?: Date;
  deleted?: boolean;
}

/** Publish, unpublish, schedule, delete and undelete: status, publication time and the delete mark. */
export async function changeStatus(
  db: Db,
  author: string,
  articleId: number,
  action: RevisionAction,
  change: StatusChange,
  now: Date,
) {
  return committed(db, async (tx) => {
    const before = await loadArticleState(tx, articleId);
    if (!before || (before.deleted && change.deleted !== false)) throw notFound('No article with this id');
    if (change.deleted === false && !before.deleted) throw notFound('No deleted article with this id');
    // publishedAt is part of the content fingerprint, so it goes through the writer like any edit.
    if (change.publishedAt && change.publishedAt.getTime() !== Date.parse(before.publishedAt)) {
      await writeFields(tx, articleId, before, { ...fieldsOfState(before), publishedAt: change.publishedAt });
    }
    const data: Prisma.ArticleUpdateInput = {};
    if (change.status) data.status = change.status;
    if (change.deleted !== undefined) data.deletedAt = change.deleted ? now : null;
    if (Object.keys(data).length > 0) {
      await tx.article.update({ where: { id: articleId }, data, select: { id: true } });
    }
    await recordRevision(tx, articleId, before, { author, action });
    return { articleId };
  });
}

export async function importArticlePage(db: Db, author: string, text: string, status: ArticleStatusValue) {
  let parsed: ReturnType<typeof parseArticlePage>;
  try {
    parsed = parseArticlePage(text, { file: 'text' });
  } catch (error) {
    if (!(error instanceof ArticleParseError)) throw error;
    const e = badUserInput(`line ${error.line}: ${error.reason}`, 'text');
    e.extensions.line = error.line;
    throw e;
  }
  const article = parsed;
  return committed(db, async (tx) => {
    const existing = await tx.article.findUnique({
      where: { slug: article.slug },
      select: { deletedAt: true },
    });
    if (existing?.deletedAt) {
      throw conflict(
        `The page's slug "${article.slug}" belongs to a deleted article; undelete it first`,
        'text',
      );
    }
    const result = await writeArticleInTransaction(tx, article, { revision: { author, action: 'IMPORT' } });
    if (result.outcome === 'created' && status !== 'PUBLISHED') {
      await tx.article.update({ where: { id: result.articleId }, data: { status }, select: { id: true } });
    }
    return { articleId: result.articleId, outcome: result.outcome satisfies WriteOutcome };
  });
}

export async function restoreRevision(db: Db, author: string, revisionId: number) {
  return committed(db, async (tx) => {
    const revision = await tx.revision.findUnique({ where: { id: revisionId } });
    if (!revision) throw notFound('No revision with this id');
    if (revision.previous === null) {
      throw badUserInput('This revision is the creation of the article: there is no earlier state', 'id');
    }
    const target = parseState(revision.previous);
    const articleId = revision.articleId;
    const before = await loadArticleState(tx, articleId);
    if (!before) throw notFound('No revision with this id');
    const fields = fieldsOfState(target);
    if (fields.slug !== before.slug) await assertSlugFree(tx, fields.slug, 'id', articleId);
    await writeFields(tx, articleId, before, fields);
    // Deletion is not restored: a delete is undone with undeleteArticle, so a restore never hides or
    // reveals an article by surprise.
    await tx.article.update({
      where: { id: articleId },
      data: { status: target.status },
      select: { id: true },
    });
    await recordRevision(tx, articleId, before, { author, action: 'RESTORE', always: true });
    return { articleId };
  });
}
