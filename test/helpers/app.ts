// The usual test fixture: a fresh database from the migrations, the seed page imported, and the app on it.
import { seedDatabase as seed } from '../../src/editorial/seed.js';
import { type App, type AppOptions, createApp } from '../../src/http/app.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export async function createSeededApp(
  options: Omit<AppOptions, 'db'> = {},
): Promise<{ t: TestDatabase; app: App }> {
  const t = await createTestDatabase();
  await seed(t.db);
  return { t, app: createApp({ db: t.db, logging: false, ...options }) };
}
