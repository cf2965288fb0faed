import type { OrderedTable } from './order.js';

/** At most this many rows by the catalog's estimate: a scan costs less than a round trip to the warehouse. */
export const SMALL_TABLE_ROWS = 10_000;
/** At most this long last time (history wins over estimates). */
export const SMALL_TABLE_SECONDS = 0.5;

/** Whether a table is expected to be small enough to share its round trips with others; unknown sizes are not. */
export function isSmall(table: OrderedTable): boolean {
  const expected = table.expected;
  if (!expected) return false;
  return expected.source === 'history' ? expected.seconds <= SMALL_TABLE_SECONDS : expected.rows <= SMALL_TABLE_ROWS;
}

/**
 * The next unit a worker takes from `tables` at `start` (in run order): one table, or up to
 * `batchSize` consecutive tables expected to be small, which share round trips (they come last in
 * a longest-first order). `batchSize` 1 turns batching off.
 */
export function nextUnit(tables: readonly OrderedTable[], start: number, batchSize: number): OrderedTable[] {
  const first = tables[start];
  if (first === undefined) return [];
  if (batchSize <= 1 || !isSmall(first)) return [first];
  let end = start + 1;
  while (end < tables.length && end - start < batchSize && isSmall(tables[end]!)) end++;
  return tables.slice(start, end);
}
