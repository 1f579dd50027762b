// Imports article pages through the write path: all of a batch in one transaction or none. The import
// CLI, the seed and the importArticlePage mutation all store a page with `importPage`.
import type { Db } from '../db.js';
import type { ArticleStatus } from '../generated/prisma/client.js';
import { listPageFiles, type ParsedPage, parsePageFiles } from '../ingest/files.js';
import type { DerivedArticle } from '../ingest/types.js';
import type { StoredArticle } from './revisions.js';
import { type Actor, type ArticleWriter, type SaveResult, writeInBatches } from './write.js';

export interface ImportedPage extends SaveResult {
  file: string;
}

export interface ImportOptions {
  /** Who writes (default: author `import`, origin `import`). */
  actor?: Actor;
  /** Status of a page that creates an article (default PUBLISHED); an existing article keeps its own. */
  statusForNew?: ArticleStatus;
  /** Write everything, report it, then roll back. */
  dryRun?: boolean;
  /** Overwrite articles an editor changed since their last import (else they are `kept`). */
  force?: boolean;
  /**
   * One transaction for the whole import: all pages or none, but other writers wait meanwhile. By default
   * pages are committed in short batches (src/editorial/write.ts, writeInBatches) so the server's
   * mutations and other imports keep working; a page that cannot be read still writes nothing at all,
   * because every page is parsed before the first batch.
   */
  atomic?: boolean;
  /** Called after each page is written, e.g. to print progress. */
  onPage?: (page: ImportedPage, index: number, total: number) => void;
}

const IMPORT_ACTOR: Actor = { author: 'import', origin: 'import' };

export interface ImportPageOptions {
  /** Status of a page that creates an article; an existing article keeps its own. */
  statusForNew: ArticleStatus;
  /** Overwrite an article an editor changed since its last import; else it is `kept`, untouched. */
  force?: boolean;
  expectedVersion?: number | null;
  /** Sees the existing article first; throws to refuse the page. */
  check?: (existing: StoredArticle) => void;
}

/**
 * Stores one page's article, matched to an existing article by slug. The existing article keeps its
 * status and delete mark; only its content changes (recorded as an IMPORT revision).
 */
export async function importPage(
  writer: ArticleWriter,
  article: DerivedArticle,
  options: ImportPageOptions,
): Promise<SaveResult> {
  const existing = await writer.load({ slug: article.slug });
  if (existing) options.check?.(existing);
  if (existing?.editedSinceImport && !options.force && existing.contentHash !== article.contentHash) {
    return {
      outcome: 'kept',
      articleId: existing.id,
      slug: article.slug,
      paragraphs: article.paragraphs.length,
      sources: article.sources.length,
    };
  }
  return writer.save(
    existing,
    {
      article,
      status: existing?.state.status ?? options.statusForNew,
      deleted: existing?.state.deleted ?? false,
    },
    { action: 'IMPORT', via: 'page', expectedVersion: options.expectedVersion },
  );
}

/**
 * Writes parsed pages in short batches (or, `atomic`, in one transaction). A database failure after the
 * first batch raises PartialWriteError naming the committed pages; importing again finishes the job,
 * as pages already written come back `unchanged`.
 */
export function writePages(
  db: Db,
  pages: readonly ParsedPage[],
  options: ImportOptions = {},
): Promise<ImportedPage[]> {
  return writeInBatches(
    db,
    options.actor ?? IMPORT_ACTOR,
    pages,
    (writer, chunk) => importChunk(writer, chunk, options),
    { atomic: options.atomic, dryRun: options.dryRun, chunkSize: IMPORT_CHUNK, onCommitted: options.onPage },
  );
}

/** Pages looked up and created together: large enough to amortise each statement, small enough to time-box. */
const IMPORT_CHUNK = 100;

/**
 * Imports a chunk of pages: one query finds which exist; unchanged and kept ones cost nothing more, new
 * ones are created together (ArticleWriter.createMany), changed ones go through `importPage` one by one.
 */
async function importChunk(
  writer: ArticleWriter,
  pages: readonly ParsedPage[],
  options: ImportOptions,
): Promise<ImportedPage[]> {
  const stubs = await writer.stubsBySlug(pages.map((p) => p.article.slug));
  const statusForNew = options.statusForNew ?? 'PUBLISHED';
  const results: (ImportedPage | undefined)[] = [];
  const fresh: number[] = [];
  const freshSlugs = new Set<string>();
  // A second page with the slug of a page created in this chunk updates it, after the creation.
  const afterCreation: number[] = [];
  for (const [i, page] of pages.entries()) {
    const stub = stubs.get(page.article.slug);
    const summary = {
      file: page.file,
      slug: page.article.slug,
      paragraphs: page.article.paragraphs.length,
      sources: page.article.sources.length,
    };
    if (!stub && freshSlugs.has(page.article.slug)) afterCreation.push(i);
    else if (!stub) {
      fresh.push(i);
      freshSlugs.add(page.article.slug);
    } else if (stub.contentHash === page.article.contentHash) {
      results[i] = { outcome: 'unchanged', articleId: stub.id, ...summary };
    } else if (stub.editedSinceImport && !options.force) {
      results[i] = { outcome: 'kept', articleId: stub.id, ...summary };
    } else {
      results[i] = {
        file: page.file,
        ...(await importPage(writer, page.article, { statusForNew, force: options.force })),
      };
    }
  }
  const created = await writer.createMany(
    fresh.map((i) => ({ article: (pages[i] as ParsedPage).article, status: statusForNew })),
    'page',
  );
  fresh.forEach((i, n) => {
    results[i] = { file: (pages[i] as ParsedPage).file, ...(created[n] as SaveResult) };
  });
  for (const i of afterCreation) {
    const page = pages[i] as ParsedPage;
    results[i] = {
      file: page.file,
      ...(await importPage(writer, page.article, { statusForNew, force: options.force })),
    };
  }
  return results.map((r) => {
    if (!r) throw new Error('a page of the chunk has no result');
    return r;
  });
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
