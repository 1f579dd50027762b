// search(query, first, after, filter): full-text search over headlines and paragraphs (the provider's, src/db/).
import { queryFromInfo } from '@pothos/plugin-prisma';
import { findTree, providerOf } from '../db.js';
import { cacheTag } from '../editorial/cache-tags.js';
import { visibleArticleSql } from '../editorial/publication.js';
import { badUserInput } from '../errors.js';
import type { Article as ArticleRow } from '../generated/prisma/client.js';
import { SEARCH_BODY_SEPARATOR } from '../ingest/derive.js';
import { MAX_SEARCH_QUERY_LENGTH, snippetOf, toFtsQuery } from '../search/fts-query.js';
import { Article } from './article.js';
import { ArticleFilter, articleFilterWhere, articleListQuery } from './article-query.js';
import { builder } from './builder.js';
import { tagAnswer } from './cache-tags.js';
import { connectionOverIds, type IdConnection } from './pagination.js';

/** Search ranks at most this many best matches; `totalCount` counts within them. */
export const MAX_SEARCH_MATCHES = 2000;
/** At most this many highlights per result, in reading order. */
const MAX_HIGHLIGHTS = 5;
/** Visibility and filters are checked in batches of this many ranked ids (SQLite bind-variable limits). */
const FILTER_BATCH = 500;

interface SearchHighlightShape {
  position: number;
  snippet: string;
}

interface SearchEdgeShape {
  cursor: string;
  node: ArticleRow;
  score: number;
  highlights: SearchHighlightShape[];
}

type SearchConnectionShape = Omit<IdConnection<ArticleRow>, 'edges'> & { edges: SearchEdgeShape[] };

const SearchHighlight = builder.objectRef<SearchHighlightShape>('SearchHighlight').implement({
  description: 'Where a search matched: a paragraph (or the headline) and a snippet around the match.',
  fields: (t) => ({
    position: t.exposeInt('position', { description: '0 for the headline, else the paragraph position.' }),
    snippet: t.exposeString('snippet', {
      description:
        'About 200 characters around the first match, as HTML: text escaped, matched terms wrapped in <mark>…</mark>, "…" where cut.',
    }),
  }),
});

const SearchEdge = builder.objectRef<SearchEdgeShape>('SearchEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: Article, resolve: (edge) => edge.node }),
    score: t.exposeFloat('score', {
      description:
        'Relevance, higher is better; headline words weigh ten times body words. Its scale depends on the database (SQLite: the negated bm25 rank; PostgreSQL: ts_rank_cd): compare scores within one answer only.',
    }),
    highlights: t.field({ type: [SearchHighlight], resolve: (edge) => edge.highlights }),
  }),
});

const SearchConnection = builder.objectRef<SearchConnectionShape>('SearchConnection').implement({
  description: 'Search results, best first.',
  fields: (t) => ({
    edges: t.field({ type: [SearchEdge], resolve: (c) => c.edges }),
    pageInfo: t.field({ type: builder.pageInfoRef(), resolve: (c) => c.pageInfo }),
    totalCount: t.exposeInt('totalCount', {
      description: `Matching articles this request may see (counted among the ${MAX_SEARCH_MATCHES} best matches).`,
    }),
  }),
});

function highlightsOf(headline: string, body: string): SearchHighlightShape[] {
  const texts = [headline, ...body.split(SEARCH_BODY_SEPARATOR)];
  const out: SearchHighlightShape[] = [];
  for (const [position, text] of texts.entries()) {
    if (out.length >= MAX_HIGHLIGHTS) break;
    const snippet = snippetOf(text);
    if (snippet !== null) out.push({ position, snippet });
  }
  return out;
}

builder.queryFields((t) => ({
  search: t.field({
    type: SearchConnection,
    description:
      'Full-text search over headlines and paragraphs, best match first. Words are all required; text in double quotes is a phrase; accents and case are ignored. Offset cursors: pass `endCursor` as `after`.',
    args: {
      query: t.arg.string({ required: true, description: `At most ${MAX_SEARCH_QUERY_LENGTH} characters.` }),
      first: t.arg.int(),
      after: t.arg.string(),
      filter: t.arg({ type: ArticleFilter }),
    },
    resolve: async (_root, args, ctx, info) => {
      tagAnswer(ctx, cacheTag.search);
      if (args.query.length > MAX_SEARCH_QUERY_LENGTH) {
        throw badUserInput(
          `\`query\` may be at most ${MAX_SEARCH_QUERY_LENGTH} characters, got ${args.query.length}`,
          'query',
        );
      }
      const fts = toFtsQuery(args.query);
      if (!fts) throw badUserInput('`query` has no words to search for', 'query');

      const provider = providerOf(ctx.db);
      const ranked = await provider.searchRanked(
        ctx.db,
        fts,
        visibleArticleSql(ctx.db, ctx),
        MAX_SEARCH_MATCHES,
      );
      const scoreOf = new Map(ranked.map((r) => [r.id, r.score]));
      const rankedIds = [...scoreOf.keys()];

      // A filter is the same function every article list uses (Prisma), applied to the ranked ids; the
      // common unfiltered search needs no second pass.
      let ids = rankedIds;
      if (articleFilterWhere(args.filter).length > 0) {
        const { where } = articleListQuery({ filter: args.filter }, ctx);
        const allowed = new Set<number>();
        for (let i = 0; i < rankedIds.length; i += FILTER_BATCH) {
          const rows = await ctx.db.article.findMany({
            where: { AND: [where, { id: { in: rankedIds.slice(i, i + FILTER_BATCH) } }] },
            select: { id: true },
          });
          for (const row of rows) allowed.add(row.id);
        }
        ids = rankedIds.filter((id) => allowed.has(id));
      }

      const nodeQuery = queryFromInfo({ context: ctx, info, path: ['edges', 'node'] });
      const page = await connectionOverIds({ first: args.first, after: args.after }, ids, (pageIds) =>
        findTree<ArticleRow>(ctx.db, 'Article', {
          ...nodeQuery,
          ...('select' in nodeQuery && nodeQuery.select ? { select: { ...nodeQuery.select, id: true } } : {}),
          where: { id: { in: pageIds } },
        }),
      );
      const pageIds = page.edges.map((e) => e.node.id);
      const highlighted = await provider.searchHighlights(ctx.db, fts, pageIds);
      const highlightsById = new Map(highlighted.map((h) => [h.id, highlightsOf(h.headline, h.body)]));
      return {
        ...page,
        edges: page.edges.map((edge) => ({
          ...edge,
          score: scoreOf.get(edge.node.id) ?? 0,
          highlights: highlightsById.get(edge.node.id) ?? [],
        })),
      };
    },
  }),
}));
