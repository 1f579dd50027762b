// `npm run db:check [-- FILE]`: SQLite's integrity, foreign-key and full-text index checks on the database
// (DATABASE_URL, or FILE), with a report. Reads only; safe while the server runs.
// Exit codes: 0 clean, 1 problems found, 2 usage error, 3 the file cannot be opened as a database.
import { parseArgs } from 'node:util';
import { checkDatabaseIntegrity, DatabaseOpenError } from '../db/sqlite-file.js';
import { databasePathOf, env } from '../env.js';

const USAGE = `usage: npm run db:check [-- FILE]
Checks the SQLite database of DATABASE_URL (default file:./data/newsroom.db), or FILE (a path or a file: URL).`;

/** Problems listed per check before "… and N more". */
const SHOWN_PER_CHECK = 20;

function main(): number {
  let path: string;
  try {
    const { positionals } = parseArgs({ allowPositionals: true, options: {} });
    if (positionals.length > 1) throw new Error('give at most one database file');
    const given = positionals[0];
    if (given === undefined && env.databaseProvider !== 'sqlite') {
      throw new Error(
        'db:check checks SQLite files, and DATABASE_URL names a PostgreSQL database: give a FILE',
      );
    }
    path = given === undefined ? env.databasePath : databasePathOf(given) || given;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }

  let report: ReturnType<typeof checkDatabaseIntegrity>;
  try {
    report = checkDatabaseIntegrity(path);
  } catch (error) {
    if (error instanceof DatabaseOpenError) {
      process.stderr.write(`${error.message}\n`);
      return 3;
    }
    throw error;
  }

  const size = `${(report.bytes / 1024 / 1024).toFixed(1)} MB`;
  const articles = report.articles === null ? 'articles unreadable' : `${report.articles} articles`;
  const out: string[] = [`Checking ${report.path} (${size}, ${articles})`];
  const width = Math.max(...report.checks.map((c) => c.name.length));
  for (const check of report.checks) {
    const n = check.problems.length;
    out.push(`  ${check.name.padEnd(width)}  ${n === 0 ? 'ok' : `${n} problem${n === 1 ? '' : 's'}`}`);
    for (const problem of check.problems.slice(0, SHOWN_PER_CHECK)) out.push(`      ${problem}`);
    if (n > SHOWN_PER_CHECK) out.push(`      … and ${n - SHOWN_PER_CHECK} more`);
  }
  const failed = report.checks.filter((c) => c.problems.length > 0).length;
  out.push(
    failed === 0
      ? 'No problems found.'
      : `Problems found in ${failed} of ${report.checks.length} checks: the database is damaged. ` +
          'Stop writers, restore the last good copy (README, Operations) and re-import pages written since.',
  );
  process.stdout.write(`${out.join('\n')}\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = main();
