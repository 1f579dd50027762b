// Progressive enhancement for the reader (bundled by esbuild, served as /assets/reader.js): same-site links
// load their data from /graphql with the typed documents and swap <main>, instead of reloading the page,
// and an open article follows its changes live (the articleChanged subscription over Server-Sent Events).
// Without JavaScript, or when anything here fails, the links are ordinary links to server-rendered pages.
import { ArticleChangedSubscription } from '../../client/article-live.js';
import type { ResultOf } from '../../client/graphql.js';
import { eventStreamUrl, requestGraphQL } from '../../client/request.js';
import { renderLoaded } from './render.js';
import { articlePath, loadRoute, matchRoute, type RunDocument } from './routes.js';

const run: RunDocument = (document, variables) =>
  requestGraphQL(document, variables, { endpoint: '/graphql' });

let current: AbortController | undefined;

async function show(url: URL, push: boolean): Promise<void> {
  const route = matchRoute(url);
  const main = document.getElementById('main');
  if (!route || !main) {
    window.location.assign(url.href);
    return;
  }
  current?.abort();
  const controller = new AbortController();
  current = controller;
  main.setAttribute('aria-busy', 'true');
  try {
    const page = renderLoaded(await loadRoute(route, run));
    if (controller.signal.aborted) return;
    if (page.status !== 200) {
      window.location.assign(url.href); // let the server answer with the right status and page
      return;
    }
    if (push) history.pushState(null, '', url.href);
    document.title = page.title;
    main.innerHTML = page.main;
    follow(route.kind === 'article' ? route.slug : null);
    main.removeAttribute('aria-busy');
    // Move focus and scroll as a page load would, so screen readers announce the new page.
    const target = url.hash ? document.getElementById(decodeURIComponent(url.hash.slice(1))) : null;
    (target ?? main).scrollIntoView();
    main.focus({ preventScroll: true });
  } catch {
    if (!controller.signal.aborted) window.location.assign(url.href);
  }
}

document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target instanceof Element ? event.target.closest('a') : null;
  if (!link || link.target || link.hasAttribute('download')) return;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin || !matchRoute(url)) return;
  // In-page anchors (#p-4, #source-cnn) stay native.
  if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) return;
  event.preventDefault();
  void show(url, true);
});

window.addEventListener('popstate', () => void show(new URL(window.location.href), false));

let live: EventSource | undefined;

/**
 * Re-renders the open article each time it changes, in place (scroll and focus stay): the subscription
 * delivers the article with the page's own fields (ArticleView), so render.ts draws it as on first load.
 * EventSource reconnects by itself after a network error; `complete` means the server ended it.
 */
function follow(slug: string | null): void {
  live?.close();
  live = undefined;
  delete document.documentElement.dataset.live;
  if (slug === null) return;
  const source = new EventSource(eventStreamUrl(ArticleChangedSubscription, { slug }));
  live = source;
  source.addEventListener('open', () => {
    document.documentElement.dataset.live = 'open';
  });
  source.addEventListener('complete', () => source.close());
  source.addEventListener('next', (message) => {
    const main = document.getElementById('main');
    const result = JSON.parse((message as MessageEvent<string>).data) as {
      data?: ResultOf<typeof ArticleChangedSubscription> | null;
    };
    const change = result.data?.articleChanged;
    if (!change || !main || live !== source) return;
    const article = change.removed ? null : change.article;
    const page = renderLoaded({ kind: 'article', slug, data: { article } });
    document.title = page.title;
    main.innerHTML = page.main;
    // An edit moved the article to a new slug: show its new address and follow it there.
    if (article && article.slug !== slug) {
      history.replaceState(null, '', articlePath(article.slug));
      follow(article.slug);
    }
  });
}

const opened = matchRoute(new URL(window.location.href));
follow(opened?.kind === 'article' ? opened.slug : null);
document.documentElement.dataset.enhanced = 'true';
