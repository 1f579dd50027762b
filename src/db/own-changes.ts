// ChangeLog rows this process wrote itself (src/editorial/write.ts), whose tags its caches dropped at commit
// through the write hook: a change feed that later reads them among other processes' rows skips them, so
// answers cached since are not dropped a second time for nothing.

/** At most this many ids are remembered; an older one forgotten is only reported again (dropped twice). */
const REMEMBERED = 10_000;

export class OwnChanges {
  readonly #ids = new Set<number>();

  /** Row `id` was written and handled by this process; ignored once the feed has read past it. */
  add(id: number, readUpTo: number | undefined): void {
    if (readUpTo !== undefined && id <= readUpTo) return;
    this.#ids.add(id);
    if (this.#ids.size > REMEMBERED) {
      const oldest = this.#ids.values().next().value;
      if (oldest !== undefined) this.#ids.delete(oldest);
    }
  }

  /** Whether the feed should skip row `id` (this process's own); each id is skipped once. */
  skip(id: number): boolean {
    return this.#ids.delete(id);
  }

  /** The feed read everything up to `readUpTo` (or gave up on it): forgets those ids. */
  readTo(readUpTo: number): void {
    for (const id of this.#ids) if (id <= readUpTo) this.#ids.delete(id);
  }
}
