// The one place that hears about every committed content write, so caches can drop what it changed and
// live subscribers hear its public events. The write path (src/editorial/write.ts) emits here after each
// commit. Commits by other processes on the same database are noticed by the listeners themselves
// (src/http/cache/freshness.ts, src/live/feed.ts, through watchExternalChanges in src/db.ts: SQLite's
// data_version or PostgreSQL's NOTIFY, then the rows those commits wrote).
import { EventEmitter } from 'node:events';
import type { ArticleEvent } from './article-events.js';

/** Who wrote: an API mutation, the import CLI, the seed, or `npm run rederive`. */
export type WriteOrigin = 'mutation' | 'import' | 'seed' | 'rederive';

export interface ContentChange {
  origin: WriteOrigin;
  /** Ids of the articles written. */
  articleIds: number[];
  /** The response-cache tags of what changed publicly (src/editorial/cache-tags.ts); may be empty. */
  tags?: string[];
  /** The ChangeLog row recording these tags for other processes. */
  changeId?: number;
  /** The public events written to the outbox (src/editorial/article-events.ts), in order; may be empty. */
  events?: ArticleEvent[];
}

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

/** Subscribes to committed writes; returns the unsubscribe function. */
export function onContentChange(listener: (change: ContentChange) => void): () => void {
  emitter.on('change', listener);
  return () => emitter.off('change', listener);
}

/** Call after a transaction commits, never inside it: a rolled-back write must not invalidate anything. */
export function emitContentChange(change: ContentChange): void {
  if (change.articleIds.length === 0) return;
  emitter.emit('change', change);
}
