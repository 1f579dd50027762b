// `npm run db:reset`: deletes the SQLite file (and its WAL/SHM/journal), re-applies migrations, seeds.
import { rmSync } from 'node:fs';
import { createDb } from '../src/db.js';
import { seedDatabase } from '../src/editorial/seed.js';
import { env } from '../src/env.js';
import { applyMigrations } from '../src/migrate.js';

for (const suffix of ['', '-wal', '-shm', '-journal'])
  rmSync(`${env.databasePath}${suffix}`, { force: true });
await applyMigrations(env.databaseUrl);
const db = await createDb(env.databaseUrl);
const results = await seedDatabase(db);
await db.$disconnect();
console.log(`reset ${env.databasePath}: migrations applied, ${results.length} seed article(s) imported`);
