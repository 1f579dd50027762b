// `npm run rederive`: after a change to the derivation rules, brings every stored article's citations,
// sources, quotes and search row up to date (src/editorial/rederive.ts). Idempotent: a second run
// rewrites nothing. Exit codes: 0 done, 2 usage error, 3 the database failed.
import { CLI_WRITE_LOCK_WAIT_MS, createDb, databaseErrorMessage } from '../db.js';
import { rederiveArticles } from '../editorial/rederive.js';
import { env } from '../env.js';

const USAGE = `usage: npm run rederive

Derives every stored article again with the current rules and rewrites those whose derived rows changed.
Uses DATABASE_URL (default file:./data/newsroom.db).`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (argv.length > 0) {
    process.stderr.write(`unexpected argument ${JSON.stringify(argv[0])}\n\n${USAGE}\n`);
    return 2;
  }
  const db = await createDb(env.databaseUrl, { writeLockWaitMs: CLI_WRITE_LOCK_WAIT_MS });
  try {
    const step = 500;
    const report = await rederiveArticles(db, {
      onProgress: (done, total) => {
        if (done % step === 0 || (done === total && total > step)) {
          process.stderr.write(`progress: ${done}/${total} articles\n`);
        }
      },
    });
    process.stdout.write(
      `${report.articles} article(s): ${report.rederived} rederived, ${report.articles - report.rederived} unchanged\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`database error: ${databaseErrorMessage(error)}\n`);
    return 3;
  } finally {
    await db.$disconnect();
  }
}

process.exitCode = await main(process.argv.slice(2));
