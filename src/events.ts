// The one place that hears about every committed content write (mutations, imports, seeds), so caches
// can be invalidated. Writes by other processes are detected separately (see watchExternalWrites).
import { EventEmitter } from 'node:events';

export type ContentChangeOrigin = 'mutation' | 'import' | 'seed' | 'external' | 'schedule';

export interface ContentChange {
  origin: ContentChangeOrigin;
  /** Ids of the articles written; empty when unknown (e.g. another process wrote). */
  articleIds: number[];
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
  if (change.origin !== 'external' && change.articleIds.length === 0) return;
  emitter.emit('change', change);
}
