// Keyset cursors of the article lists. A cursor carries the sort value and id of its own edge, never a
// reference to a row: where it points is decided by those values alone, so a cursor cannot probe rows the
// viewer may not see, and it keeps its place when its article is unpublished or deleted.
//
// Format (version 1): base64url, no padding, of the JSON array [1, field, direction, value, id], e.g.
// [1,"PUBLISHED_AT","DESC","2024-06-20T00:00:00.000Z",42]. Dates are ISO-8601 UTC with milliseconds;
// HEADLINE's value is the folded headline the list sorts by. Decoding is strict: the text must be exactly
// what `encodeCursor` writes for the decoded values (no padding, spacing, other key order or number
// spelling), and the field and direction must be the list's own.
//
// Pure: no Prisma, so a raw-SQL list can compare `(column, id)` with the decoded position the same way.
import { badUserInput } from '../errors.js';

export const CURSOR_FIELDS = ['PUBLISHED_AT', 'HEADLINE', 'UPDATED_AT', 'DELETED_AT'] as const;
export type CursorField = (typeof CURSOR_FIELDS)[number];
export type CursorDirection = 'ASC' | 'DESC';

/** The order a list is in: a sort field, then id, both in `direction`. */
export interface CursorOrder {
  field: CursorField;
  direction: CursorDirection;
}

/** Where a cursor points: just after (or before) the edge whose sort value and id these are. */
export interface CursorPosition extends CursorOrder {
  value: Date | string;
  id: number;
}

const VERSION = 1;
/** Longer inputs are refused unread: no cursor of ours comes near (headlines are bounded). */
const MAX_CURSOR_LENGTH = 2048;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const isDateField = (field: CursorField) => field !== 'HEADLINE';

export function encodeCursor(position: CursorPosition): string {
  const value = position.value instanceof Date ? position.value.toISOString() : position.value;
  const json = JSON.stringify([VERSION, position.field, position.direction, value, position.id]);
  return Buffer.from(json, 'utf8').toString('base64url');
}

/**
 * The position `cursor` names in a list ordered by `order`, or BAD_USER_INPUT on `argument` (`after` or
 * `before`) for anything `encodeCursor` did not write for that order.
 */
export function decodeCursor(
  cursor: string,
  order: CursorOrder,
  argument: 'after' | 'before',
): CursorPosition {
  const notOurs = () => badUserInput(`\`${argument}\` is not a cursor returned by this API`, argument);
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw notOurs();
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw notOurs();
  }
  if (!Array.isArray(decoded) || decoded.length !== 5 || decoded[0] !== VERSION) throw notOurs();
  const [, field, direction, rawValue, id] = decoded as unknown[];
  if (!CURSOR_FIELDS.some((f) => f === field) || (direction !== 'ASC' && direction !== 'DESC')) {
    throw notOurs();
  }
  const cursorOrder = { field: field as CursorField, direction: direction as CursorDirection };
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1 || typeof rawValue !== 'string') {
    throw notOurs();
  }
  let value: Date | string = rawValue;
  if (isDateField(cursorOrder.field)) {
    if (!ISO_INSTANT.test(rawValue)) throw notOurs();
    value = new Date(rawValue);
    if (Number.isNaN(value.getTime())) throw notOurs();
  }
  const position: CursorPosition = { ...cursorOrder, value, id };
  // Round trip: one spelling per position, so look-alikes (padding, spaces, `1e0`) are refused.
  if (encodeCursor(position) !== cursor) throw notOurs();
  if (cursorOrder.field !== order.field || cursorOrder.direction !== order.direction) {
    throw badUserInput(
      `\`${argument}\` is a cursor of the ${cursorOrder.field} ${cursorOrder.direction} order; this list is ordered by ${order.field} ${order.direction}`,
      argument,
    );
  }
  return position;
}
