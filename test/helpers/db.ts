// A fresh database per test file: a SQLite file built from the committed migrations (as KeystoneJS's test
// helpers do), or, in the `postgresql` vitest project (TEST_DATABASE=postgresql), a PostgreSQL database
// copied from the run's migrated template (./postgres.ts).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createDb, type Db } from '../../src/db.js';
import { createPostgresDatabase } from './postgres.js';

const MIGRATIONS = join(import.meta.dirname, '..', '..', 'prisma', 'migrations');

export interface TestDatabase {
  db: Db;
  url: string;
  /** The SQLite file ('' on PostgreSQL). */
  path: string;
  /** A folder of the test file's own, for any other files it needs. */
  dir: string;
  cleanup: () => Promise<void>;
}

/** Applies every committed migration.sql, in order, to a new empty file. */
export function migrateFreshFile(path: string): void {
  const sqlite = new Database(path);
  try {
    const folders = readdirSync(MIGRATIONS, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    for (const folder of folders)
      sqlite.exec(readFileSync(join(MIGRATIONS, folder, 'migration.sql'), 'utf8'));
  } finally {
    sqlite.close();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'newsroom-test-'));
  if (process.env.TEST_DATABASE === 'postgresql') {
    const database = await createPostgresDatabase();
    const db = await createDb(database.url);
    return {
      db,
      url: database.url,
      path: '',
      dir,
      cleanup: async () => {
        await db.$disconnect();
        await database.drop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const path = join(dir, 'test.db');
  migrateFreshFile(path);
  const url = `file:${path}`;
  const db = await createDb(url);
  return {
    db,
    url,
    path,
    dir,
    cleanup: async () => {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
