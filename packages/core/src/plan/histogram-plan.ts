import type { ColumnInfo, TableRef } from '../adapter/types.js';
import type { Dialect } from '../adapter/dialect.js';
import type { HistogramBin } from './metrics.js';

export interface HistogramRange {
  readonly column: ColumnInfo;
  readonly min: number;
  readonly max: number;
}

export interface HistogramStatement {
  readonly sql: string;
  /** Result alias `h{i}` holds bin `bins[i].bin` of `bins[i].column`. */
  readonly bins: ReadonlyArray<{ readonly column: string; readonly bin: number }>;
}

/**
 * Why a numeric column gets no histogram, from its min and max (as measured, or read back from
 * stored text with `Number`), or undefined when it can have one. Equal-width bins need a finite
 * range that a double can hold.
 */
export function histogramSkipReason(min: number | null, max: number | null): string | undefined {
  if (min === null || max === null) return 'no histogram: no non-null values';
  if (Number.isNaN(min) || Number.isNaN(max)) return 'no histogram: the column holds NaN';
  if (!Number.isFinite(min) || !Number.isFinite(max)) return 'no histogram: values are infinite or beyond a double';
  return undefined;
}

/** Equal-width bin edges; the last bin is closed so the maximum is counted. */
export function binEdges(min: number, max: number, bins: number): number[] {
  const width = (max - min) / bins;
  if (Number.isFinite(width)) return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  // max - min overflows a double (-1e308 to 1e308): a weighted mean of the bounds never does.
  return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min * (1 - i / bins) + max * (i / bins)));
}

/**
 * One statement (chunked only past the dialect's expression limit) counting every bin of every
 * numeric column with conditional counts, so all histograms of a table cost one scan.
 */
export function planHistograms(
  table: TableRef,
  ranges: readonly HistogramRange[],
  bins: number,
  dialect: Dialect,
  from: string = dialect.qualifyTable(table),
): HistogramStatement[] {
  const limit = Math.max(bins, dialect.maxExpressionsPerStatement);
  const statements: HistogramStatement[] = [];
  let expressions: string[] = [];
  let labels: Array<{ column: string; bin: number }> = [];
  const flush = () => {
    statements.push({ sql: `SELECT ${expressions.map((e, i) => `${e} AS h${i}`).join(', ')} FROM ${from}`, bins: labels });
    expressions = [];
    labels = [];
  };
  for (const range of ranges) {
    if (expressions.length + bins > limit) flush();
    const c = dialect.quoteIdentifier(range.column.name);
    const edges = binEdges(range.min, range.max, bins).map((e) => dialect.numberLiteral(e));
    for (let i = 0; i < bins; i++) {
      const lower = i === 0 ? '' : `${c} >= ${edges[i]}`;
      const upper = i === bins - 1 ? '' : `${c} < ${edges[i + 1]}`;
      const condition = [lower, upper].filter(Boolean).join(' AND ') || `${c} IS NOT NULL`;
      expressions.push(`COUNT(CASE WHEN ${condition} THEN 1 END)`);
      labels.push({ column: range.column.name, bin: i });
    }
  }
  if (expressions.length > 0) flush();
  return statements;
}

export function histogramFromCounts(range: HistogramRange, bins: number, counts: readonly number[]): HistogramBin[] {
  const edges = binEdges(range.min, range.max, bins);
  return counts.map((count, i) => ({ lower: edges[i]!, upper: edges[i + 1]!, count }));
}
