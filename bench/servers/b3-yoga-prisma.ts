// B3, the typical implementation: Yoga with a hand-written SDL schema and per-field Prisma resolvers
// (no Pothos prisma plugin, no cache). It serves W1 and W2's documents unchanged.
import { createSchema, createYoga } from 'graphql-yoga';
import { createDb, sqlStatementCounter } from '../../src/db.js';
import { visibleArticleWhere } from '../../src/editorial/publication.js';
import type { Article, Citation, Paragraph, Quote, RelatedLink } from '../../src/generated/prisma/client.js';
import { serve, serverArgs } from './common.js';

const { port, databaseUrl } = serverArgs();
const db = await createDb(databaseUrl);

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    type Query {
      article(slug: String!): Article
      articles(first: Int, after: String): ArticleConnection!
    }
    type ArticleConnection { totalCount: Int! edges: [ArticleEdge!]! pageInfo: PageInfo! }
    type ArticleEdge { cursor: String! node: Article! }
    type PageInfo { hasNextPage: Boolean! endCursor: String }
    type Article {
      id: ID!
      slug: String!
      headline: String!
      dateline: String
      publishedAt: String!
      wordCount: Int!
      section: Section!
      sources: [Source!]!
      paragraphs: [Paragraph!]!
      quotes: [Quote!]!
      relatedLinks: [RelatedLink!]!
    }
    type Quote { text: String! speaker: String paragraph: Paragraph! }
    type Section { slug: String! name: String! }
    type Source { slug: String! name: String! }
    type Paragraph { position: Int! text: String! citations: [Citation!]! }
    type Citation { phrase: String! start: Int! end: Int! source: Source! }
    type RelatedLink { position: Int! title: String! url: String article: Article }
  `,
  resolvers: {
    Query: {
      article: (_: unknown, { slug }: { slug: string }) =>
        db.article.findFirst({
          where: { slug, ...visibleArticleWhere({ viewer: null, now: new Date() }) },
        }),
      // Offset cursors, as a hand-written API typically has them.
      articles: async (_: unknown, { first, after }: { first?: number; after?: string }) => {
        const where = visibleArticleWhere({ viewer: null, now: new Date() });
        const skip = after ? Number(Buffer.from(after, 'base64').toString()) + 1 : 0;
        const take = first ?? 20;
        const rows = await db.article.findMany({
          where,
          orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
          skip,
          take: take + 1,
        });
        const cursor = (i: number) => Buffer.from(String(skip + i)).toString('base64');
        const page = rows.slice(0, take);
        return {
          totalCount: () => db.article.count({ where }),
          edges: page.map((node, i) => ({ cursor: cursor(i), node })),
          pageInfo: {
            hasNextPage: rows.length > take,
            endCursor: page.length ? cursor(page.length - 1) : null,
          },
        };
      },
    },
    Article: {
      id: (a: Article) => globalId('Article', a.id),
      publishedAt: (a: Article) => a.publishedAt.toISOString(),
      section: (a: Article) => db.section.findUnique({ where: { id: a.sectionId } }),
      sources: async (a: Article) =>
        (
          await db.articleSource.findMany({
            where: { articleId: a.id },
            orderBy: { position: 'asc' },
            include: { source: true },
          })
        ).map((s) => s.source),
      paragraphs: (a: Article) =>
        db.paragraph.findMany({ where: { articleId: a.id }, orderBy: { position: 'asc' } }),
      quotes: (a: Article) => db.quote.findMany({ where: { articleId: a.id }, orderBy: { position: 'asc' } }),
      relatedLinks: (a: Article) =>
        db.relatedLink.findMany({ where: { articleId: a.id }, orderBy: { position: 'asc' } }),
    },
    Paragraph: {
      citations: (p: Paragraph) =>
        db.citation.findMany({ where: { paragraphId: p.id }, orderBy: { start: 'asc' } }),
    },
    Quote: {
      paragraph: (q: Quote) => db.paragraph.findUnique({ where: { id: q.paragraphId } }),
    },
    Citation: {
      source: (c: Citation) => db.source.findUnique({ where: { id: c.sourceId } }),
    },
    RelatedLink: {
      article: (l: RelatedLink) =>
        l.targetArticleId == null ? null : db.article.findUnique({ where: { id: l.targetArticleId } }),
    },
  },
});

const yoga = createYoga({ schema, logging: false, graphiql: false, landingPage: false });
serve(port, yoga, () => sqlStatementCounter.count);
