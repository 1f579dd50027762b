// GraphiQL is rendered on first use (its renderer is imported lazily to keep servers' memory down).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type App, createApp } from '../../src/http/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

let t: TestDatabase;
let app: App;
beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logging: false });
});
afterAll(async () => t.cleanup());

it('serves GraphiQL to a browser, then 304 for its ETag', async () => {
  const page = await app.fetch('http://yoga/graphql', { headers: { accept: 'text/html' } });
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toContain('text/html');
  expect(await page.text()).toContain('Newsroom Content API');
  const again = await app.fetch('http://yoga/graphql', {
    headers: { accept: 'text/html', 'if-none-match': page.headers.get('etag') ?? '' },
  });
  expect(again.status).toBe(304);
});
