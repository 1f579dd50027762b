// What a front-end project imports: the typed documents and a small typed fetch helper.
export { ArticleChangedSubscription } from './article-live.js';
export { ArticlePageQuery, ArticleViewFragment } from './article-page.js';
export { FRONT_PAGE_SIZE, FrontPageQuery } from './front-page.js';
export type { FragmentOf, ResultOf, VariablesOf } from './graphql.js';
export { graphql } from './graphql.js';
export { eventStreamUrl, GraphQLRequestError, requestGraphQL } from './request.js';
export { SearchPageQuery } from './search-page.js';
export { SourcePageQuery } from './source-page.js';
