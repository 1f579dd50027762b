// The article page in one request: body with citations, sources, quotes and related links.
import { graphql } from './graphql.js';

export const ArticlePageQuery = graphql(`
  query ArticlePage($slug: String!) {
    article(slug: $slug) {
      id
      slug
      headline
      dateline
      publishedAt
      wordCount
      section { name slug }
      sources { name slug }
      paragraphs {
        position
        text
        citations { start end phrase source { name slug } }
      }
      quotes { text speaker paragraph { position } }
      relatedLinks { position title url article { slug headline } }
    }
  }
`);
