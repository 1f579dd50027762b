// The operations our own pages send: the article page (W1 in bench/), the front page (W2) and a section
// page. They are the persisted (trusted) operations a GET may name by hash; see src/persisted-operations.json,
// printed from here by `npm run operations:print`. Add a field to a page here and reprint: the bench, the
// baselines' checks and the manifest follow.
import { createHash } from 'node:crypto';

/** Everything the article page shows. (Quotes join here once they are stored.) */
export const ARTICLE_PAGE = /* GraphQL */ `query ArticlePage($slug: String!) {
  article(slug: $slug) {
    id
    slug
    headline
    dateline
    publishedAt
    wordCount
    section { slug name }
    sources { slug name }
    paragraphs { position text citations { phrase start end source { slug name } } }
    relatedLinks { position title url article { slug headline } }
  }
}`;

/** The front page: the 20 newest articles with headline, section and sources. */
export const FRONT_PAGE = /* GraphQL */ `query FrontPage {
  articles(first: 20) {
    edges { node { id slug headline publishedAt section { slug name } sources { slug name } } }
  }
}`;

/** A section's page: its 20 newest articles. */
export const SECTION_PAGE = /* GraphQL */ `query SectionPage($slug: String!, $after: String) {
  section(slug: $slug) {
    slug
    name
    articles(first: 20, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { id slug headline publishedAt sources { slug name } } }
    }
  }
}`;

export const PAGE_OPERATIONS = {
  ArticlePage: ARTICLE_PAGE,
  FrontPage: FRONT_PAGE,
  SectionPage: SECTION_PAGE,
};

/** The persisted-operation id: sha256 (hex) of the document text, as Apollo's APQ and Yoga expect. */
export function operationHash(document: string): string {
  return createHash('sha256').update(document).digest('hex');
}

/** hash -> document, for the committed manifest. */
export function persistedManifest(): Record<string, string> {
  return Object.fromEntries(Object.values(PAGE_OPERATIONS).map((doc) => [operationHash(doc), doc]));
}
