// The search page: ranked results with highlighted snippets (position 0 is the headline).
import { graphql } from './graphql.js';

export const SearchPageQuery = graphql(`
  query SearchPage($query: String!, $first: Int!, $after: String) {
    search(query: $query, first: $first, after: $after) {
      edges {
        score
        highlights { position snippet }
        node {
          id
          slug
          headline
          dateline
          publishedAt
          section { name slug }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);
