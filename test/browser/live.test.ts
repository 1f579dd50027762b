// The reader's article page follows its article live in Chromium: an edit through the API appears on the
// open page without a reload, and an unpublished article is taken off it.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, RESULTS, serveApp } from '../helpers/browser.js';
import { SEED_HEADLINE, SEED_SLUG } from '../helpers/fixtures.js';
import { gql } from '../helpers/gql.js';
import { setupSuite } from '../helpers/suite.js';

const t = setupSuite({ seed: true, tokens: { write: ['editor', 'write'] } });
let served: Awaited<ReturnType<typeof serveApp>> | undefined;
let browser: Browser;

beforeAll(async () => {
  served = await serveApp(t.app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

async function mutate(query: string, variables: Record<string, unknown>) {
  const res = await gql(t.app, query, variables, t.auth.write);
  expect(res.errors).toBeUndefined();
}

it('an update through the API appears on an open article page without a reload', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    let loads = 0;
    page.on('load', () => loads++);

    await page.goto(`${served?.base}/articles/${SEED_SLUG}`);
    expect(await page.locator('h1').textContent()).toBe(SEED_HEADLINE);
    // The page's event stream is open: the server listens for this article from here on.
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.live)).toBe('open');
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'the same page';
    });

    const { data } = await gql(t.app, 'query ($slug: String!) { article(slug: $slug) { id } }', {
      slug: SEED_SLUG,
    });
    const id = data.article.id;
    await mutate(
      'mutation ($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, input: $input) { id } }',
      {
        id,
        input: {
          headline: 'Xi and Putin sign a joint statement, live',
          paragraphs: [
            'Beijing: The two leaders signed the statement on Thursday.',
            'CNN reported the signing.',
          ],
        },
      },
    );
    await expect
      .poll(() => page.locator('h1').textContent(), { timeout: 15_000 })
      .toBe('Xi and Putin sign a joint statement, live');
    expect(await page.locator('.story-body > p').count()).toBe(2);
    expect(await page.locator('.story-body mark.citation').first().textContent()).toBe('CNN reported');
    expect(await page.title()).toBe('Xi and Putin sign a joint statement, live · Newsroom');
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe(
      'the same page',
    );
    expect(loads).toBe(1);
    await page.screenshot({ path: join(RESULTS, 'reader-article-live.png') });

    await mutate('mutation ($id: ID!) { unpublishArticle(id: $id) { id } }', { id });
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toBe('Not found');
    expect(loads).toBe(1);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
}, 60_000);
