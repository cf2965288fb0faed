import { METRIC_NAMES, planAggregates, planArithmetic, planHistograms, rowSource, unionStatement, type ColumnKind, type Dialect, type TableDescription } from '@baselinr/core';

/** One profiling statement core would send, named after what it is for. */
export interface LabelledStatement {
  readonly label: string;
  readonly sql: string;
}

const ANY_NUMBER: ReadonlySet<ColumnKind> = new Set(['integer', 'decimal', 'float']);

/**
 * Histogram ranges that stress literal rendering: plain, tiny, negative, past INT64, near the
 * double limit. Each applies to the kinds of column that can hold it (a 64-bit integer column
 * never spans past INT64; only a double reaches 1e308).
 */
export const HISTOGRAM_RANGES: ReadonlyArray<{ readonly label: string; readonly min: number; readonly max: number; readonly kinds: ReadonlySet<ColumnKind> }> = [
  { label: 'small whole numbers', min: 0, max: 100, kinds: ANY_NUMBER },
  { label: 'a tiny range', min: 1e-12, max: 1.5e-12, kinds: ANY_NUMBER },
  { label: 'negative values', min: -500.5, max: -0.25, kinds: ANY_NUMBER },
  { label: 'beyond INT64', min: -3e19, max: 2.5e19, kinds: new Set(['decimal', 'float']) },
  { label: 'near the double limit', min: -1e308, max: 1e308, kinds: new Set(['float']) },
];

const BINS = 10;
/** Scale of the overflow-safe re-plan of mean and stddev (values times 2^-1000). */
const OVERFLOW_SCALE = 1000;

/**
 * Every statement core plans for a table in one dialect: the aggregates with every metric, the
 * overflow-safe re-plan of mean and stddev, the histograms of the numeric columns over each of
 * {@link HISTOGRAM_RANGES}, the aggregates batched with a small table's in one UNION ALL (as
 * small tables share round trips), and the aggregates over a random sample and over a stratified
 * sample of the latest partition (the derived table every statement of such a table reads). The golden SQL snapshots and the BigQuery analyzer gate both
 * read it, so what is reviewed is what is checked.
 */
export function profilingStatements(table: TableDescription, dialect: Dialect, batchedWith: TableDescription): LabelledStatement[] {
  const numeric = table.columns.filter((c) => !c.unsupportedReason && ANY_NUMBER.has(c.kind));
  const statements: LabelledStatement[] = planAggregates(table, new Set(METRIC_NAMES), dialect).map((s, i) => ({ label: `aggregates ${i + 1}`, sql: s.sql }));
  const arithmetic = numeric.map((column) => ({ column, scale: OVERFLOW_SCALE, measures: ['mean', 'stddev'] as const }));
  statements.push(...planArithmetic(table, arithmetic, dialect).map((s, i) => ({ label: `mean and stddev scaled by 2^-${OVERFLOW_SCALE} ${i + 1}`, sql: s.sql })));
  for (const range of HISTOGRAM_RANGES) {
    const ranges = numeric.filter((column) => range.kinds.has(column.kind)).map((column) => ({ column, min: range.min, max: range.max }));
    statements.push(...planHistograms(table, ranges, BINS, dialect).map((s, i) => ({ label: `histograms over ${range.label} ${i + 1}`, sql: s.sql })));
  }
  const members = [table, batchedWith].map((t) => planAggregates(t, new Set(METRIC_NAMES), dialect)[0]!);
  statements.push({
    label: 'aggregates of two tables in one round trip',
    sql: unionStatement(
      members.map((m) => ({ sql: m.sql, aliases: m.outputs.map((_, i) => `m${i}`) })),
      dialect,
    ),
  });
  const random = { method: 'random', fraction: 0.1, setBy: 'datasets.sampling' } as const;
  statements.push({
    label: 'aggregates over a random sample',
    sql: planAggregates(table, new Set(METRIC_NAMES), dialect, rowSource(table, { sampling: random, notes: [] }, dialect).from)[0]!.sql,
  });
  statements.push({
    label: 'aggregates over a stratified sample of the latest partition, capped',
    sql: planAggregates(table, new Set(METRIC_NAMES), dialect, stratifiedLatest(table, dialect))[0]!.sql,
  });
  return statements;
}

/** Strata of the first text column (else the first column), within the latest value of the first temporal column, if any. */
function stratifiedLatest(table: TableDescription, dialect: Dialect): string {
  const key = (table.columns.find((c) => c.kind === 'string') ?? table.columns[0]!).name;
  const latest = table.columns.find((c) => c.kind === 'temporal')?.name;
  const sampling = { method: 'stratified', key, fraction: 0.05, maxRows: 1000, setBy: 'datasets.sampling' } as const;
  return rowSource(table, { ...(latest !== undefined ? { partition: { key: latest, strategy: 'latest' } as const } : {}), sampling, notes: [] }, dialect).from;
}
