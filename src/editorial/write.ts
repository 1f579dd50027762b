// The one write path. Every writer (the import CLI, the seed, every editorial mutation, a dry run, a
// re-derivation) goes through `writeContent`: it owns the transaction, each article's revision, and the
// change event sent after commit. Callers say who writes and why (an Actor) and what each article
// should become; this module works out what changed, for the cache (its tags) and for the world (the
// public events it writes to the outbox in the same transaction, ./article-events.ts).
import { CHANGE_LOG_KEEP, type Db, providerOf, rowInserterOf } from '../db.js';
import { conflict } from '../errors.js';
import type { ArticleStatus, Prisma } from '../generated/prisma/client.js';
import { headlineColumns, titleKeyOf } from '../ingest/derive.js';
import type { DerivedArticle } from '../ingest/types.js';
import { type ArticleEvent, type ArticleSnapshot, EventRecorder } from './article-events.js';
import { cacheTag, type TaggedArticle, writeTags } from './cache-tags.js';
import { emitContentChange, type WriteOrigin } from './events.js';
import {
  type ArticleState,
  loadStoredArticle,
  type RevisionAction,
  recordRevision,
  type StoredArticle,
  stateOf,
} from './revisions.js';
import { insertArticleRows, insertNewArticles, replaceArticleRows } from './store.js';

type Tx = Prisma.TransactionClient;

/** Who writes and why. */
export interface Actor {
  /** Recorded as each revision's author: a token name, `seed`, `import`, `cli:<user>`. */
  author: string;
  /** Reported with the change event. */
  origin: WriteOrigin;
}

/** `kept`: an import left an article alone because an editor changed it since its last import. */
export type WriteOutcome = 'created' | 'updated' | 'unchanged' | 'kept';

export interface SaveResult {
  outcome: WriteOutcome;
  articleId: number;
  slug: string;
  paragraphs: number;
  sources: number;
}

/** Enough of a stored article to tell whether a page changes it: id, content hash, edit mark. */
export interface ArticleStub {
  id: number;
  slug: string;
  contentHash: string;
  editedSinceImport: boolean;
}

/** What an article should become: its derived content, status and delete mark. */
export interface ArticleTarget {
  article: DerivedArticle;
  status: ArticleStatus;
  deleted: boolean;
}

export interface SaveOptions {
  /** Revision action for a change to an existing article; a creation is always CREATE. */
  action: RevisionAction;
  /**
   * Where the content comes from: a page (an import), an editor (a mutation), or the derivation rules
   * (`npm run rederive`). An editor's content change marks the article as edited since its last import.
   */
  via: 'page' | 'editor' | 'rules';
  /** The version the caller last saw: a different stored version is a CONFLICT (optimistic concurrency). */
  expectedVersion?: number | null;
  /** Record a revision even when no editorial field changed (a restore is always recorded). */
  always?: boolean;
}

/** The cache's view of an article as it is once `article` is stored in `rows`. */
function taggedOf(
  article: DerivedArticle,
  rows: { articleId: number; sectionId: number; sourceIds: readonly number[] },
  status: ArticleStatus,
  deletedAt: Date | null,
): TaggedArticle {
  return {
    id: rows.articleId,
    slug: article.slug,
    headline: article.headline,
    headlineKey: headlineColumns(article.headline).headlineKey,
    publishedAt: article.publishedAt,
    status,
    deletedAt,
    sectionId: rows.sectionId,
    sourceIds: rows.sourceIds,
    linkTitleKeys: article.relatedLinks.map((l) => titleKeyOf(l.title)),
  };
}

function versionConflict(expected: number, current: number | null) {
  const error = conflict(
    current === null
      ? `expectedVersion is ${expected}, but there is no such article yet`
      : `The article changed since version ${expected}: it is at version ${current}. Reload it and apply your change again.`,
    'expectedVersion',
  );
  error.extensions.currentVersion = current;
  return error;
}

