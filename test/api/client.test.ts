// The typed client against the real API: its documents' results are typed and match what the server answers
// (its generated file and `gql.tada check`: test/process/client-generated.test.ts).
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ArticlePageQuery,
  FRONT_PAGE_SIZE,
  FrontPageQuery,
  GraphQLRequestError,
  type ResultOf,
  requestGraphQL,
  type VariablesOf,
} from '../../src/client/index.js';
import { SEED_HEADLINE, SEED_PARAGRAPHS, SEED_SLUG, SEED_SOURCES } from '../helpers/fixtures.js';
import { setupSuite } from '../helpers/suite.js';

describe('typed documents against the real API', () => {
  const t = setupSuite({ seed: true });
  const viaApp = {
    endpoint: 'http://yoga/graphql',
    fetch: (input: RequestInfo | URL, init?: RequestInit) =>
      Promise.resolve(t.app.fetch(String(input), init ?? {})),
  };

  it('front page: the newest articles', async () => {
    const data = await requestGraphQL(FrontPageQuery, { first: FRONT_PAGE_SIZE }, viaApp);
    expectTypeOf(data.articles.edges[0]?.node.publishedAt).toEqualTypeOf<string | undefined>();
    expectTypeOf(data.articles.edges[0]?.node.dateline).toEqualTypeOf<string | null | undefined>();
    expect(data.articles.totalCount).toBe(1);
    expect(data.articles.edges[0]?.node.headline).toBe(SEED_HEADLINE);
  });

  it('article page: paragraphs with citation offsets, sources, related links', async () => {
    const slug = SEED_SLUG;
    expectTypeOf<VariablesOf<typeof ArticlePageQuery>>().toEqualTypeOf<{ slug: string }>();
    const data = await requestGraphQL(ArticlePageQuery, { slug }, viaApp);
    type Article = NonNullable<ResultOf<typeof ArticlePageQuery>['article']>;
    expectTypeOf(data.article).toEqualTypeOf<Article | null>();
    expectTypeOf<Article['paragraphs'][number]['citations'][number]['start']>().toEqualTypeOf<number>();
    const article = data.article;
    expect(article?.paragraphs).toHaveLength(SEED_PARAGRAPHS);
    expect(article?.sources.map((s) => s.name)).toEqual(SEED_SOURCES);
    const p2 = article?.paragraphs[1];
    const c = p2?.citations[0];
    expect(c && p2?.text.slice(c.start, c.end)).toBe('CNN reported');
  });

  it('turns GraphQL errors into a GraphQLRequestError carrying the codes', async () => {
    const error = await requestGraphQL(FrontPageQuery, { first: -1 }, viaApp).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect((error as GraphQLRequestError).codes).toContain('BAD_USER_INPUT');
  });
});
