// Entry point: check and migrate the database, seed it if empty, then serve, in this process or, with
// WORKERS=N, in N worker processes sharing the port (node:cluster). Each worker has its own response
// cache, kept fresh by the ChangeLog rows the others write (src/http/cache/freshness.ts). SIGTERM/SIGINT
// answer every request in flight, then exit; the primary waits for its workers.
import cluster from 'node:cluster';
import { databaseFileProblem, quickDiagnosis } from './db/sqlite-file.js';
import { createDb } from './db.js';
import { seedDatabase } from './editorial/seed.js';
import { databaseLabelOf, env } from './env.js';
import { createApp, GRAPHQL_ENDPOINT } from './http/app.js';
import { ReadCache } from './http/cache/read-cache.js';
import { createNodeServer } from './http/node-server.js';
import { readerScript } from './http/reader/plugin.js';
import { applyMigrations } from './migrate.js';
import { DeliveryLoop } from './webhooks/deliveries.js';

/** A database the server cannot use is named in one line on stderr; exit code 3, as the CLIs use. */
function cannotStart(problem: string): never {
  console.error(`Cannot start: ${problem}`);
  process.exit(3);
}

/** Once per start (in the primary when there are workers): the file, the migrations, the seed. */
async function prepareDatabase(): Promise<void> {
  const sqlite = env.databaseProvider === 'sqlite';
  // Checked before Prisma, whose migrate engine reports these as "External error id#0".
  const fileProblem = sqlite ? databaseFileProblem(env.databasePath) : null;
  if (fileProblem) cannotStart(fileProblem);
  try {
    await applyMigrations(env.databaseUrl);
  } catch (error) {
    const message = (error as Error).message;
    cannotStart((sqlite ? quickDiagnosis(env.databasePath) : null) ?? message);
  }
  const db = await createDb(env.databaseUrl);
  try {
    if ((await db.article.count()) === 0) {
      const results = await seedDatabase(db);
      console.log(`Seeded ${results.length} article(s) into the empty database.`);
    }
  } finally {
    await db.$disconnect();
  }
}

/** Serves until SIGTERM/SIGINT, then answers what is in flight and releases the database. */
async function serve(): Promise<void> {
  const db = await createDb(env.databaseUrl);
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
  // Webhooks: delivers what the outbox holds, including events committed before a crash or by other
  // processes. Every worker runs one: claims keep them from sending a delivery twice.
  const deliveries = new DeliveryLoop(db);
  deliveries.start();
  // A port in use or a bad HOST is one line and exit 3, as for an unusable database; a worker's exit before
  // it listened tells the primary not to start another (below).
  server.once('error', (error) => cannotStart(`cannot listen on ${env.host}:${env.port}: ${error.message}`));
  server.listen(env.port, env.host, () => {
    if (cluster.isWorker) return; // the primary says where it listens
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : env.port;
    console.log(
      `Newsroom Content API on http://localhost:${port}${GRAPHQL_ENDPOINT} (database ${databaseLabelOf(env.databaseUrl)})`,
    );
    console.log(`Reader on http://localhost:${port}/`);
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    // A supervisor may signal both this process and its parent (`npm start` forwards what it gets), so the
    // same signal can arrive twice: only the first counts.
    if (closing) return;
    closing = true;
    if (cluster.isPrimary) console.log(`${signal}: closing`);
    // Every request in flight is answered (src/http/node-server.ts), then the database is released so the
    // WAL is checkpointed.
    await close();
    cache.close();
    await deliveries.stop();
    await db.$disconnect();
    if (cluster.isPrimary) console.log('closed');
    // Nothing should be left to run; should a stray handle remain, it must not keep the process alive.
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** Forks the workers, replaces one that dies, and on a signal passes it on and waits for them all. */
function supervise(count: number): void {
  let closing = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < count; i++) fork();
  let listening = 0;
  const listened = new Set<number>();
  cluster.on('listening', (worker, address) => {
    listened.add(worker.id);
    if (++listening !== count) return;
    console.log(
      `Newsroom Content API on http://localhost:${address.port}${GRAPHQL_ENDPOINT} (database ${databaseLabelOf(env.databaseUrl)}, ${count} workers)`,
    );
    console.log(`Reader on http://localhost:${address.port}/`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (closing) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        console.log('closed');
        process.exit(process.exitCode ?? 0);
      }
      return;
    }
    if (!listened.has(worker.id)) {
      // It failed while starting (it said why): another would fail alike, so stop them all instead of looping.
      console.error(`worker ${worker.process.pid} could not start (${signal ?? `exit ${code}`}); stopping`);
      closing = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(3);
      process.exitCode = 3;
      return;
    }
    console.error(`worker ${worker.process.pid} ended (${signal ?? `exit ${code}`}); starting another`);
    fork();
  });
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing ${count} workers`);
    // A signal to the whole group reaches the workers directly too; each closes once either way.
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

if (cluster.isPrimary) {
  await prepareDatabase();
  if (env.workers > 1) supervise(env.workers);
  else await serve();
} else {
  await serve();
}
