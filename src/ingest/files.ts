// Reads article pages from files and folders and parses them all, or reports every page it cannot read.
// Storing them is the write path's job (src/editorial/import.ts).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArticlePage } from './parse.js';
import { ArticleParseError, type DerivedArticle } from './types.js';

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
  article: DerivedArticle;
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