/** The writer of one transaction: loads articles and saves what they should become. */
export class ArticleWriter {
  readonly #touched = new Set<number>();
  readonly #tags = new Set<string>();
  readonly #events: EventRecorder;

  constructor(
    readonly db: Db,
    /** For the few reads a caller needs inside the transaction (e.g. a slug check). */
    readonly tx: Tx,
    readonly actor: Actor,
    /** The transaction's clock: the delete mark's time, and what "public now" means for its events. */
    readonly now: Date,
  ) {
    this.#events = new EventRecorder(now);
  }

  /** Ids of the articles this transaction created or changed. */
  get touched(): number[] {
    return [...this.#touched];
  }

  /** The response-cache tags of everything public this transaction changed (src/editorial/cache-tags.ts). */
  get tags(): string[] {
    return [...this.#tags];
  }

  #inserter() {
    return { tx: this.tx, provider: providerOf(this.db), fast: rowInserterOf(this.db) };
  }

  /** Tags a written article row (every write bumps its version, so its updatedAt moves too). */
  #tagWrite(
    before: TaggedArticle | null,
    after: TaggedArticle,
    rows: { reclassifiedSourceIds: readonly number[] },
  ): void {
    for (const tag of writeTags(before, after, this.now, { content: true })) this.#tags.add(tag);
    // A source's own fields changed (its kind, under new rules): every answer showing it, public or not.
    for (const id of rows?.reclassifiedSourceIds ?? []) this.#tags.add(cacheTag.source(id));
  }

