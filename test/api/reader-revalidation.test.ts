// The reader's pages revalidate like the API's answers (`public, no-cache` with an ETag, 304 when
// unchanged), so a shared cache never shows a deleted or corrected article.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { SEED_SLUG } from '../helpers/fixtures.js';
import { gql } from '../helpers/gql.js';
import { setupSuite } from '../helpers/suite.js';

const t = setupSuite({ seed: true, tokens: { write: ['reader-editor', 'write'] } });

const get = (path: string, headers: Record<string, string> = {}) =>
  t.app.fetch(`http://yoga${path}`, { headers: { accept: 'text/html', ...headers } });

describe('reader pages and shared caches', () => {
  it('are public but revalidated every time: no-cache with an ETag, 304 while unchanged', async () => {
    for (const path of ['/', `/articles/${SEED_SLUG}`]) {
      const first = await get(path);
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('public, no-cache');
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await get(path, { 'if-none-match': etag ?? '' });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe('public, no-cache');
    }
  });

  it('stop being served the moment an article is deleted, whatever a cache holds', async () => {
    const article = await get(`/articles/${SEED_SLUG}`);
    const front = await get('/');
    const articleTag = article.headers.get('etag') ?? '';
    const frontTag = front.headers.get('etag') ?? '';

    const id = encodeGlobalID('Article', 1);
    const deleted = await gql(
      t.app,
      'mutation ($id: ID!) { deleteArticle(id: $id) { id } }',
      { id },
      t.auth.write,
    );
    expect(deleted.errors).toBeUndefined();

    const gone = await get(`/articles/${SEED_SLUG}`, { 'if-none-match': articleTag });
    expect(gone.status).toBe(404);
    expect(gone.headers.get('cache-control')).toBe('no-store');
    const frontNow = await get('/', { 'if-none-match': frontTag });
    expect(frontNow.status).toBe(200);
    expect(frontNow.headers.get('etag')).not.toBe(frontTag);
    expect(await frontNow.text()).not.toContain(SEED_SLUG);
  });
});
