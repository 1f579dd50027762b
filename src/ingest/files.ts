// Reads article pages from files and folders and parses them all, or reports every page it cannot read.
// Storing them is the write path's job (src/editorial/import.ts).
import type { Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import pMap from 'p-map';
import { ARTICLE_LIMITS, MAX_PAGE_FILE_BYTES } from './limits.js';
import { parseArticlePage } from './parse.js';
import { ArticleParseError, type DerivedArticle } from './types.js';

/** File reads (and stats) in flight at once: enough to keep the thread pool busy, few enough to be cheap. */
const FILES_IN_FLIGHT = 32;

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

/** What a path is, following symlinks; why it cannot be a page when it is neither file nor folder. */
function kindOf(info: Stats): 'file' | 'folder' | string {
  if (info.isFile()) return 'file';
  if (info.isDirectory()) return 'folder';
  if (info.isFIFO()) return 'a named pipe (FIFO), not a file';
  if (info.isSocket()) return 'a socket, not a file';
  return 'a device, not a file';
}

/** Refuses a file too large to be a page before anything reads it. */
function sizeProblem(file: string, info: Stats): PageProblem | null {
  if (info.size <= MAX_PAGE_FILE_BYTES) return null;
  return {
    file,
    line: 1,
    reason: `the file is ${info.size.toLocaleString('en')} bytes; a page may be at most ${MAX_PAGE_FILE_BYTES.toLocaleString('en')} bytes (${ARTICLE_LIMITS.page.toLocaleString('en')} characters)`,
  };
}

/**
 * Expands folders to the `.txt` pages inside them (recursively, sorted so imports are deterministic).
 * Symlinks are followed to the file they name (a symlinked folder inside a folder is not entered, so a
 * link cannot loop). Anything that is not a regular file — a FIFO would block the import forever — and
 * any file too large to be a page is a problem; every problem is reported at once.
 */
export async function listPageFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  const problems: PageProblem[] = [];
  const addFile = (file: string, info: Stats) => {
    const tooLarge = sizeProblem(file, info);
    if (tooLarge) problems.push(tooLarge);
    else files.push(file);
  };
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) {
      problems.push({ file: path, line: 0, reason: 'no such file or folder' });
      continue;
    }
    const kind = kindOf(info);
    if (kind === 'file') {
      addFile(path, info);
      continue;
    }
    if (kind !== 'folder') {
      problems.push({ file: path, line: 0, reason: `is ${kind}` });
      continue;
    }
    const entries = await readdir(path, { recursive: true, withFileTypes: true });
    const found = entries
      .filter((e) => e.name.endsWith('.txt') && !e.isDirectory())
      .map((e) => join(e.parentPath, e.name))
      .sort();
    const targets = await pMap(found, (file) => stat(file).catch(() => null), {
      concurrency: FILES_IN_FLIGHT,
    });
    for (const [i, file] of found.entries()) {
      const target = targets[i];
      if (!target) problems.push({ file, line: 0, reason: 'a broken symlink' });
      else if (kindOf(target) === 'file') addFile(file, target);
      else if (kindOf(target) !== 'folder') problems.push({ file, line: 0, reason: `is ${kindOf(target)}` });
    }
  }
  if (problems.length > 0) throw new ImportError(problems);
  return files;
}

export interface ParsedPage {
  file: string;
  article: DerivedArticle;
}

/** Parses every file; throws one ImportError naming every bad page (and duplicate slugs) if any is bad. */
export async function parsePageFiles(files: readonly string[], cwd = process.cwd()): Promise<ParsedPage[]> {
  const pages: ParsedPage[] = [];
  const problems: PageProblem[] = [];
  const slugs = new Map<string, string>();
  // Read (and parsed) FILES_IN_FLIGHT at a time, the results in order: one await per file in turn left
  // the process idle for a third of a 10,000-page import (each read is four thread-pool trips).
  const parsed = await pMap(
    files,
    async (file) => {
      const shown = relative(cwd, file) || file;
      try {
        return { shown, article: parseArticlePage(new Uint8Array(await readFile(file)), { file: shown }) };
      } catch (error) {
        return { shown, error };
      }
    },
    { concurrency: FILES_IN_FLIGHT },
  );
  for (const { shown, article, error } of parsed) {
    if (article) {
      const first = slugs.get(article.slug);
      if (first !== undefined) {
        problems.push({ file: shown, line: 1, reason: `same headline slug "${article.slug}" as ${first}` });
        continue;
      }
      slugs.set(article.slug, shown);
      pages.push({ file: shown, article });
    } else if (error instanceof ArticleParseError) {
      problems.push({ file: error.file, line: error.line, reason: error.reason });
    } else {
      problems.push({ file: shown, line: 0, reason: (error as Error).message });
    }
  }
  if (problems.length > 0) throw new ImportError(problems);
  return pages;
}
