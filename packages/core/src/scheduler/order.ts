import { tableKey, type DiscoveredTable } from '../adapter/types.js';

export interface OrderedTable extends DiscoveredTable {
  /** What the order was decided on: seconds from history, else rows from the catalog. */
  readonly expected?: { readonly source: 'history'; readonly seconds: number } | { readonly source: 'row_estimate'; readonly rows: number };
}

/**
 * Longest expected first, which shortens the makespan when table sizes differ. History
 * (seconds) ranks above catalog estimates (rows); tables with neither keep their selection
 * order at the end. The sort is stable, so equal estimates keep the config's order.
 */
export function orderLongestFirst(tables: readonly DiscoveredTable[], history: ReadonlyMap<string, number>): OrderedTable[] {
  return withExpectations(tables, history).sort(longerFirst);
}

/** Each table with what its order is decided on (history, else the catalog's estimate), in the order given. */
export function withExpectations(tables: readonly DiscoveredTable[], history: ReadonlyMap<string, number>): OrderedTable[] {
  return tables.map((t) => {
    const seconds = history.get(tableKey(t));
    if (seconds !== undefined) return { ...t, expected: { source: 'history', seconds } };
    if (t.rowEstimate !== undefined) return { ...t, expected: { source: 'row_estimate', rows: t.rowEstimate } };
    return { ...t };
  });
}

function rank(t: OrderedTable): [number, number] {
  return t.expected === undefined ? [0, 0] : t.expected.source === 'history' ? [2, t.expected.seconds] : [1, t.expected.rows];
}

/** Sort comparator: negative when `a` is expected to take longer than `b` (history above estimates above unknown). */
export function longerFirst(a: OrderedTable, b: OrderedTable): number {
  const [ra, va] = rank(a);
  const [rb, vb] = rank(b);
  return rb - ra || vb - va;
}
