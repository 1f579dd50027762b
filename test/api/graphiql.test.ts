// GraphiQL is rendered on first use (its renderer is imported lazily to keep servers' memory down).
import { expect, it } from 'vitest';
import { setupSuite } from '../helpers/suite.js';

const t = setupSuite();

it('serves GraphiQL to a browser, then 304 for its ETag', async () => {
  const page = await t.app.fetch('http://yoga/graphql', { headers: { accept: 'text/html' } });
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toContain('text/html');
  expect(await page.text()).toContain('Newsroom Content API');
  const again = await t.app.fetch('http://yoga/graphql', {
    headers: { accept: 'text/html', 'if-none-match': page.headers.get('etag') ?? '' },
  });
  expect(again.status).toBe(304);
});
