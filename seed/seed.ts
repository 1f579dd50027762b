// `npm run seed` (= `prisma db seed`): imports every article page in seed/, idempotently.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, type Db } from '../src/db.js';
import { ImportError, importPages } from '../src/ingest/import.js';

export const SEED_DIR = dirname(fileURLToPath(import.meta.url));

export async function seed(db: Db) {
  return importPages(db, [SEED_DIR], { origin: 'seed', author: 'seed' });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const db = await createDb();
  try {
    const results = await seed(db);
    for (const r of results) {
      console.log(`${r.outcome.padEnd(9)} ${r.slug} (${r.paragraphs} paragraphs, ${r.sources} sources)`);
    }
  } catch (error) {
    console.error(error instanceof ImportError ? error.message : error);
    process.exitCode = 1;
  } finally {
    await db.$disconnect();
  }
}
