// The editorial operations behind the article mutations. Each is one call of the write path
// (./write.ts): it says what the article should become and which revision action that is.
import type { Db } from '../db.js';
import { badUserInput, conflict, notFound } from '../errors.js';
import type { ArticleStatus } from '../generated/prisma/client.js';
import { deriveArticle } from '../ingest/derive.js';
import { parseArticlePage } from '../ingest/parse.js';
import { slugOrFallback } from '../ingest/slug.js';
import { type ArticleContent, ArticleParseError } from '../ingest/types.js';
import { importPage } from './import.js';
import {
  type ArticleState,
  contentOf,
  parseState,
  type RevisionAction,
  type StoredArticle,
} from './revisions.js';
import { type Actor, type ArticleWriter, writeContent } from './write.js';

const editor = (author: string): Actor => ({ author, origin: 'mutation' });

async function assertSlugFree(writer: ArticleWriter, slug: string, field: string, exceptId?: number) {
  const other = await writer.tx.article.findUnique({
    where: { slug },
    select: { id: true, deletedAt: true },
  });
  if (other && other.id !== exceptId) {
    const whose = other.deletedAt ? 'a deleted article (undelete or rename it)' : 'another article';
    throw conflict(`The slug "${slug}" is already used by ${whose}`, field);
  }
}

async function loadLive(writer: ArticleWriter, articleId: number): Promise<StoredArticle> {
  const stored = await writer.load({ id: articleId });
  if (!stored || stored.state.deleted) throw notFound('No article with this id');
  return stored;
}

/** The version the editor last saw, when they sent one (optimistic concurrency). */
export type ExpectedVersion = number | null | undefined;

/** Saves `next` over `existing`, checking first that a changed slug is free. */
async function saveState(
  writer: ArticleWriter,
  existing: StoredArticle,
  next: ArticleState,
  options: { action: RevisionAction; field: string; expectedVersion: ExpectedVersion; always?: boolean },
) {
  if (next.slug !== existing.state.slug) {
    await assertSlugFree(writer, next.slug, options.field, existing.id);
  }
  const article = deriveArticle(contentOf(next));
  return writer.save(
    existing,
    { article, status: next.status, deleted: next.deleted },
    { ...options, via: 'editor' },
  );
}

export interface CreateArticleInput extends Omit<ArticleContent, 'slug'> {
  slug: string | null;
  status: ArticleStatus;
}

export function createArticle(db: Db, author: string, input: CreateArticleInput) {
  const slug = input.slug ?? slugOrFallback(input.headline, 'article');
  return writeContent(db, editor(author), async (writer) => {
    await assertSlugFree(writer, slug, input.slug === null ? 'input.headline' : 'input.slug');
    const article = deriveArticle({ ...input, slug });
    return writer.save(
      null,
      { article, status: input.status, deleted: false },
      { action: 'CREATE', via: 'editor' },
    );
  });
}

export function updateArticle(
  db: Db,
  author: string,
  articleId: number,
  patch: Partial<ArticleContent>,
  expectedVersion?: ExpectedVersion,
) {
  return writeContent(db, editor(author), async (writer) => {
    const existing = await loadLive(writer, articleId);
    const content = { ...contentOf(existing.state), ...patch };
    const next: ArticleState = {
      ...existing.state,
      ...content,
      publishedAt: content.publishedAt.toISOString(),
      paragraphs: [...content.paragraphs],
      relatedLinks: [...content.relatedLinks],
    };
    return saveState(writer, existing, next, { action: 'UPDATE', field: 'input.slug', expectedVersion });
  });
}

export interface StatusChange {
  status?: ArticleStatus;
  publishedAt?: Date;
  deleted?: boolean;
}

/** Publish, unpublish, schedule, delete and undelete: status, publication time and the delete mark. */
export function changeStatus(
  db: Db,
  author: string,
  articleId: number,
  action: RevisionAction,
  change: StatusChange,
  now: Date,
  expectedVersion?: ExpectedVersion,
) {
  return writeContent(
    db,
    editor(author),
    async (writer) => {
      const existing = await writer.load({ id: articleId });
      if (!existing || (existing.state.deleted && change.deleted !== false)) {
        throw notFound('No article with this id');
      }
      if (change.deleted === false && !existing.state.deleted) {
        throw notFound('No deleted article with this id');
      }
      const next: ArticleState = {
        ...existing.state,
        ...(change.status ? { status: change.status } : {}),
        ...(change.publishedAt ? { publishedAt: change.publishedAt.toISOString() } : {}),
        ...(change.deleted !== undefined ? { deleted: change.deleted } : {}),
      };
      return saveState(writer, existing, next, { action, field: 'id', expectedVersion });
    },
    { now },
  );
}

/** An editor's explicit import: it overwrites their own edits (no protection), but honours expectedVersion. */
export async function importArticlePage(
  db: Db,
  author: string,
  text: string,
  status: ArticleStatus,
  expectedVersion?: ExpectedVersion,
) {
  let article: ReturnType<typeof parseArticlePage>;
  try {
    article = parseArticlePage(text, { file: 'text' });
  } catch (error) {
    if (!(error instanceof ArticleParseError)) throw error;
    const e = badUserInput(`line ${error.line}: ${error.reason}`, 'text');
    e.extensions.line = error.line;
    throw e;
  }
  return writeContent(db, editor(author), (writer) =>
    importPage(writer, article, {
      statusForNew: status,
      force: true,
      expectedVersion,
      check: (existing) => {
        if (existing.state.deleted) {
          throw conflict(
            `The page's slug "${article.slug}" belongs to a deleted article; undelete it first`,
            'text',
          );
        }
      },
    }),
  );
}

export function restoreRevision(
  db: Db,
  author: string,
  revisionId: number,
  expectedVersion?: ExpectedVersion,
) {
  return writeContent(db, editor(author), async (writer) => {
    const revision = await writer.tx.revision.findUnique({ where: { id: revisionId } });
    if (!revision) throw notFound('No revision with this id');
    if (revision.previous === null) {
      throw badUserInput('This revision is the creation of the article: there is no earlier state', 'id');
    }
    const existing = await writer.load({ id: revision.articleId });
    if (!existing) throw notFound('No revision with this id');
    // Deletion is not restored: a delete is undone with undeleteArticle, so a restore never hides or
    // reveals an article by surprise.
    const next = { ...parseState(revision.previous), deleted: existing.state.deleted };
    return saveState(writer, existing, next, {
      action: 'RESTORE',
      field: 'id',
      expectedVersion,
      always: true,
    });
  });
}
