import { valueAt, type ColumnInfo, type Row, type TableDescription } from '../adapter/types.js';
import type { Dialect } from '../adapter/dialect.js';
import { isNumericKind } from '../adapter/column-kind.js';
import type { BaselinrConfig, MetricName } from '../config/schema.js';
import { planAggregates, type PlannedStatement } from '../plan/aggregate-plan.js';
import { histogramFromCounts, histogramSkipReason, planHistograms, type HistogramRange } from '../plan/histogram-plan.js';
import { metricsForColumn, type MetricValue } from '../plan/metrics.js';
import { toCount, toExactText, toNumber } from '../plan/values.js';
import { recoverArithmetic, runAggregate, type ColumnMeasures, type Dropped, type Measures } from './arithmetic-overflow.js';

export interface ColumnProfile {
  readonly column: string;
  readonly dataType: string;
  readonly kind: ColumnInfo['kind'];
  readonly metrics: Partial<Record<MetricName, MetricValue>>;
  /** Why only counts were computed, when the type is not supported beyond them. */
  readonly note?: string;
  /** Metrics left null because the warehouse could not compute them (an overflow), with why. */
  readonly notComputed?: Readonly<Partial<Record<MetricName, string>>>;
}

export interface StatementRecord {
  readonly purpose: 'aggregate' | 'histogram';
  readonly sql: string;
  readonly durationMs: number;
  readonly attempts: number;
  /** Time spent queued in the warehouse, when it reports it (Snowflake, BigQuery, Redshift). */
  readonly queuedMs?: number;
  readonly bytesProcessed?: number;
  readonly queryId?: string;
  /** Set when small tables shared the round trip: how many tables the statement profiled at once. */
  readonly batchedTables?: number;
}

export interface TableMetrics {
  readonly rowCount: number;
  readonly columns: readonly ColumnProfile[];
}

/**
 * Runs one statement for the profiler (retries, timing and cancellation are the caller's).
 * `aliases` are the result columns the profiler reads, in select-list order.
 */
export type RunStatement = (purpose: StatementRecord['purpose'], sql: string, aliases: readonly string[]) => Promise<Row[]>;

/**
 * Profiles one described table: one pass of scalar aggregates (chunked for wide tables), then
 * one pass of histograms bounded by the min/max of the first.
 */
export async function profileTable(table: TableDescription, dialect: Dialect, profiling: BaselinrConfig['profiling'], run: RunStatement): Promise<TableMetrics> {
  const requested = new Set<MetricName>(profiling.metrics);
  if (!profiling.compute_histograms) requested.delete('histogram');

  let rowCount = 0;
  const measures: Measures = new Map(table.columns.map((c) => [c.name, new Map()]));
  const dropped: Dropped[] = [];
  const runAggregateSql = (statement: PlannedStatement) =>
    run(
      'aggregate',
      statement.sql,
      statement.outputs.map((_, i) => `m${i}`),
    );
  for (const planned of planAggregates(table, requested, dialect)) {
    const ran = await runAggregate(planned, dialect.qualifyTable(table), runAggregateSql);
    if (ran.dropped) dropped.push(ran.dropped);
    ran.statement.outputs.forEach((output, i) => {
      const value = valueAt(ran.row, `m${i}`);
      if (output.measure === 'rows') rowCount = toCount(value);
      else measures.get(output.column)!.set(output.measure, value);
    });
  }
  const notComputed = await recoverArithmetic(table, rowCount, measures, dropped, dialect, runAggregateSql);

  const columns = table.columns.map((column) => columnProfile(column, rowCount, measures.get(column.name)!, requested, notComputed.get(column.name)));
  const { ranges, skipped } = histogramRanges(table.columns, columns, measures);
  for (const [i, reason] of skipped) columns[i] = { ...columns[i]!, note: [columns[i]!.note, reason].filter(Boolean).join('; ') };
  const bins = profiling.histogram_bins;
  const histogramCounts = new Map<string, number[]>();
  for (const statement of planHistograms(
    table,
    ranges.filter((r) => r.min < r.max),
    bins,
    dialect,
  )) {
    const [row = {}] = await run(
      'histogram',
      statement.sql,
      statement.bins.map((_, i) => `h${i}`),
    );
    statement.bins.forEach(({ column, bin }, i) => {
      const counts = histogramCounts.get(column) ?? Array<number>(bins).fill(0);
      counts[bin] = toCount(valueAt(row, `h${i}`));
      histogramCounts.set(column, counts);
    });
  }
  for (const range of ranges) {
    const profile = columns.find((c) => c.column === range.column.name)!;
    const nonNull = toCount(measures.get(range.column.name)!.get('non_null'));
    // A constant column needs no scan: every value is the maximum, which the closed last bin holds.
    const counts = histogramCounts.get(range.column.name) ?? [...Array<number>(bins - 1).fill(0), nonNull];
    profile.metrics.histogram = histogramFromCounts(range, bins, counts);
  }
  return { rowCount, columns };
}

