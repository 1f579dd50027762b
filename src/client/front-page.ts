// The front page: the newest articles with what a teaser needs.
import { graphql } from './graphql.js';

export const FRONT_PAGE_SIZE = 20;

export const FrontPageQuery = graphql(`
  query FrontPage($first: Int!, $after: String) {
    articles(first: $first, after: $after) {
      totalCount
      edges {
        node {
          id
          slug
          headline
          dateline
          publishedAt
          section { name slug }
          sources { name slug }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);
