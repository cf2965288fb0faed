import { randomInt, seededRandom } from './seeded-random.js';

/**
 * The kinds of column a benchmark table holds: what a fact table in a warehouse looks like, and
 * between them every code path of the planner (exact numbers, floats with nulls, string
 * lengths, low and high distinct counts, temporal min/max, histograms).
 */
export type BenchColumnKind = 'id' | 'integer' | 'decimal' | 'double_with_nulls' | 'short_text' | 'long_text' | 'low_cardinality' | 'high_cardinality' | 'timestamp';

/** Every column after `id` takes the next kind of this cycle. */
const CYCLE: readonly BenchColumnKind[] = ['integer', 'decimal', 'double_with_nulls', 'short_text', 'long_text', 'low_cardinality', 'high_cardinality', 'timestamp'];

const NAME_PREFIX: Record<BenchColumnKind, string> = {
  id: 'id',
  integer: 'quantity',
  decimal: 'amount',
  double_with_nulls: 'score',
  short_text: 'code',
  long_text: 'note',
  low_cardinality: 'status',
  high_cardinality: 'email',
  timestamp: 'created_at',
};

/** The prime every column's row hash is taken modulo (values stay far below 2^53 in every engine). */
export const HASH_MODULUS = 1_000_003;

export interface ColumnSpec {
  readonly name: string;
  readonly kind: BenchColumnKind;
  /** Row n's hash is (n * multiplier + offset) mod HASH_MODULUS, computed by the server. */
  readonly multiplier: number;
  readonly offset: number;
}

export interface TableSpec {
  readonly name: string;
  readonly rows: number;
  readonly columns: readonly ColumnSpec[];
}

/**
 * The columns of one table: `id` first, then the cycle of kinds. Constants come from the seed
 * and the table's position, so two tables of a set differ but a rerun builds the same ones.
 */
export function columnMix(columnCount: number, seed: number, tableIndex: number): ColumnSpec[] {
  const random = seededRandom(seed * 100_003 + tableIndex);
  const columns: ColumnSpec[] = [{ name: 'id', kind: 'id', multiplier: 1, offset: 0 }];
  for (let i = 1; i < Math.max(1, columnCount); i++) {
    const kind = CYCLE[(i - 1) % CYCLE.length]!;
    columns.push({
      name: `${NAME_PREFIX[kind]}_${i}`,
      kind,
      // A multiplier coprime with the prime modulus makes each column a permutation of the rows.
      multiplier: randomInt(random, 1_000, HASH_MODULUS - 1),
      offset: randomInt(random, 0, HASH_MODULUS),
    });
  }
  return columns;
}
