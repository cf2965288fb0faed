import type { TableSet } from './table-sets.js';
import type { BenchWarehouse } from './warehouse.js';

export interface GenerationRecord {
  readonly engine: string;
  readonly schema: string;
  readonly tables: number;
  readonly rows: number;
  readonly seconds: number;
}

/**
 * Builds a set and reads it once. `analyze` gathers statistics (row estimates for ordering);
 * the skewed set skips it, because its first run needs a catalog without estimates.
 */
export async function prepareSet(warehouse: BenchWarehouse, set: TableSet, options: { readonly analyze: boolean }): Promise<GenerationRecord> {
  const started = performance.now();
  await warehouse.create(set);
  await warehouse.warm(set);
  if (options.analyze) await warehouse.analyze(set);
  return {
    engine: warehouse.engine,
    schema: set.schema,
    tables: set.tables.length,
    rows: set.tables.reduce((n, t) => n + t.rows, 0),
    seconds: (performance.now() - started) / 1000,
  };
}
