// Ordering of sources and sections by name or by visible article count, computed in memory: Prisma can
// order by a relation count but not by a filtered one, and these lists are small (hundreds of rows).
import { OrderDirection } from './article-query.js';
import { builder } from './builder.js';

export interface CountOrder {
  field: 'NAME' | 'ARTICLE_COUNT';
  direction: 'ASC' | 'DESC';
}

/**
 * The `<Type>OrderField` enum and `<Type>Order` input of a list ordered by name or article count
 * (sections, sources). `counted` says which articles count, e.g. `in the section`.
 */
export function countOrderInput(typeName: 'Section' | 'Source', counted: string) {
  const field = builder.enumType(`${typeName}OrderField`, {
    values: {
      NAME: { description: 'Name, alphabetical, ignoring case and accents.' },
      ARTICLE_COUNT: { description: `Number of visible articles ${counted}; ties by name.` },
    } as const,
  });
  return builder.inputType(`${typeName}Order`, {
    fields: (t) => ({
      field: t.field({ type: field, required: true }),
      direction: t.field({ type: OrderDirection, required: true }),
    }),
  });
}

/**
 * Ids ordered by (count or sort key, then sort key, then id) in the requested direction; default by sort
 * key A→Z. The sort key is the slug: lower-case and accent-free, so it orders names ignoring both.
 */
export function orderByCounts(
  rows: readonly { id: number; sortKey: string }[],
  counts: ReadonlyMap<number, number>,
  order: CountOrder | null | undefined,
): number[] {
  const sign = order?.direction === 'DESC' ? -1 : 1;
  const byName = (a: { id: number; sortKey: string }, b: { id: number; sortKey: string }) =>
    a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.id - b.id;
  const sorted = [...rows].sort((a, b) => {
    if (order?.field === 'ARTICLE_COUNT') {
      const diff = (counts.get(a.id) ?? 0) - (counts.get(b.id) ?? 0);
      if (diff !== 0) return sign * diff;
      return byName(a, b);
    }
    return sign * byName(a, b);
  });
  return sorted.map((r) => r.id);
}
