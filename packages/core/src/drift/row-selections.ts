import type { AppliedRowSelection } from '../plan/row-source.js';
import type { RowSelectionDifference } from '../store/contract.js';
import { ROW_COUNT_METRIC, type RunSnapshot } from './snapshot.js';

/**
 * Metrics that depend on how many rows a profile read (`plan/metrics.ts`): the rows, the nulls and
 * the distinct values counted, and the distinct values' share of the rows (unique_ratio,
 * distinct_percent), since distinct values do not grow in proportion to the rows read: a sample of
 * a column of one value has a higher unique_ratio than the whole table. Between a sample and the
 * whole table they differ by design. The null ratio, extremes, mean, deviation and lengths describe
 * the rows' distribution and are still compared. Histograms are never compared (UNCOMPARED_METRICS).
 */
export const ROW_COUNTING_METRICS: ReadonlySet<string> = new Set([
  ROW_COUNT_METRIC,
  'count',
  'null_count',
  'distinct_count',
  'approx_distinct_count',
  'unique_ratio',
  'distinct_percent',
]);

export type { RowSelectionDifference };

/** A metric left out because it counts rows and the two runs covered different rows; `column` null for row_count. */
export interface UncomparedMetric {
  readonly column: string | null;
  readonly metric: string;
}

export const FULL_TABLE = 'full table';

/**
 * The rows a run's metrics cover, in words that are equal exactly when the rows are chosen alike:
 * the partition choice (not its literal: `latest` moves with the data and is still the same
 * choice) and the sample's fraction, cap and SQL (its method). Notes are left out; a partition
 * strategy of `all` filters nothing. No selection is the whole table (Baselinr stores none).
 */
export function rowsCovered(selection: AppliedRowSelection | undefined): string {
  const parts: string[] = [];
  const p = selection?.partition;
  if (p && p.strategy !== 'all') {
    if (p.strategy === 'recent_n') parts.push(`${p.recentN} newest partitions of ${p.key}`);
    else if (p.strategy === 'specific_values') parts.push(`partitions of ${p.key} in ${p.values.map((v) => JSON.stringify(v)).join(', ')}`);
    else parts.push(`latest partition of ${p.key}`);
  }
  const s = selection?.sampling;
  if (s) {
    const share = `${Number((s.fraction * 100).toPrecision(12))}%`;
    const what = s.method === 'stratified' ? `stratified ${share} of each ${s.key} value` : `random ${share} of rows`;
    parts.push(`${what}${s.maxRows !== undefined ? `, at most ${s.maxRows}` : ''} (${s.sql})`);
  }
  return parts.length > 0 ? parts.join('; ') : FULL_TABLE;
}

/** How the rows of two runs differ, or undefined when they were chosen alike. */
export function rowSelectionDifference(baseline: AppliedRowSelection | undefined, current: AppliedRowSelection | undefined): RowSelectionDifference | undefined {
  const before = rowsCovered(baseline);
  const after = rowsCovered(current);
  return before === after ? undefined : { current: after, baseline: before };
}

/** The row-counting metrics both runs have: the ones a comparison across different rows leaves out. */
export function rowCountingMetricsOf(baseline: RunSnapshot, current: RunSnapshot): UncomparedMetric[] {
  const uncompared: UncomparedMetric[] = baseline.rowCount !== null && current.rowCount !== null ? [{ column: null, metric: ROW_COUNT_METRIC }] : [];
  for (const [column, after] of current.columns) {
    const before = baseline.columns.get(column);
    for (const metric of after.metrics.keys()) {
      if (ROW_COUNTING_METRICS.has(metric) && before?.metrics.has(metric)) uncompared.push({ column, metric });
    }
  }
  return uncompared;
}
