// Serves GraphiQL with every asset inlined (no CDN: the machine may be offline), compressed and cacheable.
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import { conditionalAnswer, etagOf } from './etag.js';

export const EXAMPLE_QUERY = `# The seed article: paragraphs, citations and sources in one request.
query ArticlePage {
  article(slug: "xi-putin-sign-issue-joint-statement-on-deepening-china-russia-ties") {
    id
    headline
    dateline
    publishedAt
    section { name slug }
    sources { name slug citationCount }
    paragraphs {
      position
      text
      citations { phrase source { name } }
    }
    relatedLinks { position title url article { slug } }
  }
  articles(first: 5) {
    totalCount
    edges { cursor node { slug headline publishedAt } }
    pageInfo { hasNextPage endCursor }
  }
}
`;

interface Rendered {
  html: string;
  gzip: Uint8Array<ArrayBuffer>;
  etag: string;
}

let rendered: Rendered | undefined;

/**
 * Rendering and compressing ~9 MB takes a moment, so it happens once, on the first GraphiQL request.
 * The renderer is imported then too: loaded at startup it added ~80 MB to every server's resident memory.
 */
async function render(): Promise<Rendered> {
  if (!rendered) {
    const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
    const html = renderGraphiQL({ title: 'Newsroom Content API', defaultQuery: EXAMPLE_QUERY });
    rendered = {
      html,
      gzip: new Uint8Array(gzipSync(html, { level: 9 })),
      etag: etagOf(html),
    };
  }
  return rendered;
}

export function useLocalGraphiQL(endpoint: string): Plugin {
  return {
    // Synchronous for every other request: only a GraphiQL page load waits for the renderer.
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' || url.pathname !== endpoint) return;
      if (!request.headers.get('accept')?.includes('text/html') || url.searchParams.has('query')) return;
      return render().then((page) => {
        const gzip = /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
        const answer = conditionalAnswer(
          request.headers.get('if-none-match'),
          page.etag,
          gzip ? page.gzip : page.html,
          {
            'content-type': 'text/html; charset=utf-8',
            'cache-control': 'public, max-age=3600',
            vary: 'accept, accept-encoding',
          },
          gzip ? { 'content-encoding': 'gzip' } : {},
        );
        endResponse(new fetchAPI.Response(answer.body, { status: answer.status, headers: answer.headers }));
      });
    },
  };
}
