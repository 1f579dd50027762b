// The SQLite file itself, before and beside Prisma: can it be opened and written (checked at startup,
// before `prisma migrate deploy`, whose failures read "External error id#0"), and what SQLite's own
// integrity checks say about it (`npm run db:check`). Every problem is one plain sentence.
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';

/** The first 16 bytes of every SQLite database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function errnoWords(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** Whether a file can be created in `dir` (as SQLite must, for the -wal and -shm files next to the database). */
function folderProblem(dir: string): string | null {
  const probe = join(dir, `.${process.pid}-${Date.now()}.write-check`);
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      return `folder ${dir} is read-only (${errnoWords(error)}): SQLite needs to create files next to the database`;
    }
    return `cannot write in folder ${dir}: ${errnoWords(error)}`;
  }
}

/**
 * What stops the server from using the database file at `path`, in one sentence, or null when nothing
 * does: a folder that cannot be created or written, a file that cannot be read and written, or a file
 * that is not an SQLite database (its header is wrong). A missing file is fine: migrations create it.
 * `createFolder` makes a missing folder, as the server does.
 */
export function databaseFileProblem(path: string, { createFolder = true } = {}): string | null {
  const dir = dirname(path);
  if (!existsSync(dir)) {
    if (!createFolder) return `cannot open ${path}: folder ${dir} does not exist`;
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      return `cannot create folder ${dir}: ${errnoWords(error)}`;
    }
  }
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) return `cannot open ${path}: it is a folder, not a database file`;
    let fd: number;
    try {
      fd = openSync(path, 'r+');
    } catch (error) {
      return `cannot open ${path} for writing: ${errnoWords(error)}`;
    }
    try {
      const header = Buffer.alloc(100);
      const read = readSync(fd, header, 0, header.length, 0);
      // An empty file is a new database; anything else must start with the header.
      if (read > 0 && (read < header.length || !header.subarray(0, 16).equals(SQLITE_HEADER))) {
        return `cannot open ${path}: file is not a database (it does not start with the SQLite header)`;
      }
    } finally {
      closeSync(fd);
    }
  }
  return folderProblem(dir);
}

/** SQLite's error for a file it cannot use, in words (`file is not a database`, `database disk image is malformed`). */
export function sqliteErrorWords(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

export interface IntegrityCheck {
  /** What was checked, e.g. `integrity_check`. */
  name: string;
  /** Problems found, one line each (empty when clean). */
  problems: string[];
}

export interface IntegrityReport {
  path: string;
  bytes: number;
  articles: number | null;
  checks: IntegrityCheck[];
}

/** Thrown when the file cannot be opened as a database at all (db:check exits 3). */
export class DatabaseOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

function run(name: string, check: () => string[]): IntegrityCheck {
  try {
    return { name, problems: check() };
  } catch (error) {
    // A check that cannot even run (SQLITE_CORRUPT while reading) found a problem.
    return { name, problems: [sqliteErrorWords(error)] };
  }
}

/**
 * SQLite's own checks on the file at `path`: `PRAGMA integrity_check` (every page, index and constraint),
 * `PRAGMA foreign_key_check`, and FTS5's `integrity-check` of the full-text index `ArticleSearch`
 * against the articles. Reads only; safe beside a running server (WAL). Throws DatabaseOpenError when
 * the file is missing or is not a database.
 */
export function checkDatabaseIntegrity(path: string): IntegrityReport {
  if (!existsSync(path)) throw new DatabaseOpenError(`cannot open ${path}: no such file`);
  const problem = databaseFileProblem(path, { createFolder: false });
  if (problem?.includes('not a database') || problem?.includes('is a folder')) {
    throw new DatabaseOpenError(problem);
  }
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path, { fileMustExist: true });
    sqlite.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (error) {
    throw new DatabaseOpenError(`cannot open ${path}: ${sqliteErrorWords(error)}`);
  }
  try {
    // Rows as they come: a check that stops on a damaged page has already reported what it found before.
    const rows = (sql: string, line: (row: Record<string, unknown>) => string) => {
      const lines: string[] = [];
      try {
        for (const row of sqlite.prepare(sql).iterate() as Iterable<Record<string, unknown>>) {
          lines.push(...line(row).split('\n'));
        }
      } catch (error) {
        lines.push(sqliteErrorWords(error));
      }
      return lines;
    };
    // `Tree 7 page 24: …` names a b-tree by its root page; say which table or index that is.
    const treeNames = new Map<number, string>();
    try {
      for (const row of sqlite.prepare('SELECT rootpage, name FROM sqlite_schema').all() as {
        rootpage: number;
        name: string;
      }[]) {
        treeNames.set(row.rootpage, row.name);
      }
    } catch {
      // the schema itself is damaged: integrity_check says so
    }
    const named = (line: string) =>
      line.replace(/^Tree (\d+)/, (tree, root: string) => {
        const name = treeNames.get(Number(root));
        return name ? `${tree} (${name})` : tree;
      });
    const checks = [
      run('integrity_check', () =>
        rows('PRAGMA integrity_check', (r) => String(r.integrity_check))
          .filter((line) => line !== 'ok' && line !== '*** in database main ***')
          .map(named),
      ),
      run('foreign_key_check', () =>
        rows(
          'PRAGMA foreign_key_check',
          (r) => `${r.table} row ${r.rowid} points to a missing ${r.parent} (foreign key ${r.fkid})`,
        ),
      ),
      run('ArticleSearch FTS5 integrity-check', () => {
        // The FTS5 command is written as an INSERT but changes nothing: it compares index and content.
        sqlite.prepare(`INSERT INTO "ArticleSearch"("ArticleSearch") VALUES ('integrity-check')`).run();
        return [];
      }),
      // The writer keeps one search row per article (rowid = Article.id): any other count means search
      // misses articles or finds deleted ones.
      run('ArticleSearch rows match articles', () => {
        const count = (sql: string) => Number(sqlite.prepare(sql).pluck().get());
        const missing = count(
          `SELECT count(*) FROM "Article" a WHERE NOT EXISTS (SELECT 1 FROM "ArticleSearch" s WHERE s.rowid = a."id")`,
        );
        const orphans = count(
          `SELECT count(*) FROM "ArticleSearch" s WHERE NOT EXISTS (SELECT 1 FROM "Article" a WHERE a."id" = s.rowid)`,
        );
        return [
          ...(missing > 0 ? [`${missing} article(s) have no search row`] : []),
          ...(orphans > 0 ? [`${orphans} search row(s) belong to no article`] : []),
        ];
      }),
    ];
    let articles: number | null = null;
    try {
      articles = Number(sqlite.prepare('SELECT count(*) FROM "Article"').pluck().get());
    } catch {
      // reported by the checks
    }
    return { path, bytes: statSync(path).size, articles, checks };
  } finally {
    sqlite.close();
  }
}

/** A one-line summary for startup failures: `database disk image is malformed`, or null when it opens. */
export function quickDiagnosis(path: string): string | null {
  if (!existsSync(path)) return null;
  try {
    const sqlite = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const result = sqlite.prepare('PRAGMA quick_check(1)').pluck().get();
      return result === 'ok'
        ? null
        : `${basename(path)} is damaged (${String(result)}); run npm run db:check`;
    } finally {
      sqlite.close();
    }
  } catch (error) {
    return `cannot open ${path}: ${sqliteErrorWords(error)}`;
  }
}
