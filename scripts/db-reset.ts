// `npm run db:reset`: empties the database (SQLite: deletes the file and its WAL/SHM/journal; PostgreSQL:
// drops schema public), re-applies migrations, seeds.
import { createDb, emptyDatabase } from '../src/db.js';
import { seedDatabase } from '../src/editorial/seed.js';
import { databaseLabelOf, env } from '../src/env.js';
import { applyMigrations } from '../src/migrate.js';

await emptyDatabase(env.databaseUrl);
await applyMigrations(env.databaseUrl);
const db = await createDb(env.databaseUrl);
const results = await seedDatabase(db);
await db.$disconnect();
console.log(
  `reset ${databaseLabelOf(env.databaseUrl)}: migrations applied, ${results.length} seed article(s) imported`,
);
