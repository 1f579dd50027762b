// A damaged database is noticed: /health answers 503 with the reason when reading an article or searching
// fails, `npm run db:check` reports SQLite's integrity, foreign-key and full-text checks (exit 0 / 1 / 3),
// and the server refuses to start on a file that is not a database or a read-only folder, in one line.
import { execFile, spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../src/db.js';
import { seedDatabase } from '../src/editorial/seed.js';
import { createApp } from '../src/http/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { gql } from './helpers/gql.js';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'newsroom-health-'));
let t: TestDatabase;
let cleanFile: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDatabase(t.db);
  // Everything in the main file, so a copy is the whole database.
  await t.db.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
  cleanFile = join(dir, 'clean.db');
  copyFileSync(t.path, cleanFile);
});
afterAll(async () => {
  await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** A copy of the clean database with every page of the named tables overwritten (never page 1, the header). */
function corruptCopy(name: string, tables: string[]): string {
  const file = join(dir, `${name}.db`);
  copyFileSync(cleanFile, file);
  const sqlite = new Database(file, { readonly: true });
  const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
  const pages = sqlite
    .prepare(`SELECT pageno FROM dbstat WHERE name IN (${tables.map(() => '?').join(', ')}) AND pageno > 1`)
    .pluck()
    .all(...tables) as number[];
  sqlite.close();
  expect(pages.length).toBeGreaterThan(0);
  const bytes = readFileSync(file);
  for (const page of pages) bytes.fill(0xa5, (page - 1) * pageSize, page * pageSize);
  writeFileSync(file, bytes);
  return file;
}

async function health(db: Db): Promise<{ status: number; body: { status: string; reason?: string } }> {
  const app = createApp({ db, logging: false });
  const response = await app.fetch('http://yoga/health');
  return { status: response.status, body: (await response.json()) as { status: string; reason?: string } };
}

async function withDb<T>(file: string, use: (db: Db) => Promise<T>): Promise<T> {
  const db = await createDb(`file:${file}`);
  try {
    return await use(db);
  } finally {
    await db.$disconnect();
  }
}

const run = promisify(execFile);
async function dbCheck(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      join(root, 'node_modules', '.bin', 'tsx'),
      ['src/cli/db-check.ts', file],
      {
        cwd: root,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('/health', () => {
  it('answers 200 when the newest article and search both read', async () => {
    const answer = await withDb(cleanFile, health);
    expect(answer).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('answers 503 with the reason when the paragraphs pages are damaged, as article pages fail', async () => {
    const file = corruptCopy('paragraphs', ['Paragraph']);
    await withDb(file, async (db) => {
      const answer = await health(db);
      expect(answer.status).toBe(503);
      expect(answer.body.status).toBe('unavailable');
      expect(answer.body.reason).toMatch(/^reading the newest article: .*malformed/);
      // What a reader would have met.
      const page = await gql(
        createApp({ db, logging: false }),
        '{ articles(first: 1) { edges { node { paragraphs { text } } } } }',
      );
      expect(page.errors?.length).toBeGreaterThan(0);
    });
  });

  it('answers 503 when the full-text index is damaged, as search fails', async () => {
    const file = corruptCopy('search', ['ArticleSearch_data', 'ArticleSearch_idx']);
    await withDb(file, async (db) => {
      const answer = await health(db);
      expect(answer.status).toBe(503);
      expect(answer.body.reason).toMatch(/^searching: /);
    });
  });
});

describe('npm run db:check', () => {
  it('exits 0 with a report for a clean database', async () => {
    const { code, stdout } = await dbCheck(cleanFile);
    expect(code).toBe(0);
    expect(stdout).toMatch(/integrity_check\s+ok/);
    expect(stdout).toMatch(/foreign_key_check\s+ok/);
    expect(stdout).toMatch(/ArticleSearch FTS5 integrity-check\s+ok/);
    expect(stdout).toContain('No problems found.');
  });

  it('exits 1 naming the damaged table', async () => {
    const { code, stdout } = await dbCheck(corruptCopy('check-paragraphs', ['Paragraph']));
    expect(code).toBe(1);
    expect(stdout).toMatch(/integrity_check\s+\d+ problems?/);
    expect(stdout).toMatch(/Tree \d+ \(Paragraph\)/);
    expect(stdout).toMatch(/Problems found in \d of 4 checks/);
  });

  it('exits 1 when only the full-text index is damaged', async () => {
    const { code, stdout } = await dbCheck(corruptCopy('check-search', ['ArticleSearch_data']));
    expect(code).toBe(1);
    expect(stdout).toMatch(/ArticleSearch FTS5 integrity-check\s+\d+ problems?/);
  });

  it('exits 3 when the file is not a database or does not exist', async () => {
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, Buffer.alloc(64 * 1024, 0x5a));
    const notDb = await dbCheck(garbage);
    expect(notDb.code).toBe(3);
    expect(notDb.stderr.trim()).toBe(
      `cannot open ${garbage}: file is not a database (it does not start with the SQLite header)`,
    );
    const missing = await dbCheck(join(dir, 'missing.db'));
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/no such file/);
  });
});

/** Starts the server on `databaseUrl` and resolves with its exit code and output once it exits. */
function startServer(databaseUrl: string, asUser?: number): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    ...(asUser === undefined ? {} : { uid: asUser, gid: asUser }),
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  // Should it start after all, it is stopped: the assertions then fail on its output.
  child.stdout.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('/graphql')) child.kill('SIGTERM');
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

describe('startup on a database it cannot use', () => {
  it('names a file whose header is not SQLite in one line, before migrating', async () => {
    const file = join(dir, 'bad-header.db');
    copyFileSync(cleanFile, file);
    const bytes = readFileSync(file);
    bytes.write('this is not an SQLite file', 0, 'latin1');
    writeFileSync(file, bytes);
    const { code, stderr } = await startServer(`file:${file}`);
    expect(code).toBe(3);
    expect(stderr.trim().split('\n')).toEqual([
      `Cannot start: cannot open ${file}: file is not a database (it does not start with the SQLite header)`,
    ]);
  }, 60_000);

  it('names a read-only folder in one line', async () => {
    const readOnly = join(dir, 'read-only');
    mkdirSync(readOnly);
    chmodSync(dir, 0o755);
    chmodSync(readOnly, 0o555);
    // Root writes anywhere: as root, the server runs as nobody to meet the read-only folder.
    const asUser = process.getuid?.() === 0 ? 65534 : undefined;
    const { code, stderr } = await startServer(`file:${join(readOnly, 'newsroom.db')}`, asUser);
    expect(code).toBe(3);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`^Cannot start: folder ${readOnly} is read-only`));
  }, 60_000);
});
