// Revision: one recorded change to an article (who, when, what changed, the state before), the
// Article.revisions list, and restoreRevision. Revisions are editorial data: a token is required.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { requireViewer, requireWriter } from '../auth/require.js';
import { restoreRevision } from '../editorial/articles.js';
import { type ArticleState, parseState, REVISION_ACTIONS } from '../editorial/revisions.js';
import { Article } from './article.js';
import { EXPECTED_VERSION } from './article-mutations.js';
import { builder } from './builder.js';
import { decodeId } from './inputs.js';

const RevisionAction = builder.enumType('RevisionAction', { values: REVISION_ACTIONS });

const RelatedLinkState = builder
  .objectRef<ArticleState['relatedLinks'][number]>('RelatedLinkState')
  .implement({
    fields: (t) => ({
      title: t.exposeString('title'),
      url: t.exposeString('url', { nullable: true }),
    }),
  });

const ArticleStateRef = builder.objectRef<ArticleState>('ArticleState').implement({
  description: 'An article as it was before a change: what an editor controls (citations are derived).',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    headline: t.exposeString('headline'),
    section: t.exposeString('section', { description: 'Section name.' }),
    dateline: t.exposeString('dateline', { nullable: true }),
    publishedAt: t.field({ type: 'DateTime', resolve: (s) => new Date(s.publishedAt) }),
    status: t.exposeString('status'),
    deleted: t.exposeBoolean('deleted'),
    paragraphs: t.exposeStringList('paragraphs'),
    relatedLinks: t.field({ type: [RelatedLinkState], resolve: (s) => s.relatedLinks }),
  }),
});

const Revision = builder.prismaObject('Revision', {
  description: 'One change to an article: who made it, when, which fields it changed, and the state before.',
  fields: (t) => ({
    id: t.id({
      description: 'Pass to restoreRevision.',
      resolve: (r) => encodeGlobalID('Revision', r.id),
    }),
    number: t.exposeInt('number', { description: '1-based, per article, in order of the changes.' }),
    action: t.field({
      type: RevisionAction,
      resolve: (r) => REVISION_ACTIONS.find((a) => a === r.action) ?? 'UPDATE',
    }),
    author: t.exposeString('author', {
      description: 'Name of the token that made the change (`import`/`cli:<user>` for the import CLI).',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    changedFields: t.stringList({
      description: 'Names of the ArticleState fields this change altered.',
      resolve: (r) => JSON.parse(r.changedFields) as string[],
    }),
    previous: t.field({
      type: ArticleStateRef,
      nullable: true,
      description: 'The article before this change; null for its creation. restoreRevision brings it back.',
      resolve: (r) => (r.previous === null ? null : parseState(r.previous)),
    }),
    article: t.relation('article'),
  }),
});

builder.prismaObjectFields(Article, (t) => ({
  revisions: t.field({
    type: [Revision],
    nullable: true,
    description: 'Every change to this article, newest first. Needs a token (else null and UNAUTHENTICATED).',
    select: (_args, _ctx, nestedSelection) => ({
      revisions: { orderBy: { number: 'desc' }, ...nestedSelection() },
    }),
    resolve: (article, _args, ctx) => {
      requireViewer(ctx);
      return article.revisions;
    },
  }),
}));

builder.mutationFields((t) => ({
  restoreRevision: t.prismaField({
    type: 'Article',
    description:
      "Brings back the article's state from before the given revision's change (content, slug and " +
      'status; a deletion is undone only by undeleteArticle), recorded as a new RESTORE revision.',
    args: {
      id: t.arg.id({ required: true, description: 'A Revision id.' }),
      expectedVersion: t.arg.int(EXPECTED_VERSION),
    },
    resolve: async (query, _root, args, ctx) => {
      const viewer = requireWriter(ctx);
      const revisionId = decodeId(String(args.id), 'Revision');
      const { articleId } = await restoreRevision(ctx.db, viewer.tokenName, revisionId, args.expectedVersion);
      return ctx.db.article.findUniqueOrThrow({ ...query, where: { id: articleId } });
    },
  }),
}));
