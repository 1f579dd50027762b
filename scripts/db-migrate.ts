// `npm run db:migrate`: applies pending migrations to DATABASE_URL with `prisma migrate deploy` and the
// provider's Prisma config (src/migrate.ts), as `npm start` does.
import { databaseLabelOf, env } from '../src/env.js';
import { applyMigrations } from '../src/migrate.js';

await applyMigrations(env.databaseUrl);
console.log(`migrations applied to ${databaseLabelOf(env.databaseUrl)}`);
