// Serves GraphiQL with every asset inlined (no CDN: the machine may be offline), compressed and cacheable.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';

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
      etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`,
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
        const headers: Record<string, string> = {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'public, max-age=3600',
          etag: page.etag,
          vary: 'accept, accept-encoding',
        };
        if (request.headers.get('if-none-match') === page.etag) {
          endResponse(new fetchAPI.Response(null, { status: 304, headers }));
          return;
        }
        const gzip = /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
        if (gzip) headers['content-encoding'] = 'gzip';
        endResponse(new fetchAPI.Response(gzip ? page.gzip : page.html, { status: 200, headers }));
      });
    },
  };
}
