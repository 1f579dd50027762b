// Writers that coexist and survive faults, as real processes on one SQLite file: a long import beside the
// server's mutations, a second import and a token command; kill -9 in the middle of an import and of
// mutations; two processes editing one article at once. Plus the import CLI's limits on odd files.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { encodeGlobalID } from '@pothos/plugin-relay';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusArticle, corpusPage } from '../../bench/corpus.js';
import { createApiToken } from '../../src/auth/tokens.js';
import { type App, createApp } from '../../src/http/app.js';
import { ARTICLE_LIMITS, MAX_PAGE_FILE_BYTES } from '../../src/ingest/limits.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { gql } from '../helpers/gql.js';
import { writeArticle } from '../helpers/pages.js';

const ROOT = join(import.meta.dirname, '..', '..');
// `node --import tsx`, not the tsx CLI: the CLI runs the script in a child process, so a SIGKILL sent
// to it would leave the real writer running.
const NODE_TSX = [process.execPath, ['--import', 'tsx']] as const;

let t: TestDatabase;
let app: App;
let token: string;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, logging: false });
  token = await createApiToken(t.db, 'editor', 'write');
});
afterAll(async () => t.cleanup());

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

async function run(args: string[], timeout = 120_000): Promise<Run> {
  const started = Date.now();
  try {
    const { stdout, stderr } = await promisify(execFile)(NODE_TSX[0], [...NODE_TSX[1], ...args], {
      cwd: ROOT,
      timeout,
      env: { ...process.env, DATABASE_URL: t.url },
    });
    return { code: 0, stdout, stderr, ms: Date.now() - started };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? null, stdout: e.stdout ?? '', stderr: e.stderr ?? '', ms: Date.now() - started };
  }
}

/** Writes corpus pages [from, to) into a new folder. */
function pagesFolder(name: string, from: number, to: number): string {
  const dir = join(t.dir, name);
  mkdirSync(dir, { recursive: true });
  for (let i = from; i < to; i++)
    writeFileSync(join(dir, `${String(i).padStart(5, '0')}.txt`), corpusPage(i));
  return dir;
}

function spawnCli(args: string[]): { child: ChildProcess; output: Promise<Run>; stderrSoFar: () => string } {
  const started = Date.now();
  const child = spawn(NODE_TSX[0], [...NODE_TSX[1], ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: t.url },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const output = new Promise<Run>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })),
  );
  return { child, output, stderrSoFar: () => stderr };
}

