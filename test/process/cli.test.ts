// The import and token CLIs as real child processes against a test database file, with the server's
// own database client open on the same file (as when the server is running).
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FIXTURE_PAGES,
  SEED_PAGE,
  SEED_PARAGRAPHS,
  SEED_SLUG,
  SEED_SOURCES,
  TSX,
} from '../helpers/fixtures.js';
import { errorCodes, gql } from '../helpers/gql.js';
import { runCommand } from '../helpers/process.js';
import { setupSuite } from '../helpers/suite.js';

const t = setupSuite();

const run = (command: string, args: string[]) => runCommand(command, args, { DATABASE_URL: t.url });

const importCli = (...args: string[]) => run(TSX, ['src/cli/import.ts', ...args]);
const tokenCli = (...args: string[]) => run(TSX, ['src/cli/token.ts', ...args]);

async function dbState() {
  return {
    articles: await t.db.article.findMany({ orderBy: { id: 'asc' } }),
    paragraphs: await t.db.paragraph.count(),
    citations: await t.db.citation.count(),
    revisions: await t.db.revision.findMany({ orderBy: { id: 'asc' } }),
  };
}

describe('npm run import', { timeout: 120_000 }, () => {
  it('writes nothing and exits 1 naming path:line for every bad file in a mixed batch', async () => {
    const res = await importCli(
      SEED_PAGE,
      join(FIXTURE_PAGES, 'bad-missing-headline.txt'),
      join(FIXTURE_PAGES, 'india-pti-nbsp.txt'),
      join(FIXTURE_PAGES, 'bad-unreadable-date.txt'),
      join(FIXTURE_PAGES, 'bad-no-body.txt'),
    );
    expect(res.code).toBe(1);
    const lines = res.stderr.trim().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'test/fixtures/pages/bad-missing-headline.txt:4: missing headline after the section name',
      'test/fixtures/pages/bad-unreadable-date.txt:3: unreadable date line "Sometime last week"',
      'test/fixtures/pages/bad-no-body.txt:5: no body paragraphs after the headline',
    ]);
    expect(lines[3]).toBe('3 bad page(s): nothing was written');
    expect(res.stdout).toBe('');
    expect(await t.db.article.count()).toBe(0);
  });

  it('refuses a missing path and a usage error without writing', async () => {
    const missing = await importCli('no/such/folder');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no/such/folder:0: no such file or folder');
    const usage = await importCli();
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: npm run import');
    const unknown = await importCli('--frobnicate', SEED_PAGE);
    expect(unknown.code).toBe(2);
    expect(await t.db.article.count()).toBe(0);
  });

  it('--dry-run reports what would change and writes nothing', async () => {
    const res = await importCli('--dry-run', SEED_PAGE);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(
      new RegExp(
        `^would-create ${SEED_SLUG} \\(${SEED_PARAGRAPHS} paragraphs, ${SEED_SOURCES.length} sources\\)`,
      ),
    );
    expect(res.stdout).toContain('(dry run: nothing written)');
    expect(await t.db.article.count()).toBe(0);
    expect(await t.db.revision.count()).toBe(0);
  });

  it('imports pages from files and folders, then re-imports them without changing anything', async () => {
    const first = await run('npm', [
      'run',
      '--silent',
      'import',
      '--',
      'seed',
      join(FIXTURE_PAGES, 'india-pti-nbsp.txt'),
    ]);
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^created {3}${SEED_SLUG} \\(${SEED_PARAGRAPHS} paragraphs, ${SEED_SOURCES.length} sources\\) seed/000_4d0e73d82cc6d06b\\.txt$`,
      ),
    );
    expect(lines[1]).toMatch(
      /^created {3}\S+ \(\d+ paragraphs, \d+ sources\) test\/fixtures\/pages\/india-pti-nbsp\.txt$/,
    );
    expect(lines[2]).toBe('2 page(s): 2 created, 0 updated, 0 unchanged');
    const before = await dbState();
    expect(before.articles).toHaveLength(2);

    const again = await importCli('seed', join(FIXTURE_PAGES, 'india-pti-nbsp.txt'));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^unchanged xi-putin/m);
    expect(again.stdout).toContain('2 page(s): 0 created, 0 updated, 2 unchanged');
    expect(await dbState()).toEqual(before);

    // The server's client, open all along, sees what the other process wrote.
    const res = await gql(t.app, '{ articles { totalCount } }');
    expect(res.data.articles.totalCount).toBe(2);
  });

  it('updates a changed page in place and records a revision by the CLI author', async () => {
    const dir = join(t.dir, 'changed');
    mkdirSync(dir, { recursive: true });
    const page = readFileSync(SEED_PAGE, 'utf8').replace('Xi Jinping', 'Xi Jinping (pictured)');
    writeFileSync(join(dir, 'seed-changed.txt'), page);
    const before = await t.db.article.findUniqueOrThrow({
      where: { slug: SEED_SLUG },
    });
    const res = await importCli('--author', 'cli:test', dir);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(new RegExp(`^updated {3}${SEED_SLUG}`));
    const after = await t.db.article.findUniqueOrThrow({ where: { id: before.id } });
    expect(after.contentHash).not.toBe(before.contentHash);
    const revision = await t.db.revision.findFirstOrThrow({
      where: { articleId: before.id },
      orderBy: { number: 'desc' },
    });
    expect(revision).toMatchObject({ action: 'IMPORT', author: 'cli:test', changedFields: '["paragraphs"]' });
    expect(JSON.parse(revision.previous ?? '{}').paragraphs[0]).toMatch(/^China's President Xi Jinping /);
  });

  it('shows progress on stderr for a large batch, and writes it in one transaction', async () => {
    const dir = join(t.dir, 'batch');
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 60; i++) {
      writeFileSync(
        join(dir, `page-${String(i).padStart(2, '0')}.txt`),
        `Monday, 3 March 2025\nWorld\nBatch story ${i}\nBody of story ${i}, Reuters reported.\n`,
      );
    }
    cpSync(join(FIXTURE_PAGES, 'bad-no-body.txt'), join(dir, 'zz-bad.txt'));
    const count = await t.db.article.count();
    const refused = await importCli(dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/zz-bad\.txt:5: no body paragraphs/);
    expect(await t.db.article.count()).toBe(count);

    writeFileSync(join(dir, 'zz-bad.txt'), 'Monday, 3 March 2025\nWorld\nNow a good page\nWith a body.\n');
    const ok = await importCli(dir);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('progress: 61/61 pages');
    expect(ok.stdout).toContain('61 page(s): 61 created, 0 updated, 0 unchanged');
    expect(await t.db.article.count()).toBe(count + 61);
  });
});

describe('npm run token:create / token:revoke', { timeout: 120_000 }, () => {
  it('prints a token once that authorises writes, and revokes it by name', async () => {
    const created = await run('npm', [
      'run',
      '--silent',
      'token:create',
      '--',
      '--name',
      'desk',
      '--scope',
      'write',
    ]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^nrt_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('shown only this once');
    const stored = await t.db.apiToken.findUniqueOrThrow({ where: { name: 'desk' } });
    expect(stored.scope).toBe('write');
    expect(JSON.stringify(stored)).not.toContain(token.split('_').slice(2).join('_'));

    const headers = { authorization: `Bearer ${token}` };
    const mutation = 'mutation ($t: String!) { importArticlePage(text: $t) { outcome } }';
    const text = 'Monday, 3 March 2025\nWorld\nWritten with a CLI token\nBody.\n';
    const written = await gql(t.app, mutation, { t: text }, headers);
    expect(written.errors).toBeUndefined();
    expect(written.data.importArticlePage.outcome).toBe('CREATED');

    const duplicate = await tokenCli('create', '--name', 'desk', '--scope', 'read:drafts');
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('already exists');

    const revoked = await run('npm', ['run', '--silent', 'token:revoke', '--', 'desk']);
    expect(revoked.code).toBe(0);
    expect(errorCodes(await gql(t.app, mutation, { t: text }, headers))).toEqual(['UNAUTHENTICATED']);
    expect((await tokenCli('revoke', 'desk')).code).toBe(1);

    const listed = await tokenCli('list');
    expect(listed.stdout).toMatch(/^desk\twrite\trevoked /m);
    expect(listed.stdout).not.toContain(token);
  });

  it('refuses usage errors with exit code 2', async () => {
    expect((await tokenCli('create', '--name', 'x', '--scope', 'admin')).code).toBe(2);
    expect((await tokenCli('create', '--scope', 'write')).code).toBe(2);
    expect((await tokenCli('create', '--name', 'bad name', '--scope', 'write')).code).toBe(2);
    expect((await tokenCli('revoke')).code).toBe(2);
    expect((await tokenCli('rotate')).code).toBe(2);
    expect(await t.db.apiToken.count({ where: { name: { in: ['x', 'bad name'] } } })).toBe(0);
  });
});

describe('npm run rederive', { timeout: 120_000 }, () => {
  const rederiveCli = (...args: string[]) => run(TSX, ['src/cli/rederive.ts', ...args]);

  it('rebuilds stale derived rows from the stored state, records no revision, and is idempotent', async () => {
    expect((await importCli(SEED_PAGE)).code).toBe(0);
    const article = await t.db.article.findUniqueOrThrow({
      where: { slug: SEED_SLUG },
      include: { quotes: true },
    });
    expect(article.quotes.length).toBeGreaterThan(0);
    const revisions = await t.db.revision.count({ where: { articleId: article.id } });
    // What a stored article looks like after the quote rules changed: other quotes, another hash.
    await t.db.quote.deleteMany({ where: { articleId: article.id } });
    await t.db.article.update({ where: { id: article.id }, data: { contentHash: 'rules-v0' } });

    const first = await rederiveCli();
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toMatch(/: 1 rederived,/);
    const after = await t.db.article.findUniqueOrThrow({
      where: { id: article.id },
      include: { quotes: true },
    });
    expect(after.quotes.map((q) => q.text)).toEqual(article.quotes.map((q) => q.text));
    expect(after.contentHash).toBe(article.contentHash);
    expect(await t.db.revision.count({ where: { articleId: article.id } })).toBe(revisions);

    const second = await rederiveCli();
    expect(second.stdout).toMatch(/: 0 rederived,/);
    expect((await rederiveCli('--all')).code).toBe(2);
  });
});
