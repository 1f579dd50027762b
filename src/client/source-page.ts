// A source's page: what it is, how often it is cited, and the newest articles citing it.
import { graphql } from './graphql.js';

export const SourcePageQuery = graphql(`
  query SourcePage($slug: String!, $after: String) {
    source(slug: $slug) {
      id
      slug
      name
      kind
      articleCount
      citationCount
      articles(first: 20, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { node { id slug headline publishedAt section { name slug } } }
      }
    }
  }
`);
