// Reads article pages from files and folders and stores them all in one transaction, or none of them.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Db } from '../db.js';
import { type ContentChangeOrigin, emitContentChange } from '../events.js';
import { parseArticlePage } from './parse.js';
import { ArticleParseError, type ParsedArticle } from './types.js';
import { type WriteResult, writeArticleInTransaction } from './writer.js';

export interface PageProblem {
  file: string;
  line: number;
  reason: string;
}

/** Raised when any page cannot be read: lists every bad page; nothing has been written. */
export class ImportError extends Error {
  readonly problems: PageProblem[];
  constructor(problems: PageProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}: ${p.reason}`).join('\n'));
    this.name = 'ImportError';
    this.problems = problems;
  }
}

export interface ImportedPage extends WriteResult {
  file: string;
}

/** Expands folders to the `.txt` pages inside them (recursively, sorted so imports are deterministic). */
export async function listPageFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) throw new ImportError([{ file: path, line: 0, reason: 'no such file or folder' }]);
    if (info.isDirectory()) {
      const entries = await readdir(path, { recursive: true, withFileTypes: true });
      const pages = entries
        .filter((e) => e.isFile() && e.name.endsWith('.txt'))
        .map((e) => join(e.parentPath, e.name))
        .sort();
      files.push(...pages);
    } else {
      files.push(path);
    }
  }
  return files;
}

export interface ParsedPage {
  file: string;
  article: ParsedArticle;
}

/** Parses every file; throws one ImportError naming every bad page (and duplicate slugs) if any is bad. */
export async function parsePageFiles(files: readonly string[], cwd = process.cwd()): Promise<ParsedPage[]> {
  const pages: ParsedPage[] = [];
  const problems: PageProblem[] = [];
  const slugs = new Map<string, string>();
  for (const file of files) {
    const shown = relative(cwd, file) || file;
    try {
      const article = parseArticlePage(new Uint8Array(await readFile(file)), { file: shown });
      const first = slugs.get(article.slug);
      if (first !== undefined) {
        problems.push({ file: shown, line: 1, reason: `same headline slug "${article.slug}" as ${first}` });
        continue;
      }
      slugs.set(article.slug, shown);
      pages.push({ file: shown, article });
    } catch (error) {
      if (error instanceof ArticleParseError) {
        problems.push({ file: error.file, line: error.line, reason: error.reason });
      } else {
        problems.push({ file: shown, line: 0, reason: (error as Error).message });
      }
    }
  }
  if (problems.length > 0) throw new ImportError(problems);
  return pages;
}

export interface ImportOptions {
  /** Who is writing, for the write hook. */
  origin?: ContentChangeOrigin;
  /** Revision author for created and changed articles (default `import`). */
  author?: string;
  /** Called after each page is written, e.g. to print progress. */
  onPage?: (page: ImportedPage, index: number, total: number) => void;
}

/** Writes parsed pages in one transaction: all of them or, on any error, none. */
export async function writePages(
  db: Db,
  pages: readonly ParsedPage[],
  options: ImportOptions = {},
): Promise<ImportedPage[]> {
  const results = await db.$transaction(
    async (tx) => {
      const results: ImportedPage[] = [];
      for (const [index, page] of pages.entries()) {
        const result = {
          file: page.file,
          ...(await writeArticleInTransaction(tx, page.article, {
            revision: { author: options.author ?? 'import', action: 'IMPORT' },
          })),
        };
        results.push(result);
        options.onPage?.(result, index, pages.length);
      }
      return results;
    },
    // A large batch is one transaction by design; give it time rather than a partial import.
    { timeout: 60 * 60_000, maxWait: 60_000 },
  );
  const written = results.filter((r) => r.outcome !== 'unchanged').map((r) => r.articleId);
  emitContentChange({ origin: options.origin ?? 'import', articleIds: written });
  return results;
}

/** Lists, parses and writes pages from files and folders. */
export async function importPages(
  db: Db,
  paths: readonly string[],
  options: ImportOptions = {},
): Promise<ImportedPage[]> {
  const pages = await parsePageFiles(await listPageFiles(paths));
  return writePages(db, pages, options);
}
