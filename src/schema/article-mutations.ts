// Article mutations (create, update, publish, unpublish, schedule, delete, undelete, import a page), the
// editorial fields of Article, and the deleted-articles list. Logic lives in src/editorial/articles.ts.
import { requireViewer, requireWriter } from '../auth/require.js';
import type { Context } from '../context.js';
import {
  changeStatus,
  createArticle,
  importArticlePage,
  type StatusChange,
  updateArticle,
} from '../editorial/articles.js';
import { publicationState } from '../editorial/publication.js';
import type { RevisionAction } from '../editorial/revisions.js';
import type { WriteOutcome } from '../editorial/write.js';
import { badUserInput } from '../errors.js';
import { Article, ArticleConnection, ArticleStatus } from './article.js';
import { articleConnection } from './article-query.js';
import { builder } from './builder.js';
import { createArticleArgs, decodeId, importPageArgs, parseArgs, updateArticleArgs } from './inputs.js';

const PublicationState = builder.enumType('PublicationState', {
  description: 'Where an article stands for the public right now.',
  values: {
    DRAFT: { description: 'Not public.' },
    SCHEDULED: { description: 'PUBLISHED with a publishedAt still to come: public from then on.' },
    PUBLISHED: { description: 'Public.' },
    DELETED: { description: 'Deleted (undoable with undeleteArticle); hidden from every read path.' },
  } as const,
});

builder.prismaObjectFields(Article, (t) => ({
  version: t.exposeInt('version', {
    description:
      'Bumped by every change. Send it back as `expectedVersion` so a change made by someone else meanwhile is a CONFLICT, not silently overwritten.',
  }),
  deletedAt: t.expose('deletedAt', { type: 'DateTime', nullable: true }),
  publicationState: t.field({
    type: PublicationState,
    select: { status: true, publishedAt: true, deletedAt: true },
    resolve: (a, _args, ctx) => publicationState(a, ctx.now),
  }),
}));

const RelatedLinkInput = builder.inputType('RelatedLinkInput', {
  fields: (t) => ({
    title: t.string({ required: true }),
    url: t.string({ description: 'http(s) URL; omit for a title-only link.' }),
  }),
});

const CreateArticleInput = builder.inputType('CreateArticleInput', {
  fields: (t) => ({
    headline: t.string({ required: true }),
    slug: t.string({ description: 'Defaults to the slug of the headline. Must be unused.' }),
    section: t.string({ required: true, description: 'Section name, e.g. "World"; created if new.' }),
    dateline: t.string({ description: 'Place filed from, e.g. "Beijing".' }),
    publishedAt: t.field({ type: 'DateTime', description: 'Defaults to now.' }),
    paragraphs: t.stringList({ required: true, description: 'Body paragraphs in reading order.' }),
    relatedLinks: t.field({ type: [RelatedLinkInput] }),
    status: t.field({ type: ArticleStatus, description: 'Defaults to DRAFT.' }),
  }),
});

const UpdateArticleInput = builder.inputType('UpdateArticleInput', {
  description: 'Omitted fields keep their value. Citations and sources are re-derived from the paragraphs.',
  fields: (t) => ({
    headline: t.string({ description: 'A new headline keeps the slug unless `slug` is given too.' }),
    slug: t.string(),
    section: t.string(),
    dateline: t.string({ description: 'null clears the dateline.' }),
    publishedAt: t.field({ type: 'DateTime' }),
    paragraphs: t.stringList(),
    relatedLinks: t.field({ type: [RelatedLinkInput], description: 'Replaces all related links.' }),
  }),
});

const ImportOutcome = builder.enumType('ImportOutcome', {
  values: ['CREATED', 'UPDATED', 'UNCHANGED'] as const,
});

interface ImportResult {
  outcome: 'CREATED' | 'UPDATED' | 'UNCHANGED';
  articleId: number;
}

const ImportArticlePagePayload = builder.objectRef<ImportResult>('ImportArticlePagePayload').implement({
  fields: (t) => ({
    outcome: t.field({ type: ImportOutcome, resolve: (r) => r.outcome }),
    article: t.field({
      type: Article,
      resolve: (r, _args, ctx) => ctx.db.article.findUniqueOrThrow({ where: { id: r.articleId } }),
    }),
  }),
});

const OUTCOMES = { created: 'CREATED', updated: 'UPDATED', unchanged: 'UNCHANGED' } as const;

function outcomeOf(outcome: WriteOutcome): ImportResult['outcome'] {
  // `kept` is the import CLI's: an editor's own import always writes (it passes `force`).
  if (outcome === 'kept') throw new Error('importArticlePage kept an article it was told to overwrite');
  return OUTCOMES[outcome];
}

const articleId = (args: { id: string | number }): number => decodeId(String(args.id), 'Article');

/** The optimistic-concurrency argument of every article mutation. */
export const EXPECTED_VERSION = {
  description:
    'The `version` you last read. If the article has changed since, nothing is written and the error is CONFLICT with `extensions.currentVersion`.',
};

/** Runs a status change as the writer and answers with the article, selected as the query asks. */
async function applyStatus(
  query: object,
  args: { id: string | number; expectedVersion?: number | null },
  ctx: Context,
  action: RevisionAction,
  change: StatusChange,
) {
  const viewer = requireWriter(ctx);
  const id = articleId(args);
  await changeStatus(ctx.db, viewer.tokenName, id, action, change, ctx.now, args.expectedVersion);
  return ctx.db.article.findUniqueOrThrow({ ...query, where: { id } });
}

