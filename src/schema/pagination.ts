// Shared connection rules: page-size and cursor validation, and the article list's default order.
import { parsePrismaCursor } from '@pothos/plugin-prisma';
import { badUserInput } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import { MAX_PAGE_SIZE } from './builder.js';

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

function checkCursor(name: 'after' | 'before', cursor: string | null | undefined) {
  if (cursor == null) return;
  try {
    parsePrismaCursor(cursor);
  } catch {
    throw badUserInput(`\`${name}\` is not a cursor returned by this API`, name);
  }
}

/** Rejects page sizes outside 0..MAX_PAGE_SIZE and malformed cursors with BAD_USER_INPUT. */
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
  checkCursor('after', args.after);
  checkCursor('before', args.before);
}

/** Newest first; id breaks ties so cursors stay stable. */
export const NEWEST_FIRST: Prisma.ArticleOrderByWithRelationInput[] = [
  { publishedAt: 'desc' },
  { id: 'desc' },
];
