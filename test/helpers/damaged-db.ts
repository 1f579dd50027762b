// Copies of a test database with pages overwritten, as a disk or a crash in the middle of a write leaves
// them: the header (page 1) intact, so SQLite opens the file and fails only where it reads those pages.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../../src/db.js';

/** A copy of the database at `path` with everything in its main file (the WAL checkpointed first). */
export async function wholeCopy(db: Db, path: string, dir: string, name = 'clean'): Promise<string> {
  await db.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
  const file = join(dir, `${name}.db`);
  copyFileSync(path, file);
  return file;
}

/** A copy of `file` with every page of the named tables and indexes filled with junk (never page 1). */
export function damagedCopy(file: string, dir: string, name: string, tables: readonly string[]): string {
  const copy = join(dir, `${name}.db`);
  copyFileSync(file, copy);
  const sqlite = new Database(copy, { readonly: true });
  const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
  const pages = sqlite
    .prepare(`SELECT pageno FROM dbstat WHERE name IN (${tables.map(() => '?').join(', ')}) AND pageno > 1`)
    .pluck()
    .all(...tables) as number[];
  sqlite.close();
  if (pages.length === 0) throw new Error(`no pages found for ${tables.join(', ')}`);
  const bytes = readFileSync(copy);
  for (const page of pages) bytes.fill(0xa5, (page - 1) * pageSize, page * pageSize);
  writeFileSync(copy, bytes);
  return copy;
}
