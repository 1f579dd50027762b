// Ordering of sources and sections by name or by visible article count, computed in memory: Prisma can
// order by a relation count but not by a filtered one, and these lists are small (hundreds of rows).

export interface CountOrder {
  field: 'NAME' | 'ARTICLE_COUNT';
  direction: 'ASC' | 'DESC';
}

/** Ids ordered by (count or name, then name, then id) in the requested direction; default name A→Z. */
export function orderByCounts(
  rows: readonly { id: number; name: string }[],
  counts: ReadonlyMap<number, number>,
  order: CountOrder | null | undefined,
): number[] {
  const sign = order?.direction === 'DESC' ? -1 : 1;
  const byName = (a: { id: number; name: string }, b: { id: number; name: string }) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id;
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
