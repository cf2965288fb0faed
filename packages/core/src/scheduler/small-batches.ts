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
 * The units a run's workers take, in run order: each table on its own, except tables expected to
 * be small, which go in batches of up to `batchSize` consecutive ones (they come last in a
 * longest-first order). `batchSize` 1 turns batching off.
 */
export function workUnits(tables: readonly OrderedTable[], batchSize: number): OrderedTable[][] {
  const units: OrderedTable[][] = [];
  let batch: OrderedTable[] = [];
  const flush = () => {
    if (batch.length > 0) units.push(batch);
    batch = [];
  };
  for (const table of tables) {
    if (batchSize <= 1 || !isSmall(table)) {
      flush();
      units.push([table]);
      continue;
    }
    batch.push(table);
    if (batch.length >= batchSize) flush();
  }
  flush();
  return units;
}
