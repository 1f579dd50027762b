// The API and the reader the way their users meet them: Debian's Chromium (driven by playwright-core)
// against the real HTTP server on a free port, seeded into a fresh database. Screenshots go to test-results/.
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ROOT,
  SEED_CITATIONS,
  SEED_HEADLINE,
  SEED_PARAGRAPHS,
  SEED_SLUG,
  SEED_SOURCES,
} from '../helpers/fixtures.js';
import { setupSuite } from '../helpers/suite.js';

const CHROMIUM = '/usr/bin/chromium';
const RESULTS = join(ROOT, 'test-results');

const t = setupSuite({ seed: true });
let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: the browser tests need it. Install it with \`apt-get install -y chromium\` (Debian; .ci/run does this).`,
    );
  }
  mkdirSync(RESULTS, { recursive: true });
  server = createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // launch() starts from a fresh, empty, temporary profile every time.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

interface Watched {
  page: Page;
  requests: { method: string; url: string }[];
  problems: string[];
}

/** A page that records every request it makes and every script error or console error (CSP included). */
async function watchedPage(context: BrowserContext): Promise<Watched> {
  const page = await context.newPage();
  const watched: Watched = { page, requests: [], problems: [] };
  page.on('request', (r) => watched.requests.push({ method: r.method(), url: r.url() }));
  page.on('pageerror', (e) => watched.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') watched.problems.push(`console: ${m.text()}`);
  });
  return watched;
}

/** Every request went to this server (data: and blob: URLs are in-page, not network). */
function foreignRequests(requests: { url: string }[]): string[] {
  return requests
    .map((r) => r.url)
    .filter((u) => {
      const url = new URL(u);
      return url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== base;
    });
}

describe('GraphiQL at /graphql', () => {
  it('loads with no request to another host, runs the example query and shows the seed headline', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const { page, requests } = await watchedPage(context);
      await page.goto(`${base}/graphql`);
      const run = page.locator('.graphiql-execute-button');
      await run.waitFor({ state: 'visible', timeout: 30_000 });
      // The editor shows the example query before we run it.
      await expect
        // biome-ignore lint/performance/useDomNodeTextContent: Monaco's soft-wrapped lines need the rendered text
        .poll(async () => normalise(await page.locator('.graphiql-query-editor').innerText()), {
          timeout: 60_000,
        })
        .toContain('query ArticlePage');
      await run.click();
      const response = page.locator('.graphiql-response');
      await expect
        // biome-ignore lint/performance/useDomNodeTextContent: Monaco's soft-wrapped lines need the rendered text
        .poll(async () => normalise(await response.innerText()), { timeout: 60_000 })
        .toContain(SEED_HEADLINE);
      await page.screenshot({ path: join(RESULTS, 'graphiql.png') });

      expect(requests.some((r) => r.method === 'POST' && new URL(r.url).pathname === '/graphql')).toBe(true);
      expect(foreignRequests(requests)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});

/** Monaco renders spaces as U+00A0 and soft-wraps long lines; compare text with whitespace collapsed. */
function normalise(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ');
}

async function expectSeedArticle(page: Page) {
  await expectLocator(page.locator('h1')).toHaveText(SEED_HEADLINE);
  expect(await page.locator('.story-body > p').count()).toBe(SEED_PARAGRAPHS);
  expect(await page.locator('.sources cite.source-name').allInnerTexts()).toEqual(SEED_SOURCES);
  // Each citation is marked and followed by its source's name.
  expect(await page.locator('.story-body mark.citation').count()).toBe(SEED_CITATIONS);
  expect(await page.locator('#p-2 mark.citation').textContent()).toBe('CNN reported');
  expect(await page.locator('#p-2 .source-ref cite').textContent()).toBe('CNN');
  await expectLocator(page.locator('.meta .dateline')).toHaveText('Beijing');
  await expectLocator(page.locator('.meta time')).toHaveAttribute('datetime', '2024-06-20T00:00:00.000Z');
  await expectLocator(page.locator('.section-name')).toHaveText('Latest News');
}

// Vitest's `expect` has no web-first matchers; these two poll like Playwright's do.
function expectLocator(locator: ReturnType<Page['locator']>) {
  return {
    toHaveText: (text: string) =>
      expect.poll(() => locator.first().textContent(), { timeout: 15_000 }).toBe(text),
    toHaveAttribute: (name: string, value: string) =>
      expect.poll(() => locator.first().getAttribute(name), { timeout: 15_000 }).toBe(value),
  };
}

describe('the reader at /', () => {
  it('opens the seed article from the front page: 14 paragraphs, the three sources (script enhanced)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const { page, requests, problems } = await watchedPage(context);
      await page.goto(`${base}/`);
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.enhanced)).toBe('true');
      await page.screenshot({ path: join(RESULTS, 'reader-front.png') });
      const before = requests.length;
      await page.getByRole('link', { name: SEED_HEADLINE }).click();
      await page.waitForURL(`${base}/articles/${SEED_SLUG}`);
      await expectSeedArticle(page);
      // The script fetched the article from /graphql instead of loading a new page.
      const after = requests.slice(before);
      expect(after.filter((r) => r.method === 'POST' && r.url === `${base}/graphql`)).toHaveLength(1);
      expect(after.some((r) => r.url.startsWith(`${base}/articles/`))).toBe(false);
      expect(await page.title()).toBe(`${SEED_HEADLINE} · Newsroom`);
      await page.screenshot({ path: join(RESULTS, 'reader-article.png'), fullPage: true });

      // Back goes to the front page again, still without a reload.
      await page.goBack();
      await expectLocator(page.locator('h1')).toHaveText('Latest news');
      expect(foreignRequests(requests)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('works without JavaScript: server-rendered pages and plain links', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const { page, requests } = await watchedPage(context);
      await page.goto(`${base}/`);
      await page.getByRole('link', { name: SEED_HEADLINE }).click();
      await page.waitForURL(`${base}/articles/${SEED_SLUG}`);
      await expectSeedArticle(page);
      expect(requests.some((r) => r.url === `${base}/graphql`)).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('is readable on a phone: no sideways scrolling, text at a readable size', async () => {
    const context = await browser.newContext({
      viewport: { width: 375, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    try {
      const { page, problems } = await watchedPage(context);
      await page.goto(`${base}/articles/${SEED_SLUG}`);
      await expectSeedArticle(page);
      const layout = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        fontSize: Number.parseFloat(
          getComputedStyle(document.querySelector('.story-body p') as Element).fontSize,
        ),
      }));
      expect(layout.clientWidth).toBe(375); // the viewport meta tag is honoured
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
      expect(layout.fontSize).toBeGreaterThanOrEqual(16);
      await page.screenshot({ path: join(RESULTS, 'reader-article-phone.png') });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
