// Shared connection rules: page sizes and their validation, and offset paging over an ordered id list.
// Article lists page by keyset cursors instead (src/schema/cursor.ts, articleConnection).
import { cursorToOffset, offsetToCursor, resolveArrayConnection } from '@pothos/plugin-relay';
import { badUserInput } from '../errors.js';

/**
 * Page sizes of every connection: `first`/`last` default to 20 and may not exceed 100. The builder, the
 * checks below and the query-cost estimate (src/http/limits.ts) all read them from here.
 */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** Rejects page sizes outside 0..MAX_PAGE_SIZE, and `first` with `last`, with BAD_USER_INPUT. */
export function assertPageArgs(args: PageArgs): void {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value != null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw badUserInput(`\`${name}\` must be between 0 and ${MAX_PAGE_SIZE}, got ${value}`, name);
    }
  }
  if (args.first != null && args.last != null) {
    throw badUserInput('Pass `first` or `last`, not both', 'last');
  }
}

/**
 * For connections paged over an in-memory ordered id list (search results, sources by article count):
 * the same page-size rules, and cursors that must be this API's offset cursors.
 */
export function assertOffsetPageArgs(args: PageArgs): void {
  assertPageArgs(args);
  for (const name of ['after', 'before'] as const) {
    const cursor = args[name];
    if (cursor == null) continue;
    let offset = Number.NaN;
    try {
      offset = cursorToOffset(cursor);
    } catch {
      // Not an offset cursor at all; reported below.
    }
    // Round-tripping rejects look-alikes such as a non-numeric or padded offset.
    if (!Number.isSafeInteger(offset) || offset < 0 || offsetToCursor(offset) !== cursor) {
      throw badUserInput(`\`${name}\` is not a cursor returned by this API`, name);
    }
  }
}

export interface IdConnection<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor?: string | null;
    endCursor?: string | null;
  };
  totalCount: number;
}

/**
 * Pages an ordered id list with offset cursors, then loads only the page's rows in one query and puts
 * them back in list order. `load` must return rows with their `id`.
 */
export async function connectionOverIds<Node extends { id: number }>(
  args: PageArgs,
  ids: readonly number[],
  load: (pageIds: number[]) => Promise<Node[]>,
): Promise<IdConnection<Node>> {
  assertOffsetPageArgs(args);
  const page = resolveArrayConnection({ args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE }, ids);
  const pageIds = page.edges.flatMap((e) => (e ? [e.node] : []));
  const rows = pageIds.length === 0 ? [] : await load(pageIds);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const edges = page.edges.flatMap((e) => {
    const node = e ? byId.get(e.node) : undefined;
    return e && node ? [{ cursor: e.cursor, node }] : [];
  });
  return { edges, pageInfo: page.pageInfo, totalCount: ids.length };
}
