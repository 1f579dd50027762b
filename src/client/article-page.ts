// The article page in one request: body with citations, sources, quotes and related links. Its live
// subscription (./article-live.ts) selects the same ArticleView, so the reader renders both alike.
import { graphql } from './graphql.js';

/** Everything the article page shows of an article (unmasked: its fields are part of the result types). */
export const ArticleViewFragment = graphql(`
  fragment ArticleView on Article @_unmask {
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
`);

export const ArticlePageQuery = graphql(
  `
  query ArticlePage($slug: String!) {
    article(slug: $slug) { ...ArticleView }
  }
`,
  [ArticleViewFragment],
);
