// The reader's routes and data loading, shared by the server (first paint, no-JS) and the browser script
// (navigation without reloads): both run the same typed documents, only the transport differs.
import type { TadaDocumentNode } from 'gql.tada';
import { ArticlePageQuery } from '../../client/article-page.js';
import { FRONT_PAGE_SIZE, FrontPageQuery } from '../../client/front-page.js';
import type { ResultOf } from '../../client/graphql.js';
import { articlePath } from '../../paths.js';

export { articlePath };

export type Route = { kind: 'front'; after: string | null } | { kind: 'article'; slug: string };

/** Runs a typed document and resolves to its data, whatever the transport. */
export type RunDocument = <Data, Variables>(
  document: TadaDocumentNode<Data, Variables>,
  variables: Variables,
) => Promise<Data>;

const ARTICLE_PATH = /^\/articles\/([^/]+)\/?$/;

export function matchRoute(url: URL): Route | null {
  if (url.pathname === '/') return { kind: 'front', after: url.searchParams.get('after') || null };
  const slug = ARTICLE_PATH.exec(url.pathname)?.[1];
  if (slug === undefined) return null;
  try {
    return { kind: 'article', slug: decodeURIComponent(slug) };
  } catch {
    return null; // a malformed %-escape is not one of our article URLs
  }
}

export type FrontPageData = ResultOf<typeof FrontPageQuery>;
export type ArticlePageData = ResultOf<typeof ArticlePageQuery>;

export type Loaded =
  | { kind: 'front'; data: FrontPageData; after: string | null }
  | { kind: 'article'; data: ArticlePageData; slug: string };

export async function loadRoute(route: Route, run: RunDocument): Promise<Loaded> {
  if (route.kind === 'front') {
    const data = await run(FrontPageQuery, { first: FRONT_PAGE_SIZE, after: route.after });
    return { kind: 'front', data, after: route.after };
  }
  const data = await run(ArticlePageQuery, { slug: route.slug });
  return { kind: 'article', data, slug: route.slug };
}
