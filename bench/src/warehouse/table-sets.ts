import { columnMix, type TableSpec } from './column-mix.js';

/** A named group of tables that lives in its own schema (`bench_equal`, ...). */
export interface TableSet {
  readonly schema: string;
  readonly tables: readonly TableSpec[];
}

export interface SetShape {
  readonly tables: number;
  readonly rows: number;
  readonly columns: number;
  readonly seed: number;
}

const pad = (i: number, count: number) => String(i).padStart(String(count - 1).length, '0');

function build(schema: string, prefix: string, shape: SetShape, rowsOf: (index: number) => number): TableSet {
  const tables = Array.from({ length: shape.tables }, (_, i) => ({
    name: `${prefix}_${pad(i, shape.tables)}`,
    rows: rowsOf(i),
    columns: columnMix(shape.columns, shape.seed, i),
  }));
  return { schema, tables };
}

/** Every table the same size: the scaling run, where ideal speedup is T / ceil(T / W). */
export function equalSet(shape: SetShape, schema = 'bench_equal'): TableSet {
  return build(schema, 'equal', shape, () => shape.rows);
}

/** Largest table / smallest table in the skewed set. */
export const SKEW_RATIO = 100;

/**
 * Sizes grow geometrically from rows / 10 to rows * 10 (a 100x spread), so the largest table
 * is a real share of the work (about a fifth of it with 20 tables), and names sort in
 * ascending size: without ordering, the queue takes the largest table last, the case that
 * longest-expected-first ordering exists for.
 */
export function skewedSet(shape: SetShape, schema = 'bench_skewed'): TableSet {
  const smallest = shape.rows / Math.sqrt(SKEW_RATIO);
  const step = shape.tables > 1 ? SKEW_RATIO ** (1 / (shape.tables - 1)) : 1;
  return build(schema, 'skewed', shape, (i) => Math.max(1, Math.round(smallest * step ** i)));
}

/** Many tiny tables: what the run costs per table when the warehouse's work is almost nothing. */
export function tinySet(shape: SetShape, schema = 'bench_tiny'): TableSet {
  return build(schema, 'tiny', shape, () => shape.rows);
}
