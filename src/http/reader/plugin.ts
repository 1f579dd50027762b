// Serves the reader at / and /articles/<slug>: HTML rendered on the server from the typed documents (run
// through this app's own /graphql, so limits, masking and caching apply as to any client), plus the CSS and
// the esbuild-bundled enhancement script under /assets/.
import { readFileSync } from 'node:fs';
import type { Plugin } from 'graphql-yoga';
import { GraphQLRequestError, requestGraphQL } from '../../client/request.js';
import { PUBLIC_CACHE_CONTROL } from '../cache/read-cache.js';
import { conditionalAnswer, etagOf } from '../etag.js';
import { bundleReaderScript } from './bundle.js';
import { renderDocument, renderError, renderLoaded, renderNotFound } from './render.js';
import { loadRoute, matchRoute, type RunDocument } from './routes.js';

export const READER_ASSETS = { script: '/assets/reader.js', stylesheet: '/assets/reader.css' };

/** The part of the app the reader needs: a fetch that reaches /graphql without a network hop. */
export interface GraphQLFetcher {
  fetch(input: string, init: RequestInit): Response | Promise<Response>;
}

interface Asset {
  body: string;
  contentType: string;
  etag: string;
}

function asset(body: string, contentType: string): Asset {
  return { body, contentType, etag: etagOf(body) };
}

let scriptAsset: Promise<Asset> | undefined;

/** Read or bundled once per process (./bundle.ts): the source never changes at runtime. */
export function readerScript(): Promise<Asset> {
  scriptAsset ??= bundleReaderScript().then((text) => asset(text, 'text/javascript; charset=utf-8'));
  // A failed build is retried on the next request instead of being cached forever.
  scriptAsset.catch(() => {
    scriptAsset = undefined;
  });
  return scriptAsset;
}

let stylesheetAsset: Asset | undefined;
function readerStylesheet(): Asset {
  stylesheetAsset ??= asset(
    readFileSync(new URL('./reader.css', import.meta.url), 'utf8'),
    'text/css; charset=utf-8',
  );
  return stylesheetAsset;
}

const PAGE_SECURITY_HEADERS = {
  // Only our own script, style and API: nothing inline, nothing from another host.
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'referrer-policy': 'strict-origin-when-cross-origin',
};

export function useReaderPage(getApp: () => GraphQLFetcher): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET') return;
      if (url.pathname === READER_ASSETS.script || url.pathname === READER_ASSETS.stylesheet) {
        const file = url.pathname === READER_ASSETS.script ? await readerScript() : readerStylesheet();
        const answer = conditionalAnswer(request.headers.get('if-none-match'), file.etag, file.body, {
          'content-type': file.contentType,
          'cache-control': 'no-cache',
        });
        endResponse(new fetchAPI.Response(answer.body, { status: answer.status, headers: answer.headers }));
        return;
      }
      const route = matchRoute(url);
      if (!route) return;
      const origin = url.origin;
      const run: RunDocument = (document, variables) =>
        requestGraphQL(document, variables, {
          endpoint: `${origin}/graphql`,
          fetch: (input, init) => Promise.resolve(getApp().fetch(String(input), init ?? {})),
        });
      let page: ReturnType<typeof renderLoaded>;
      try {
        page = renderLoaded(await loadRoute(route, run));
      } catch (error) {
        if (error instanceof GraphQLRequestError && error.codes.includes('BAD_USER_INPUT')) {
          page = { ...renderNotFound('That page of articles does not exist.'), status: 400 };
        } else {
          console.error('reader page failed', error);
          page = renderError(502, 'The news could not be loaded. Please try again in a moment.');
        }
      }
      const html = renderDocument(page, READER_ASSETS);
      const headers = { 'content-type': 'text/html; charset=utf-8', ...PAGE_SECURITY_HEADERS };
      if (page.status !== 200) {
        endResponse(
          new fetchAPI.Response(html, {
            status: page.status,
            headers: { ...headers, 'cache-control': 'no-store' },
          }),
        );
        return;
      }
      // As the API's own answers: a shared cache may keep the page but must ask again every time (a
      // deleted or corrected article changes at once); an unchanged page then costs a 304.
      const answer = conditionalAnswer(request.headers.get('if-none-match'), etagOf(html), html, {
        ...headers,
        'cache-control': PUBLIC_CACHE_CONTROL,
      });
      endResponse(new fetchAPI.Response(answer.body, { status: answer.status, headers: answer.headers }));
    },
  };
}
