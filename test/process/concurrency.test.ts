// Lost edits: optimistic concurrency on every article mutation (Article.version / expectedVersion), and
// the import CLI leaving alone an article an editor changed since its last import.
import { describe, expect, it } from 'vitest';
import { SEED_PAGE, SEED_SLUG, TSX } from '../helpers/fixtures.js';
import { errorCodes, gql } from '../helpers/gql.js';
import { runCommand } from '../helpers/process.js';
import { setupSuite } from '../helpers/suite.js';

const t = setupSuite({ seed: true, tokens: { write: ['editor', 'write'] } });
const WRITE = t.auth.write;

const ARTICLE = `query ($slug: String!) { article(slug: $slug) { id version headline paragraphs { text } } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateArticleInput!, $v: Int) {
  updateArticle(id: $id, input: $input, expectedVersion: $v) { id version headline } }`;
const PUBLISH = `mutation ($id: ID!, $v: Int) { publishArticle(id: $id, expectedVersion: $v) { version } }`;
const DELETE = `mutation ($id: ID!, $v: Int) { deleteArticle(id: $id, expectedVersion: $v) { version } }`;

async function seedArticle() {
  const res = await gql(t.app, ARTICLE, { slug: SEED_SLUG }, WRITE);
  return res.data.article as {
    id: string;
    version: number;
    headline: string;
    paragraphs: { text: string }[];
  };
}

describe('optimistic concurrency', () => {
  it('bumps version on every write, status changes included', async () => {
    const before = await seedArticle();
    const updated = await gql(t.app, UPDATE, { id: before.id, input: { headline: 'Edited once' } }, WRITE);
    expect(updated.data.updateArticle.version).toBe(before.version + 1);
    const published = await gql(t.app, PUBLISH, { id: before.id }, WRITE);
    expect(published.data.publishArticle.version).toBe(before.version + 2);
  });

  it('lets one of two editors holding the same version win; the other gets CONFLICT and the current version', async () => {
    const { id, version } = await seedArticle();
    const [a, b] = await Promise.all([
      gql(t.app, UPDATE, { id, input: { headline: 'Editor A wins' }, v: version }, WRITE),
      gql(t.app, UPDATE, { id, input: { headline: 'Editor B wins' }, v: version }, WRITE),
    ]);
    const results = [a, b];
    const winners = results.filter((r) => r.errors === undefined);
    const losers = results.filter((r) => r.errors !== undefined);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(errorCodes(losers[0] ?? a)).toEqual(['CONFLICT']);
    expect(losers[0]?.errors?.[0]?.extensions).toMatchObject({
      field: 'expectedVersion',
      currentVersion: version + 1,
    });
    const stored = await seedArticle();
    expect(stored.headline).toBe(winners[0]?.data.updateArticle.headline);
    expect(stored.version).toBe(version + 1);
  });

  it('refuses a stale expectedVersion on status mutations and writes nothing', async () => {
    const { id, version } = await seedArticle();
    const refused = await gql(t.app, DELETE, { id, v: version - 1 }, WRITE);
    expect(errorCodes(refused)).toEqual(['CONFLICT']);
    expect((await seedArticle()).version).toBe(version);
    const deleted = await gql(t.app, DELETE, { id, v: version }, WRITE);
    expect(deleted.data.deleteArticle.version).toBe(version + 1);
    await gql(t.app, `mutation ($id: ID!) { undeleteArticle(id: $id) { id } }`, { id }, WRITE);
  });
});

describe('re-import over an edit', { timeout: 60_000 }, () => {
  const importCli = (...args: string[]) =>
    runCommand(TSX, ['src/cli/import.ts', ...args], { DATABASE_URL: t.url });

  it('keeps an editor’s correction when the unchanged page is imported again, and says so', async () => {
    // The page's own state first, then an editor's correction in the API.
    expect((await importCli('--force', SEED_PAGE)).code).toBe(0);
    const { id, paragraphs } = await seedArticle();
    const corrected = ['Corrected first paragraph.', ...paragraphs.slice(1).map((p) => p.text)];
    await gql(t.app, UPDATE, { id, input: { paragraphs: corrected } }, WRITE);

    const again = await importCli(SEED_PAGE);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^kept\\s+${SEED_SLUG}`, 'm'));
    expect(again.stdout).toContain('1 page(s): 0 created, 0 updated, 0 unchanged, 1 kept');
    expect(again.stderr).toContain(
      `edited in the API since their last import (--force overwrites): ${SEED_SLUG}`,
    );
    expect((await seedArticle()).paragraphs[0]?.text).toBe('Corrected first paragraph.');

    const forced = await importCli('--force', SEED_PAGE);
    expect(forced.stdout).toMatch(new RegExp(`^updated\\s+${SEED_SLUG}`, 'm'));
    expect((await seedArticle()).paragraphs[0]?.text).not.toBe('Corrected first paragraph.');
    // Imported again: no longer protected, so a plain import of the same page is just unchanged.
    expect((await importCli(SEED_PAGE)).stdout).toMatch(new RegExp(`^unchanged\\s+${SEED_SLUG}`, 'm'));
  });
});
