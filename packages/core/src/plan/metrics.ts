import type { ColumnInfo, ColumnKind } from '../adapter/types.js';
import type { MetricName } from '../config/schema.js';

const COUNTS: readonly MetricName[] = ['count', 'null_count', 'null_ratio', 'null_percent'];
const DISTINCT: readonly MetricName[] = ['distinct_count', 'unique_ratio', 'distinct_percent', 'approx_distinct_count'];
const EXTREMES: readonly MetricName[] = ['min', 'max'];
const NUMERIC: readonly MetricName[] = [...EXTREMES, 'mean', 'stddev', 'histogram'];
const LENGTHS: readonly MetricName[] = ['min_length', 'max_length', 'avg_length'];

/** Which metrics make sense for each kind of column: min and max for every comparable kind, as Baselinr computes them. */
const BY_KIND: Record<ColumnKind, readonly MetricName[]> = {
  integer: [...COUNTS, ...DISTINCT, ...NUMERIC],
  decimal: [...COUNTS, ...DISTINCT, ...NUMERIC],
  float: [...COUNTS, ...DISTINCT, ...NUMERIC],
  string: [...COUNTS, ...DISTINCT, ...EXTREMES, ...LENGTHS],
  temporal: [...COUNTS, ...DISTINCT, ...EXTREMES],
  boolean: [...COUNTS, ...DISTINCT, ...EXTREMES],
  other: COUNTS,
};

/** The requested metrics that apply to a column, in the canonical order. */
export function metricsForColumn(column: ColumnInfo, requested: ReadonlySet<MetricName>): MetricName[] {
  const applicable = column.unsupportedReason ? COUNTS : BY_KIND[column.kind];
  return applicable.filter((m) => requested.has(m));
}

export interface HistogramBin {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
}

/** A metric's value: numbers, exact text for big integers/decimals/timestamps, or a histogram. */
export type MetricValue = number | string | null | readonly HistogramBin[];