async function until(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What must hold after any crash: SQLite's own checks, and every article whole. */
function assertConsistent(path: string): void {
  const sqlite = new Database(path, { readonly: true });
  try {
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(sqlite.pragma('foreign_key_check')).toEqual([]);
    const broken = sqlite
      .prepare(
        `SELECT a.id FROM "Article" a
         WHERE NOT EXISTS (SELECT 1 FROM "Paragraph" p WHERE p."articleId" = a.id)
            OR NOT EXISTS (SELECT 1 FROM "ArticleSearch" s WHERE s.rowid = a.id)
            OR NOT EXISTS (SELECT 1 FROM "Revision" r WHERE r."articleId" = a.id)
            OR (SELECT max(position) FROM "Paragraph" p WHERE p."articleId" = a.id)
               <> (SELECT count(*) FROM "Paragraph" p WHERE p."articleId" = a.id)`,
      )
      .all();
    expect(broken).toEqual([]);
  } finally {
    sqlite.close();
  }
}

const UPDATE = `mutation ($id: ID!, $h: String!) { updateArticle(id: $id, input: { headline: $h }) { version } }`;

describe('writers coexist', { timeout: 240_000 }, () => {
  it('lets mutations, a second import and a token command through while a long import runs', async () => {
    const seedRun = await run(['src/cli/import.ts', pagesFolder('first', 0, 3)]);
    expect(seedRun.code).toBe(0);
    const id = encodeGlobalID('Article', 1);
    const big = spawnCli(['src/cli/import.ts', pagesFolder('big', 3, 5003)]);
    await until(() => /progress: \d+\/5000 pages/.test(big.stderrSoFar()));

    // The event loop of this process (a server on the same file) must never stall while it waits.
    let worstLagMs = 0;
    let last = Date.now();
    const ticker = setInterval(() => {
      worstLagMs = Math.max(worstLagMs, Date.now() - last - 10);
      last = Date.now();
    }, 10);
    const mutations = Array.from({ length: 6 }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 150));
      const started = Date.now();
      const res = await gql(
        app,
        UPDATE,
        { id, h: `Written during the import ${i}` },
        {
          authorization: `Bearer ${token}`,
        },
      );
      return { ms: Date.now() - started, res };
    });
    const [second, tokenRun, ...done] = await Promise.all([
      run(['src/cli/import.ts', pagesFolder('second', 9000, 9003)]),
      run(['src/cli/token.ts', 'create', '--name', 'during-import', '--scope', 'write']),
      ...mutations,
    ]);
    clearInterval(ticker);
    const stillRunning = big.child.exitCode === null;
    const first = await big.output;

    expect(stillRunning).toBe(true);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('5000 page(s): 5000 created');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('3 page(s): 3 created');
    expect(tokenRun.code).toBe(0);
    for (const { ms, res } of done) {
      // Each is answered: written, or refused cleanly as busy (never a masked error), and never after
      // the 5 s busy wait that used to freeze the server. The latency itself is measured by the bench
      // (`npm run bench`), not asserted here: this test shares two cores with four processes.
      expect(ms).toBeLessThan(3000);
      const code = res.errors?.[0]?.extensions?.code;
      if (code !== undefined) expect(code).toBe('SERVICE_UNAVAILABLE');
    }
    expect(done.filter(({ res }) => res.errors === undefined).length).toBeGreaterThan(0);
    // The old busy wait froze the whole process for 5 s; what is left is CPU contention among the
    // processes of this test on two cores.
    expect(worstLagMs).toBeLessThan(3000);
    assertConsistent(t.path);
  });

  it('keeps every edit of two processes editing one article with expectedVersion (no lost update)', async () => {
    const { articleId } = await writeArticle(t.db, corpusArticle(12001));
    const id = encodeGlobalID('Article', articleId);
    const before = await t.db.article.findUniqueOrThrow({
      where: { id: articleId },
      select: { version: true },
    });
    const child = join('test', 'helpers', 'mutate-child.ts');
    const [a, b] = await Promise.all([
      run([child, t.url, token, id, '15']),
      run([child, t.url, token, id, '15']),
    ]);
    const lines = [...a.stdout.trim().split('\n'), ...b.stdout.trim().split('\n')];
    const written = lines.filter((l) => l.startsWith('ok ')).length;
    expect(lines.every((l) => l.startsWith('ok ') || l === 'CONFLICT')).toBe(true);
    const after = await t.db.article.findUniqueOrThrow({
      where: { id: articleId },
      select: { version: true },
    });
    expect(after.version).toBe(before.version + written);
    expect(await t.db.revision.count({ where: { articleId, action: 'UPDATE' } })).toBe(written);
  });
});

