// A fresh SQLite file per test file, built from the committed migrations (as KeystoneJS's test helpers do).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createDb, type Db } from '../../src/db.js';

const MIGRATIONS = join(import.meta.dirname, '..', '..', 'prisma', 'migrations');

export interface TestDatabase {
  db: Db;
  url: string;
  path: string;
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
