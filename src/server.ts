// Entry point: migrate, seed an empty database, listen, and shut down cleanly on SIGTERM/SIGINT.

import { databaseFileProblem, quickDiagnosis } from './db/sqlite-file.js';
import { createDb } from './db.js';
import { seedDatabase } from './editorial/seed.js';
import { env } from './env.js';
import { createApp, GRAPHQL_ENDPOINT } from './http/app.js';
import { ReadCache } from './http/cache/read-cache.js';
import { createNodeServer } from './http/node-server.js';
import { readerScript } from './http/reader/plugin.js';
import { applyMigrations } from './migrate.js';

/** A database the server cannot use is named in one line on stderr; exit code 3, as the CLIs use. */
function cannotStart(problem: string): never {
  console.error(`Cannot start: ${problem}`);
  process.exit(3);
}

// Checked before Prisma, whose migrate engine reports these as "External error id#0".
const fileProblem = databaseFileProblem(env.databasePath);
if (fileProblem) cannotStart(fileProblem);
try {
  await applyMigrations(env.databaseUrl);
} catch (error) {
  const diagnosis = quickDiagnosis(env.databasePath);
  if (diagnosis) cannotStart(diagnosis);
  throw error;
}
const db = await createDb(env.databaseUrl);
if ((await db.article.count()) === 0) {
  const results = await seedDatabase(db);
  console.log(`Seeded ${results.length} article(s) into the empty database.`);
}

// Bundle the reader's script now, so a broken build shows at startup rather than on a reader's first visit.
await readerScript();

const cache = new ReadCache({ db });
const app = createApp({
  db,
  cache,
  logging: env.logLevel === 'silent' ? false : env.logLevel,
  corsOrigins: env.corsOrigins,
});
const { server, close } = createNodeServer(app, cache);
server.listen(env.port, env.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.port;
  console.log(
    `Newsroom Content API on http://localhost:${port}${GRAPHQL_ENDPOINT} (database ${env.databasePath})`,
  );
  console.log(`Reader on http://localhost:${port}/`);
});

let closing = false;
async function shutdown(signal: string) {
  // A supervisor may signal both this process and its parent (`npm start` forwards what it gets), so the
  // same signal can arrive twice: only the first counts.
  if (closing) return;
  closing = true;
  console.log(`${signal}: closing`);
  // Every request in flight is answered (src/http/node-server.ts), then the database is released so the
  // WAL is checkpointed.
  await close();
  cache.close();
  await db.$disconnect();
  console.log('closed');
  // Nothing should be left to run; should a stray handle remain, it must not keep the process alive.
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
