// Entry point: migrate, seed an empty database, listen, and shut down cleanly on SIGTERM/SIGINT.
import { createServer } from 'node:http';
import { seed } from '../seed/seed.js';
import { ReadCache } from './cache/read-cache.js';
import { createDb } from './db.js';
import { env } from './env.js';
import { applyMigrations } from './migrate.js';
import { createApp, GRAPHQL_ENDPOINT } from './yoga.js';

await applyMigrations(env.databaseUrl);
const db = await createDb(env.databaseUrl);
if ((await db.article.count()) === 0) {
  const results = await seed(db);
  console.log(`Seeded ${results.length} article(s) into the empty database.`);
}

const cache = new ReadCache({ db });
const app = createApp({ db, cache, logging: env.logLevel === 'silent' ? false : env.logLevel });
const server = createServer(cache.nodeHandler(GRAPHQL_ENDPOINT, app));
server.listen(env.port, env.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.port;
  console.log(
    `Newsroom Content API on http://localhost:${port}${GRAPHQL_ENDPOINT} (database ${env.databasePath})`,
  );
});

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: closing`);
  server.close();
  server.closeIdleConnections();
  await db.$disconnect();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
