import type { ColumnInfo, TableDescription } from '../adapter/types.js';
import type { Dialect } from '../adapter/dialect.js';
import type { MetricName } from '../config/schema.js';
import { metricsForColumn } from './metrics.js';

/** What one select-list expression computes. */
export type AggregateOutput =
  | { readonly measure: 'rows' }
  | { readonly measure: 'non_null' | 'distinct' | 'approx_distinct' | 'min' | 'max' | 'mean' | 'stddev' | 'min_length' | 'max_length' | 'avg_length'; readonly column: string };

export interface PlannedStatement {
  readonly sql: string;
  /** outputs[i] is read from the result column alias `m{i}`. */
  readonly outputs: readonly AggregateOutput[];
  /** expressions[i] computes outputs[i], so a statement can be re-planned with fewer of them. */
  readonly expressions: readonly string[];
}

/** Measures computed by summing values or their squares: the only ones a large value can overflow. */
export const ARITHMETIC_MEASURES: ReadonlySet<AggregateOutput['measure']> = new Set(['mean', 'stddev']);

/** One `SELECT expr AS m0, ... FROM table` statement. */
export function aggregateStatement(from: string, expressions: readonly string[], outputs: readonly AggregateOutput[]): PlannedStatement {
  const select = expressions.map((e, i) => `${e} AS m${i}`).join(', ');
  return { sql: `SELECT ${select} FROM ${from}`, outputs, expressions };
}

/**
 * Mean and standard deviation again, for columns whose first computation failed or may have
 * overflowed. With a `scale`, over the values multiplied by `2^-scale` (exact: a power of two
 * only moves the exponent), so sums of doubles near 1e308 and of their squares stay finite.
 */
export function planArithmetic(
  table: TableDescription,
  columns: ReadonlyArray<{ readonly column: ColumnInfo; readonly scale: number; readonly measures: readonly ('mean' | 'stddev')[] }>,
  dialect: Dialect,
): PlannedStatement[] {
  const from = dialect.qualifyTable(table);
  const limit = Math.max(2, dialect.maxExpressionsPerStatement);
  const statements: PlannedStatement[] = [];
  let expressions: string[] = [];
  let outputs: AggregateOutput[] = [];
  for (const { column, scale, measures } of columns) {
    if (expressions.length + measures.length > limit) {
      statements.push(aggregateStatement(from, expressions, outputs));
      expressions = [];
      outputs = [];
    }
    const c = dialect.quoteIdentifier(column.name);
    const value = scale > 0 ? `(${c} * ${dialect.numberLiteral(2 ** -scale)})` : c;
    for (const measure of measures) {
      expressions.push(measure === 'mean' ? dialect.average(value, column.kind) : dialect.stddevSamp(value));
      outputs.push({ measure, column: column.name });
    }
  }
  if (expressions.length > 0) statements.push(aggregateStatement(from, expressions, outputs));
  return statements;
}

type Measure = Exclude<AggregateOutput, { measure: 'rows' }>['measure'];

/**
 * The raw measures each metric needs beyond the table's COUNT(*), which every statement has:
 * `count` is the row count and the ratios are over rows (Baselinr's meanings).
 */
const NEEDS: Record<MetricName, readonly Measure[]> = {
  count: [],
  null_count: ['non_null'],
  null_ratio: ['non_null'],
  null_percent: ['non_null'],
  distinct_count: ['distinct'],
  unique_ratio: ['distinct'],
  distinct_percent: ['distinct'],
  approx_distinct_count: ['approx_distinct'],
  min: ['min'],
  max: ['max'],
  mean: ['mean'],
  stddev: ['stddev'],
  histogram: ['min', 'max', 'non_null'],
  min_length: ['min_length'],
  max_length: ['max_length'],
  avg_length: ['avg_length'],
};

/**
 * Builds the table's scalar aggregate statements: every measure of every column in as few
 * statements as the dialect's expression limit allows. Chunks hold whole columns, so a
 * column's measures always come from the same scan.
 */
export function planAggregates(table: TableDescription, metrics: ReadonlySet<MetricName>, dialect: Dialect): PlannedStatement[] {
  const from = dialect.qualifyTable(table);
  const perColumn = table.columns.map((column) => expressionsFor(column, metrics, dialect));
  const limit = Math.max(2, dialect.maxExpressionsPerStatement);

  const statements: PlannedStatement[] = [];
  let outputs: AggregateOutput[] = [{ measure: 'rows' }];
  let expressions: string[] = ['COUNT(*)'];
  const flush = () => {
    statements.push(aggregateStatement(from, expressions, outputs));
    outputs = [{ measure: 'rows' }];
    expressions = ['COUNT(*)'];
  };
  for (const column of perColumn) {
    if (expressions.length > 1 && expressions.length + column.length > limit) flush();
    for (const item of column) {
      expressions.push(item.expression);
      outputs.push(item.output);
    }
  }
  if (expressions.length > 1 || statements.length === 0) flush();
  return statements;
}

function expressionsFor(column: ColumnInfo, metrics: ReadonlySet<MetricName>, dialect: Dialect) {
  const measures = new Set(metricsForColumn(column, metrics).flatMap((m) => NEEDS[m]));
  const c = dialect.quoteIdentifier(column.name);
  const render: Record<Measure, () => string | undefined> = {
    non_null: () => `COUNT(${c})`,
    distinct: () => `COUNT(DISTINCT ${c})`,
    approx_distinct: () => dialect.approxCountDistinct(c),
    min: () => extreme(column, c, 'min', dialect),
    max: () => extreme(column, c, 'max', dialect),
    mean: () => dialect.average(c, column.kind),
    stddev: () => dialect.stddevSamp(c),
    min_length: () => `MIN(${dialect.charLength(c)})`,
    max_length: () => `MAX(${dialect.charLength(c)})`,
    avg_length: () => dialect.average(dialect.charLength(c), 'integer'),
  };
  const items: Array<{ expression: string; output: AggregateOutput }> = [];
  for (const measure of measures) {
    const expression = render[measure]();
    // A warehouse without an approximate count falls back to the exact one, which is in the plan.
    if (expression === undefined) {
      if (measure === 'approx_distinct' && !measures.has('distinct')) {
        items.push({ expression: render.distinct()!, output: { measure: 'distinct', column: column.name } });
      }
      continue;
    }
    items.push({ expression, output: { measure, column: column.name } });
  }
  return items;
}

/**
 * MIN or MAX of a column. Strings and doubles come back as they are; booleans as 0 or 1 (the
 * profiler names them); big integers, decimals and timestamps as text, which keeps them exact.
 */
function extreme(column: ColumnInfo, c: string, which: 'min' | 'max', dialect: Dialect): string {
  if (column.kind === 'boolean') return dialect.booleanExtreme(c, which);
  const aggregate = `${which === 'min' ? 'MIN' : 'MAX'}(${c})`;
  return column.kind === 'float' || column.kind === 'string' ? aggregate : dialect.exactText(aggregate);
}
