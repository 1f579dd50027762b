// The article page in one request. After issue 3 (quotes) is merged, add this line to the selection below,
// then run `npm run client:generate`: the reader renders quotes as soon as the field is in the result.
//     quotes { text speaker paragraph { position } }
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
      relatedLinks { position title url article { slug headline } }
    }
  }
`);
