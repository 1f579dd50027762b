// `npm start` as a real process: builds, migrates a new database file, seeds it, serves, and exits 0 on SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SEED_PARAGRAPHS } from '../helpers/fixtures.js';
import { startServer } from '../helpers/process.js';

const dir = mkdtempSync(join(tmpdir(), 'newsroom-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('server process', () => {
  it('migrates and seeds a new database, answers, and shuts down cleanly on SIGTERM', async () => {
    const databaseUrl = `file:${join(dir, 'nested', 'fresh.db')}`;
    const { child, url, output } = await startServer(databaseUrl);
    expect(output()).toMatch(/Seeded 1 article/);

    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);

    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ articles { totalCount edges { node { dateline paragraphs { position } } } } }',
      }),
    });
    const body = (await response.json()) as any;
    expect(body.data.articles.totalCount).toBe(1);
    expect(body.data.articles.edges[0].node.dateline).toBe('Beijing');
    expect(body.data.articles.edges[0].node.paragraphs).toHaveLength(SEED_PARAGRAPHS);

    const graphiql = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    const html = await graphiql.text();
    expect(html).toContain('query ArticlePage');
    // Every asset is inlined: no script or stylesheet is fetched from another host.
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:\/\//);

    // The reader's script was bundled by the build step (scripts/build.mjs), not by esbuild in the server.
    const script = await fetch(`${url}/assets/reader.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await script.text()).toContain('"/graphql"');

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toMatch(/closed/);
  });
});