describe('faults', { timeout: 240_000 }, () => {
  it('loses and corrupts nothing when the import is killed with SIGKILL mid-way; importing again finishes', async () => {
    // Large enough that the kill, sent at the first progress line (after the first batch commits), lands
    // well before the last batch: 600 pages were once all written in between.
    const folder = pagesFolder('killed', 20000, 23000);
    const victim = spawnCli(['src/cli/import.ts', folder]);
    await until(() => /progress: \d+\/3000 pages/.test(victim.stderrSoFar()));
    victim.child.kill('SIGKILL');
    await victim.output;
    assertConsistent(t.path);
    const again = await run(['src/cli/import.ts', folder]);
    expect(again.code).toBe(0);
    const created = Number(/(\d+) created/.exec(again.stdout)?.[1]);
    const unchanged = Number(/(\d+) unchanged/.exec(again.stdout)?.[1]);
    expect(created).toBeGreaterThan(0);
    expect(unchanged).toBeGreaterThan(0);
    expect(created + unchanged).toBe(3000);
    assertConsistent(t.path);
  });

  it('loses and corrupts nothing when a process writing mutations is killed with SIGKILL', async () => {
    const { articleId } = await writeArticle(t.db, corpusArticle(12000));
    const id = encodeGlobalID('Article', articleId);
    const victim = spawnCli([join('test', 'helpers', 'mutate-child.ts'), t.url, token, id, '1000']);
    let seen = 0;
    victim.child.stdout?.on('data', (d: Buffer) => {
      seen += String(d)
        .split('\n')
        .filter((l) => l.startsWith('ok ')).length;
    });
    await until(() => seen >= 5);
    victim.child.kill('SIGKILL');
    await victim.output;
    assertConsistent(t.path);
    const article = await t.db.article.findUniqueOrThrow({
      where: { id: articleId },
      select: { version: true },
    });
    const updates = await t.db.revision.count({ where: { articleId, action: 'UPDATE' } });
    // Every committed edit bumped the version once and left its revision: nothing half-written.
    expect(article.version).toBe(1 + updates);
  });
});

describe('the import CLI on odd files', { timeout: 120_000 }, () => {
  it('refuses a FIFO at once instead of waiting on it forever', async () => {
    const fifo = join(t.dir, 'pipe.txt');
    await promisify(execFile)('mkfifo', [fifo]);
    const res = await run(['src/cli/import.ts', fifo], 30_000);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`${fifo}:0: is a named pipe (FIFO), not a file`);
  });

  it('imports a symlinked .txt inside a folder, and names a broken link', async () => {
    const dir = join(t.dir, 'links');
    mkdirSync(dir);
    const target = join(t.dir, 'outside.txt');
    writeFileSync(target, corpusPage(11000));
    symlinkSync(target, join(dir, 'linked.txt'));
    const ok = await run(['src/cli/import.ts', dir]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('1 page(s): 1 created');
    symlinkSync(join(t.dir, 'missing.txt'), join(dir, 'broken.txt'));
    const broken = await run(['src/cli/import.ts', dir]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('broken.txt:0: a broken symlink');
  });

  it('applies the API limits to files: too many bytes, too many paragraphs, each with path:line', async () => {
    const huge = join(t.dir, 'huge.txt');
    writeFileSync(huge, `June 20, 2024\nWorld\nHuge\n${'x'.repeat(MAX_PAGE_FILE_BYTES)}\n`);
    const tooBig = await run(['src/cli/import.ts', huge]);
    expect(tooBig.code).toBe(1);
    expect(tooBig.stderr).toMatch(/huge\.txt:1: the file is [\d,]+ bytes; a page may be at most/);
    expect(tooBig.ms).toBeLessThan(15_000);

    const long = join(t.dir, 'long.txt');
    const paragraphs = Array.from({ length: ARTICLE_LIMITS.paragraphs + 1 }, (_, i) => `Paragraph ${i + 1}.`);
    writeFileSync(long, ['June 20, 2024', 'World', 'Long', ...paragraphs].join('\n'));
    const tooLong = await run(['src/cli/import.ts', long]);
    expect(tooLong.code).toBe(1);
    // Paragraph 501 stands on line 3 + 501.
    expect(tooLong.stderr).toContain(
      `long.txt:${3 + ARTICLE_LIMITS.paragraphs + 1}: ${ARTICLE_LIMITS.paragraphs + 1} paragraphs; at most ${ARTICLE_LIMITS.paragraphs} are allowed`,
    );
  });
});
