// `npm run import -- [--dry-run] [--force] [--atomic] [--author NAME] <file-or-folder>...`: imports article
// pages. Every page is parsed first (one bad page: nothing is written), then they are written in short
// batches (src/editorial/write.ts, writeInBatches), or in one transaction with --atomic. Exit codes:
// 0 imported (or would import), 1 bad pages or none found (nothing written), 2 usage error, 3 the
// database failed (nothing written, or, after the first batch, the pages already written are listed).
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { CLI_WRITE_LOCK_WAIT_MS, createDb, databaseErrorMessage } from '../db.js';
import { type ImportedPage, writePages } from '../editorial/import.js';
import { PartialWriteError } from '../editorial/write.js';
import { env } from '../env.js';
import { ImportError, listPageFiles, parsePageFiles } from '../ingest/files.js';

const USAGE = `usage: npm run import -- [--dry-run] [--force] [--atomic] [--author NAME] <file-or-folder>...

Imports article pages (docs/page-format.md); folders are searched for .txt files recursively.
Every page is read first: any bad page writes nothing and exits 1. Pages are then written in short
batches so the server and other imports keep writing meanwhile; if the database fails part-way, the
pages already written are listed and running the same import again finishes it.
An article an editor changed in the API since its last import is kept as it is (reported as "kept").
  --dry-run      parse and report what would change, write nothing
  --force        overwrite articles changed in the API since their last import
  --atomic       write all pages in one transaction (other writers wait or fail meanwhile)
  --author NAME  name recorded in revisions (default cli:<user>)
Uses DATABASE_URL (default file:./data/newsroom.db).`;

/** Batches at least this large report progress on stderr. */
const PROGRESS_FROM = 50;

function progress(total: number): (page: ImportedPage, index: number) => void {
  if (total < PROGRESS_FROM) return () => {};
  const step = Math.max(1, Math.floor(total / 20));
  return (_page, index) => {
    const done = index + 1;
    if (done % step === 0 || done === total) process.stderr.write(`progress: ${done}/${total} pages\n`);
  };
}

function line(r: ImportedPage, dryRun: boolean): string {
  const outcome =
    dryRun && (r.outcome === 'created' || r.outcome === 'updated')
      ? `would-${r.outcome.replace(/d$/, '')}`
      : r.outcome;
  return `${outcome.padEnd(9)} ${r.slug} (${r.paragraphs} paragraphs, ${r.sources} sources) ${r.file}`;
}

async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  const parse = (a: string[]) =>
    parseArgs({
      args: a,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        atomic: { type: 'boolean', default: false },
        author: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  try {
    args = parse(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.positionals.length === 0) {
    process.stderr.write(`no files or folders given\n\n${USAGE}\n`);
    return 2;
  }
  const author = args.values.author?.trim() || `cli:${userInfo().username}`;
  const dryRun = args.values['dry-run'];

  let pages: Awaited<ReturnType<typeof parsePageFiles>>;
  try {
    pages = await parsePageFiles(await listPageFiles(args.positionals));
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    for (const p of error.problems) process.stderr.write(`${p.file}:${p.line}: ${p.reason}\n`);
    process.stderr.write(`${error.problems.length} bad page(s): nothing was written\n`);
    return 1;
  }
  if (pages.length === 0) {
    process.stderr.write('no .txt pages found: nothing to import\n');
    return 1;
  }

  const db = await createDb(env.databaseUrl, { writeLockWaitMs: CLI_WRITE_LOCK_WAIT_MS });
  try {
    const onPage = progress(pages.length);
    // A dry run is the real import, rolled back: the report is exactly what an import would do.
    const results = await writePages(db, pages, {
      actor: { author, origin: 'import' },
      onPage,
      dryRun,
      force: args.values.force,
      atomic: args.values.atomic,
    });
    for (const r of results) process.stdout.write(`${line(r, dryRun)}\n`);
    const count = (o: string) => results.filter((r) => r.outcome === o).length;
    process.stdout.write(
      `${results.length} page(s): ${count('created')} created, ${count('updated')} updated, ` +
        `${count('unchanged')} unchanged${count('kept') > 0 ? `, ${count('kept')} kept` : ''}` +
        `${dryRun ? ' (dry run: nothing written)' : ''}\n`,
    );
    const kept = results.filter((r) => r.outcome === 'kept');
    if (kept.length > 0) {
      process.stderr.write(
        `kept ${kept.length} article(s) edited in the API since their last import (--force overwrites): ` +
          `${kept.map((r) => r.slug).join(', ')}\n`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof PartialWriteError) {
      for (const r of error.done as ImportedPage[]) process.stdout.write(`${line(r, dryRun)}\n`);
      process.stderr.write(
        `database error after ${error.done.length} of ${error.total} page(s) were written (listed above): ` +
          `${databaseErrorMessage(error.cause)}\nthe other pages were not written; run the same import again to finish\n`,
      );
    } else {
      process.stderr.write(`database error, nothing was written: ${databaseErrorMessage(error)}\n`);
    }
    return 3;
  } finally {
    await db.$disconnect();
  }
}

process.exitCode = await main(process.argv.slice(2));