  /** Notes the public event (if any) of a saved article; `writeEvents` stores them before commit. */
  #noteEvent(
    before: ArticleSnapshot | null,
    after: TaggedArticle,
    state: ArticleState,
    sectionSlug: string,
    content: boolean,
  ): void {
    this.#events.add(before, { articleId: after.id, publication: after, state, sectionSlug }, content);
  }

  /** Writes the events this transaction noted to the outbox (called by writeContent, inside it). */
  writeEvents(): Promise<ArticleEvent[]> {
    return this.#events.write(this.#inserter());
  }

  load(where: { id: number } | { slug: string }): Promise<StoredArticle | null> {
    return loadStoredArticle(this.tx, where);
  }

  /** What an import needs to know of the articles with these slugs, in one query: no content. */
  async stubsBySlug(slugs: readonly string[]): Promise<Map<string, ArticleStub>> {
    const rows =
      slugs.length === 0
        ? []
        : await this.tx.article.findMany({
            where: { slug: { in: [...slugs] } },
            select: { id: true, slug: true, contentHash: true, editedSinceImport: true },
          });
    return new Map(rows.map((row) => [row.slug, row]));
  }

  /**
   * Creates many new articles at once (their slugs must be free): the rows and CREATE revisions `save`
   * would write, in a few multi-row statements (src/editorial/store.ts, insertNewArticles).
   */
  async createMany(
    targets: readonly { article: DerivedArticle; status: ArticleStatus }[],
    via: SaveOptions['via'],
  ): Promise<SaveResult[]> {
    const rows = await insertNewArticles(
      this.#inserter(),
      targets.map((t) => ({ ...t, editedSinceImport: via === 'editor' })),
      this.actor.author,
      this.now,
    );
    return rows.map((row, i) => {
      const { articleId } = row;
      this.#touched.add(articleId);
      const { article, status } = targets[i] as (typeof targets)[number];
      const tagged = taggedOf(article, row, status, null);
      this.#tagWrite(null, tagged, row);
      const state = stateOf(article, row.sectionName, status, false);
      this.#noteEvent(null, tagged, state, article.section.slug, true);
      return {
        outcome: 'created',
        articleId,
        slug: article.slug,
        paragraphs: article.paragraphs.length,
        sources: article.sources.length,
      };
    });
  }

  /**
   * Creates (`existing` null) or changes an article. Content rows are rewritten only when the content
   * hash differs, status and delete mark only when they change, and a revision is recorded when an
   * editorial field changed. Nothing at all is written for an unchanged article.
   */
  async save(
    existing: StoredArticle | null,
    target: ArticleTarget,
    options: SaveOptions,
  ): Promise<SaveResult> {
    const { article, status, deleted } = target;
    const summary = {
      slug: article.slug,
      paragraphs: article.paragraphs.length,
      sources: article.sources.length,
    };
    const deletedAt = deleted ? this.now : null;
    if (options.expectedVersion != null && options.expectedVersion !== (existing?.version ?? 0)) {
      throw versionConflict(options.expectedVersion, existing?.version ?? null);
    }
    if (!existing) {
      const rows = await insertArticleRows(this.#inserter(), article, {
        status,
        deletedAt,
        editedSinceImport: options.via === 'editor',
      });
      const after = stateOf(article, rows.sectionName, status, deleted);
      const tagged = taggedOf(article, rows, status, deletedAt);
      this.#tagWrite(null, tagged, rows);
      this.#noteEvent(null, tagged, after, article.section.slug, true);
      await recordRevision(this.tx, rows.articleId, null, after, {
        author: this.actor.author,
        action: 'CREATE',
      });
      this.#touched.add(rows.articleId);
      return { outcome: 'created', articleId: rows.articleId, ...summary };
    }

    const before = existing.state;
    const contentChanged = existing.contentHash !== article.contentHash;
    const flagsChanged = before.status !== status || before.deleted !== deleted;
    if (!contentChanged && !flagsChanged && !options.always) {
      return { outcome: 'unchanged', articleId: existing.id, ...summary };
    }
    let sectionName = before.section;
    let rows = {
      articleId: existing.id,
      sectionId: existing.tagged.sectionId,
      sourceIds: [...existing.tagged.sourceIds],
      reclassifiedSourceIds: [] as number[],
    };
    if (contentChanged) {
      const stored = await replaceArticleRows(this.#inserter(), existing.id, article);
      ({ sectionName } = stored);
      rows = stored;
    }
    await this.tx.article.update({
      where: { id: existing.id },
      data: {
        version: { increment: 1 },
        ...(flagsChanged ? { status, ...(before.deleted !== deleted ? { deletedAt } : {}) } : {}),
        ...(contentChanged && options.via !== 'rules' ? { editedSinceImport: options.via === 'editor' } : {}),
      },
      select: { id: true },
    });
    const after = stateOf(article, sectionName, status, deleted);
    const keptDeletedAt = before.deleted === deleted ? existing.tagged.deletedAt : deletedAt;
    const tagged = taggedOf(article, rows, status, keptDeletedAt);
    // Even when only its status or delete mark changed, or a restore rewrote equal content, the row's
    // updatedAt moved: it moves in UPDATED_AT lists.
    this.#tagWrite(existing.tagged, tagged, rows);
    this.#noteEvent(
      { publication: existing.tagged, state: before },
      tagged,
      after,
      article.section.slug,
      contentChanged,
    );
    await recordRevision(this.tx, existing.id, before, after, {
      author: this.actor.author,
      action: options.action,
      always: options.always,
    });
    this.#touched.add(existing.id);
    return { outcome: 'updated', articleId: existing.id, ...summary };
  }
}

export interface WriteOptions {
  /** Run everything, report it, then roll back: nothing is written and nothing is announced. */
  dryRun?: boolean;
  /** A large batch (an import): give it time rather than fail half-way. */
  batch?: boolean;
  now?: Date;
}

/** Records what a write touched in its own transaction (other processes read it), and prunes old rows. */
async function logChange(db: Db, tx: Tx, tags: readonly string[]): Promise<number> {
  const { id } = await tx.changeLog.create({ data: { tags: tags.join(' ') }, select: { id: true } });
  if (id % 100 === 0) await tx.changeLog.deleteMany({ where: { id: { lte: id - CHANGE_LOG_KEEP } } });
  await providerOf(db).announceChange(tx, id);
  return id;
}

class DryRunRollback {
  constructor(readonly result: unknown) {}
}

