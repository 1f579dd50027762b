// `npm run seed` as a real process, run twice on a database file: the seed article is there once.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { setupSuite } from '../helpers/suite.js';

const t = setupSuite({ app: false });

describe('seed', () => {
  it('`npm run seed` runs as a real process twice and leaves one seed article', async () => {
    const run = () =>
      promisify(execFile)('npm', ['run', '--silent', 'seed'], {
        env: { ...process.env, DATABASE_URL: `file:${t.dir}/cli.db` },
      });
    const { migrateFreshFile } = await import('../helpers/db.js');
    migrateFreshFile(`${t.dir}/cli.db`);
    const first = await run();
    expect(first.stdout).toMatch(/created\s+xi-putin-sign-issue-joint-statement/);
    const second = await run();
    expect(second.stdout).toMatch(/unchanged\s+xi-putin-sign-issue-joint-statement/);
  });
});
