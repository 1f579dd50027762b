// Entry point: migrate, seed an empty database, listen, and shut down cleanly on SIGTERM/SIGINT.
import { createServer } from 'node:http';
import { createDb } from './db.js';
import { seedDatabase } from './editorial/seed.js';
import { databaseLabelOf, env } from './env.js';
import { createApp, GRAPHQL_ENDPOINT } from './http/app.js';
import { ReadCache } from './http/cache/read-cache.js';
import { readerScript } from './http/reader/plugin.js';
import { applyMigrations } from './migrate.js';

await applyMigrations(env.databaseUrl);
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
const server = createServer(cache.nodeHandler(GRAPHQL_ENDPOINT, app));
server.listen(env.port, env.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.port;
  console.log(
    `Newsroom Content API on http://localhost:${port}${GRAPHQL_ENDPOINT} (database ${databaseLabelOf(env.databaseUrl)})`,
  );
  console.log(`Reader on http://localhost:${port}/`);
});

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: closing`);
  // Stop accepting, let in-flight requests finish (idle keep-alive sockets are closed now), then release
  // the database so the WAL is checkpointed. A stuck client cannot hold the process past 10 s.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), 10_000);
  await closed;
  clearTimeout(timer);
  await db.$disconnect();
  console.log('closed');
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