/**
 * Runs `work` in one transaction: all of its writes or none. After commit, one change event names every
 * article written (src/editorial/events.ts); a rolled-back or dry-run write announces nothing.
 */
export async function writeContent<T>(
  db: Db,
  actor: Actor,
  work: (writer: ArticleWriter) => Promise<T>,
  options: WriteOptions = {},
): Promise<T> {
  let writer: ArticleWriter | undefined;
  let changeId: number | undefined;
  let events: ArticleEvent[] = [];
  try {
    const result = await db.$transaction(
      async (tx) => {
        writer = new ArticleWriter(db, tx, actor, options.now ?? new Date());
        const out = await work(writer);
        if (options.dryRun) throw new DryRunRollback(out);
        if (writer.touched.length > 0) {
          changeId = await logChange(db, tx, writer.tags);
          events = await writer.writeEvents();
        }
        return out;
      },
      options.batch ? { timeout: 60 * 60_000, maxWait: 60_000 } : undefined,
    );
    if (writer)
      emitContentChange({
        origin: actor.origin,
        articleIds: writer.touched,
        tags: writer.tags,
        changeId,
        events,
      });
    return result;
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result as T;
    throw error;
  }
}

/** A batch holds the write lock for about this long at most, then commits and lets other writers in. */
export const BATCH_BUDGET_MS = 200;
/**
 * The pause between two batches: longer than a waiting writer's poll interval (src/db/sqlite.ts), so a
 * mutation or another import waiting for the lock gets it before the next batch starts.
 */
export const BATCH_GAP_MS = 40;

/** A batched write failed after earlier batches had committed: `done` lists what was written. */
export class PartialWriteError<R> extends Error {
  constructor(
    readonly done: R[],
    readonly total: number,
    override readonly cause: unknown,
  ) {
    super(
      `${done.length} of ${total} written before the database failed: ${(cause as Error)?.message ?? cause}`,
    );
    this.name = 'PartialWriteError';
  }
}

export interface BatchOptions<R> extends Omit<WriteOptions, 'batch'> {
  /** One transaction for everything: all or nothing, but other writers wait (or give up) meanwhile. */
  atomic?: boolean;
  /** Items handed to `handle` at once (default 1); the time budget is checked between chunks. */
  chunkSize?: number;
  /** Called as each item's batch commits (in order), e.g. for progress. */
  onCommitted?: (result: R, index: number, total: number) => void;
}

/**
 * Writes `items` through the write path in short transactions, each holding the write lock for about
 * BATCH_BUDGET_MS, with a pause between them so other writers (mutations, another import) are never
 * locked out for long. Each batch is all-or-nothing; a failure after the first batch raises
 * PartialWriteError naming what was committed. `atomic` makes the whole run one transaction instead.
 */
export async function writeInBatches<T, R>(
  db: Db,
  actor: Actor,
  items: readonly T[],
  handle: (writer: ArticleWriter, chunk: readonly T[]) => Promise<R[]>,
  options: BatchOptions<R> = {},
): Promise<R[]> {
  const chunkSize = Math.max(1, options.chunkSize ?? 1);
  const done: R[] = [];
  while (done.length < items.length) {
    const from = done.length;
    let batch: R[];
    try {
      batch = await writeContent(
        db,
        actor,
        async (writer) => {
          const started = Date.now();
          const out: R[] = [];
          for (let i = from; i < items.length; i += chunkSize) {
            out.push(...(await handle(writer, items.slice(i, i + chunkSize))));
            if (!options.atomic && Date.now() - started >= BATCH_BUDGET_MS) break;
          }
          return out;
        },
        { ...options, batch: true },
      );
    } catch (error) {
      if (done.length > 0 && !options.dryRun) throw new PartialWriteError(done, items.length, error);
      throw error;
    }
    for (const result of batch) {
      done.push(result);
      options.onCommitted?.(result, done.length - 1, items.length);
    }
    if (done.length < items.length) await new Promise((resolve) => setTimeout(resolve, BATCH_GAP_MS));
  }
  return done;
}
