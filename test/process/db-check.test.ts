// `npm run db:check` reports SQLite's integrity, foreign-key and full-text checks on a database (exit 0 clean,
// 1 problems naming the damaged table, 3 not a database), and the server refuses to start on a file that is
// not a database or in a read-only folder, saying so in one line (exit 3).
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { damagedCopy, wholeCopy } from '../helpers/damaged-db.js';
import { ROOT, TSX } from '../helpers/fixtures.js';
import { runCommand } from '../helpers/process.js';
import { setupSuite } from '../helpers/suite.js';

const t = setupSuite({ seed: true, app: false });
let cleanFile: string;
let dir: string;
beforeAll(async () => {
  dir = t.dir;
  cleanFile = await wholeCopy(t.db, t.path, t.dir);
});

const corruptCopy = (name: string, tables: string[]) => damagedCopy(cleanFile, dir, name, tables);
const dbCheck = (file: string) => runCommand(TSX, ['src/cli/db-check.ts', file]);

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
    cwd: ROOT,
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