function columnProfile(
  column: ColumnInfo,
  rows: number,
  measured: ColumnMeasures,
  requested: ReadonlySet<MetricName>,
  notComputed: ColumnProfile['notComputed'],
): ColumnProfile & { metrics: Partial<Record<MetricName, MetricValue>> } {
  const nonNull = toCount(measured.get('non_null'));
  const distinct = toCount(measured.get('distinct'));
  // Baselinr's meanings: ratios are over rows, and 0.0 for an empty table.
  const nullRatio = rows === 0 ? 0 : (rows - nonNull) / rows;
  const uniqueRatio = rows === 0 ? 0 : distinct / rows;
  const percent = (ratio: number) => ratio * 100;
  const compute: Record<MetricName, () => MetricValue> = {
    count: () => rows,
    null_count: () => rows - nonNull,
    null_ratio: () => nullRatio,
    null_percent: () => percent(nullRatio),
    distinct_count: () => distinct,
    unique_ratio: () => uniqueRatio,
    distinct_percent: () => percent(uniqueRatio),
    approx_distinct_count: () => toCount(measured.has('approx_distinct') ? measured.get('approx_distinct') : measured.get('distinct')),
    min: () => extremeValue(column.kind, measured.get('min')),
    max: () => extremeValue(column.kind, measured.get('max')),
    mean: () => toNumber(measured.get('mean')),
    stddev: () => toNumber(measured.get('stddev')),
    histogram: () => null, // filled in after the histogram pass
    min_length: () => toNumber(measured.get('min_length')),
    max_length: () => toNumber(measured.get('max_length')),
    avg_length: () => toNumber(measured.get('avg_length')),
  };
  const metrics: Partial<Record<MetricName, MetricValue>> = {};
  for (const metric of metricsForColumn(column, requested)) metrics[metric] = compute[metric]();
  const note = column.unsupportedReason;
  return { column: column.name, dataType: column.dataType, kind: column.kind, metrics, ...(note ? { note } : {}), ...(notComputed ? { notComputed } : {}) };
}

/** A column's stored min or max: a double, the exact text of a number, timestamp or string, or `false`/`true`. */
function extremeValue(kind: ColumnInfo['kind'], value: unknown): MetricValue {
  switch (kind) {
    case 'float':
      return toNumber(value);
    case 'string':
      return value === null || value === undefined ? null : String(value);
    case 'boolean':
      return booleanText(value);
    default:
      return toExactText(value);
  }
}

/** A boolean extreme as `false` or `true`; a value that is neither 0 nor 1 (text in an SQLite BOOLEAN column) as it is. */
function booleanText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const n = toNumber(value);
  return n === 0 ? 'false' : n === 1 ? 'true' : String(value);
}

/** The columns that get a histogram, and why each other numeric column asking for one does not (by index). */
function histogramRanges(columns: readonly ColumnInfo[], profiles: readonly ColumnProfile[], measures: Measures): { ranges: HistogramRange[]; skipped: Map<number, string> } {
  const ranges: HistogramRange[] = [];
  const skipped = new Map<number, string>();
  columns.forEach((column, i) => {
    if (!isNumericKind(column.kind) || !('histogram' in profiles[i]!.metrics)) return;
    // Number() keeps a driver's 'NaN' text as NaN (toNumber reads it as absent), so the reason is right.
    const extreme = (m: 'min' | 'max') => {
      const value = measures.get(column.name)!.get(m);
      return value === null || value === undefined ? null : Number(value);
    };
    const [min, max] = [extreme('min'), extreme('max')];
    const reason = histogramSkipReason(min, max);
    if (reason) skipped.set(i, reason);
    else ranges.push({ column, min: min!, max: max! });
  });
  return { ranges, skipped };
}
