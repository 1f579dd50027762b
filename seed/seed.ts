// `npm run seed` (= `prisma db seed`): imports every article page in seed/, idempotently.
import { CLI_WRITE_LOCK_WAIT_MS, createDb } from '../src/db.js';
import { seedDatabase } from '../src/editorial/seed.js';
import { env } from '../src/env.js';
import { ImportError } from '../src/ingest/files.js';

const db = await createDb(env.databaseUrl, { writeLockWaitMs: CLI_WRITE_LOCK_WAIT_MS });
try {
  const results = await seedDatabase(db);
  for (const r of results) {
    console.log(`${r.outcome.padEnd(9)} ${r.slug} (${r.paragraphs} paragraphs, ${r.sources} sources)`);
  }
} catch (error) {
  console.error(error instanceof ImportError ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
