// The operations our own pages send: the article page (W1 in bench/), the front page (W2), search (W3), a
// section page and a source page. All but the section page are the typed client's documents (src/client/),
// printed, so the reader, a front-end built on the client, the bench and the persisted-operation manifest
// all send the same text.
// They are the persisted (trusted) operations a GET may name by hash; see src/http/persisted-operations.json,
// printed from here by `npm run operations:print` (a test fails when it is stale).
import { createHash } from 'node:crypto';
import { print } from 'graphql';
import { ArticlePageQuery } from '../client/article-page.js';
import { FrontPageQuery } from '../client/front-page.js';
import { SearchPageQuery } from '../client/search-page.js';
import { SourcePageQuery } from '../client/source-page.js';

/** Everything the article page shows: the reader's and the typed client's own document. */
export const ARTICLE_PAGE = print(ArticlePageQuery);

/** The front page: the newest articles with headline, section and sources (`first` is a variable). */
export const FRONT_PAGE = print(FrontPageQuery);

/** The search page: ranked results with highlights. */
export const SEARCH_PAGE = print(SearchPageQuery);

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

/** A source's page: its counts and the newest articles citing it. */
export const SOURCE_PAGE = print(SourcePageQuery);

export const PAGE_OPERATIONS = {
  ArticlePage: ARTICLE_PAGE,
  FrontPage: FRONT_PAGE,
  SearchPage: SEARCH_PAGE,
  SectionPage: SECTION_PAGE,
  SourcePage: SOURCE_PAGE,
};

/** The persisted-operation id: sha256 (hex) of the document text, as Apollo's APQ and Yoga expect. */
export function operationHash(document: string): string {
  return createHash('sha256').update(document).digest('hex');
}

/** hash -> document, for the committed manifest. */
export function persistedManifest(): Record<string, string> {
  return Object.fromEntries(Object.values(PAGE_OPERATIONS).map((doc) => [operationHash(doc), doc]));
}
