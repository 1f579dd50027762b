// The query-surface migration: Prisma sees no drift despite the FTS5 tables, and an existing database
// gets its search rows and a forced rewrite on the next import.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';

const MIGRATIONS = join(ROOT, 'prisma', 'migrations');
const dir = mkdtempSync(join(tmpdir(), 'newsroom-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const folders = readdirSync(MIGRATIONS, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('migrations', () => {
  it('leave no drift between prisma/migrations and schema.prisma (FTS tables are external)', async () => {
    const run = promisify(execFile);
    const result = await run(
      'npx',
      [
        'prisma',
        'migrate',
        'diff',
        '--from-migrations',
        'prisma/migrations',
        '--to-schema-datamodel',
        'prisma/schema.prisma',
        '--exit-code',
      ],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: `file:${join(dir, 'diff.db')}` } },
    );
    expect(result.stdout).toContain('No difference detected');
  }, 120_000);

  it('backfills the search index of articles stored before it existed', () => {
    const sqlite = new Database(join(dir, 'upgrade.db'));
    try {
      const [init, ...later] = folders;
      sqlite.exec(readFileSync(join(MIGRATIONS, init ?? '', 'migration.sql'), 'utf8'));
      sqlite.exec(`
        INSERT INTO "Section" (id, slug, name, updatedAt) VALUES (1, 'world', 'World', 0);
        INSERT INTO "Article" (id, slug, headline, publishedAt, sectionId, wordCount, contentHash, updatedAt)
          VALUES (7, 'old-story', 'Old story about lighthouses', 0, 1, 4, 'abc', 0);
        INSERT INTO "Paragraph" (articleId, position, text) VALUES (7, 2, 'Second: keepers left.'), (7, 1, 'First: lamps lit.');
      `);
      for (const folder of later)
        sqlite.exec(readFileSync(join(MIGRATIONS, folder, 'migration.sql'), 'utf8'));
      const row = sqlite
        .prepare(
          `SELECT rowid AS id, headline, body FROM "ArticleSearch" WHERE "ArticleSearch" MATCH 'lamps'`,
        )
        .get();
      expect(row).toEqual({
        id: 7,
        headline: 'Old story about lighthouses',
        body: 'First: lamps lit.\nSecond: keepers left.',
      });
      const article = sqlite.prepare(`SELECT contentHash FROM "Article" WHERE id = 7`).get() as {
        contentHash: string;
      };
      expect(article.contentHash).not.toBe('abc');
    } finally {
      sqlite.close();
    }
  });

  it('keep the hand-written related-link triggers through every later table change', () => {
    const sqlite = new Database(join(dir, 'triggers.db'));
    try {
      for (const folder of folders)
        sqlite.exec(readFileSync(join(MIGRATIONS, folder, 'migration.sql'), 'utf8'));
      const triggers = sqlite
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`)
        .pluck()
        .all();
      expect(triggers).toEqual([
        'Article_cleanup_after_delete',
        'Article_resolve_links_after_headline_change',
        'Article_resolve_links_after_insert',
        'RelatedLink_resolve_after_insert',
      ]);
    } finally {
      sqlite.close();
    }
  });
});