builder.mutationFields((t) => ({
  createArticle: t.prismaField({
    type: 'Article',
    description: 'Creates an article (a DRAFT unless `status` says otherwise). Needs a write token.',
    args: { input: t.arg({ type: CreateArticleInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const viewer = requireWriter(ctx);
      const { input } = parseArgs(createArticleArgs, args);
      const { articleId: id } = await createArticle(ctx.db, viewer.tokenName, {
        ...input,
        publishedAt: input.publishedAt ?? ctx.now,
      });
      return ctx.db.article.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  updateArticle: t.prismaField({
    type: 'Article',
    description: 'Edits an article and records a revision. Needs a write token.',
    args: {
      id: t.arg.id({ required: true }),
      input: t.arg({ type: UpdateArticleInput, required: true }),
      expectedVersion: t.arg.int(EXPECTED_VERSION),
    },
    resolve: async (query, _root, args, ctx) => {
      const viewer = requireWriter(ctx);
      const { input } = parseArgs(updateArticleArgs, { id: String(args.id), input: args.input });
      const id = articleId(args);
      const patch = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
      await updateArticle(ctx.db, viewer.tokenName, id, patch, args.expectedVersion);
      return ctx.db.article.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  publishArticle: t.prismaField({
    type: 'Article',
    description: 'Makes an article public from `publishedAt` (default now). Needs a write token.',
    args: {
      id: t.arg.id({ required: true }),
      publishedAt: t.arg({ type: 'DateTime' }),
      expectedVersion: t.arg.int(EXPECTED_VERSION),
    },
    resolve: (query, _root, args, ctx) =>
      applyStatus(query, args, ctx, 'PUBLISH', {
        status: 'PUBLISHED',
        publishedAt: args.publishedAt ?? ctx.now,
      }),
  }),
  unpublishArticle: t.prismaField({
    type: 'Article',
    description: 'Turns an article back into a draft (publishedAt is kept). Needs a write token.',
    args: { id: t.arg.id({ required: true }), expectedVersion: t.arg.int(EXPECTED_VERSION) },
    resolve: (query, _root, args, ctx) => applyStatus(query, args, ctx, 'UNPUBLISH', { status: 'DRAFT' }),
  }),
  scheduleArticle: t.prismaField({
    type: 'Article',
    description: 'Publishes an article at a future time; until then only tokens see it. Needs a write token.',
    args: {
      id: t.arg.id({ required: true }),
      publishAt: t.arg({ type: 'DateTime', required: true }),
      expectedVersion: t.arg.int(EXPECTED_VERSION),
    },
    resolve: (query, _root, args, ctx) => {
      requireWriter(ctx);
      if (args.publishAt <= ctx.now) throw badUserInput('publishAt must be in the future', 'publishAt');
      return applyStatus(query, args, ctx, 'SCHEDULE', { status: 'PUBLISHED', publishedAt: args.publishAt });
    },
  }),
  deleteArticle: t.prismaField({
    type: 'Article',
    description: 'Hides an article from every read path; revisions are kept and undeleteArticle undoes it.',
    args: { id: t.arg.id({ required: true }), expectedVersion: t.arg.int(EXPECTED_VERSION) },
    resolve: (query, _root, args, ctx) => applyStatus(query, args, ctx, 'DELETE', { deleted: true }),
  }),
  undeleteArticle: t.prismaField({
    type: 'Article',
    description: 'Undoes deleteArticle: the article comes back with the status and content it had.',
    args: { id: t.arg.id({ required: true }), expectedVersion: t.arg.int(EXPECTED_VERSION) },
    resolve: (query, _root, args, ctx) => applyStatus(query, args, ctx, 'UNDELETE', { deleted: false }),
  }),
  importArticlePage: t.field({
    type: ImportArticlePagePayload,
    description:
      'Creates or updates an article from a page in the seed/ format (docs/page-format.md), matched by ' +
      'the slug of its headline. A new article gets `status` (default DRAFT); an existing one keeps its own.',
    args: {
      text: t.arg.string({ required: true }),
      status: t.arg({ type: ArticleStatus }),
      expectedVersion: t.arg.int({
        description: `${EXPECTED_VERSION.description} Applies when the page updates an existing article.`,
      }),
    },
    resolve: async (_root, args, ctx) => {
      const viewer = requireWriter(ctx);
      const parsed = parseArgs(importPageArgs, { text: args.text, status: args.status });
      const result = await importArticlePage(
        ctx.db,
        viewer.tokenName,
        parsed.text,
        parsed.status,
        args.expectedVersion,
      );
      return { outcome: outcomeOf(result.outcome), articleId: result.articleId };
    },
  }),
}));

builder.queryFields((t) => ({
  deletedArticles: t.connection(
    {
      type: Article,
      description:
        'Deleted articles, most recently deleted first (ties by id), to undo a delete. Needs a token.',
      resolve: (_root, args, ctx, info) => {
        requireViewer(ctx);
        return articleConnection(ctx, info, {
          args,
          where: { deletedAt: { not: null } },
          order: { field: 'DELETED_AT', direction: 'DESC' },
        });
      },
    },
    ArticleConnection,
  ),
}));
