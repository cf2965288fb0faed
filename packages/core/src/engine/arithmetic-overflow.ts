import { valueAt, type Row, type TableDescription } from '../adapter/types.js';
import type { Dialect } from '../adapter/dialect.js';
import { BaselinrError, errorMessage } from '../errors.js';
import { ARITHMETIC_MEASURES, aggregateStatement, planArithmetic, type AggregateOutput, type PlannedStatement } from '../plan/aggregate-plan.js';
import { toNumber } from '../plan/values.js';

/** One column's raw measures, as the aggregate statements returned them. */
export type ColumnMeasures = Map<AggregateOutput['measure'], unknown>;
export type Measures = Map<string, ColumnMeasures>;
type Arithmetic = 'mean' | 'stddev';
/** Why a metric of a column was left null, per column. */
export type NotComputed = Map<string, Partial<Record<Arithmetic, string>>>;
/** Runs one planned statement (its result columns are `m0`, `m1`...). */
type Run = (statement: PlannedStatement) => Promise<Row[]>;

/** Arithmetic measures a failed statement could not deliver, and the warehouse's error. */
export interface Dropped {
  readonly outputs: readonly AggregateOutput[];
  readonly reason: string;
}

/** Scaled values stay below 2^400, so sums of squares of up to 2^200 rows fit in a double. */
const SCALED_MAGNITUDE_BITS = 400;

/**
 * Runs one aggregate statement. When it fails on an overflow (PostgreSQL's float8 sums overflow
 * past about 1e154, "value out of range"), it runs again without its mean and stddev, so one huge value
 * costs those two metrics and not the whole table; the dropped measures are returned to be
 * recomputed. If the statement still fails, the first error stands.
 */
export async function runAggregate(statement: PlannedStatement, from: string, run: Run): Promise<{ row: Row; statement: PlannedStatement; dropped?: Dropped }> {
  try {
    const [row = {}] = await run(statement);
    return { row, statement };
  } catch (err) {
    const kept = statement.outputs.flatMap((output, i) => (isArithmetic(output) ? [] : [i]));
    if (!isOutOfRange(err) || kept.length === statement.outputs.length) throw err;
    const safe = aggregateStatement(
      from,
      kept.map((i) => statement.expressions[i]!),
      kept.map((i) => statement.outputs[i]!),
    );
    const rows = await run(safe).catch((second: unknown) => {
      throw isInterruption(second) ? second : err;
    });
    return { row: rows[0] ?? {}, statement: safe, dropped: { outputs: statement.outputs.filter(isArithmetic), reason: errorMessage(err) } };
  }
}

/**
 * Computes again the means and stddevs a failed statement dropped, and those of float columns
 * whose values are large enough for their sums to overflow although the warehouse said nothing
 * (MariaDB returns 0 for a sum past 1.8e308). Columns at risk are computed over values scaled
 * down by a power of two. What still fails becomes null in `measures`, with the reason returned.
 */
export async function recoverArithmetic(
  table: TableDescription,
  rows: number,
  measures: Measures,
  dropped: readonly Dropped[],
  dialect: Dialect,
  run: Run,
  from: string = dialect.qualifyTable(table),
): Promise<NotComputed> {
  const notComputed: NotComputed = new Map();
  const giveUp = (column: string, measure: Arithmetic, reason: string) => {
    measures.get(column)!.set(measure, null);
    notComputed.set(column, { ...notComputed.get(column), [measure]: `${measure} not computed: ${reason}` });
  };
  const redo = new Map<string, Set<Arithmetic>>();
  for (const { outputs } of dropped) for (const o of outputs) if ('column' in o) redo.set(o.column, (redo.get(o.column) ?? new Set()).add(o.measure as Arithmetic));
  const scales = new Map<string, number>();
  for (const column of table.columns.filter((c) => c.kind === 'float')) {
    const scale = overflowScale(measures.get(column.name)!, rows);
    if (scale === 0) continue;
    scales.set(column.name, scale);
    const planned = (['mean', 'stddev'] as const).filter((m) => measures.get(column.name)!.has(m));
    if (planned.length > 0) redo.set(column.name, new Set([...(redo.get(column.name) ?? []), ...planned]));
  }
  const items = [...redo].map(([name, wanted]) => ({ column: table.columns.find((c) => c.name === name)!, scale: scales.get(name) ?? 0, measures: [...wanted] }));

  const reason = (column: string) => dropped.find((d) => d.outputs.some((o) => 'column' in o && o.column === column))?.reason;
  const record = (statement: PlannedStatement, row: Row) =>
    statement.outputs.forEach((o, i) => {
      if (!('column' in o)) return;
      const measure = o.measure as Arithmetic;
      const scaled = toNumber(valueAt(row, `m${i}`));
      const value = scaled === null ? null : scaled * 2 ** (scales.get(o.column) ?? 0);
      // A stddev of values spread from -1e308 to 1e308 is itself beyond a double.
      if (scaled !== null && Number.isFinite(scaled) && !Number.isFinite(value)) giveUp(o.column, measure, 'the value is beyond the range of a double');
      else measures.get(o.column)!.set(measure, value);
    });
  // All columns in as few scans as the first pass; one scan per column only if that fails.
  for (const statement of planArithmetic(table, items, dialect, from)) {
    const whole = await run(statement).then(
      (r) => r[0] ?? {},
      (err: unknown) => failure(err),
    );
    if (!(whole instanceof Error)) {
      record(statement, whole);
      continue;
    }
    for (const item of items.filter((i) => statement.outputs.some((o) => 'column' in o && o.column === i.column.name))) {
      const [single] = planArithmetic(table, [item], dialect, from);
      const row = await run(single!).then(
        (r) => r[0] ?? {},
        (err: unknown) => failure(err),
      );
      if (!(row instanceof Error)) record(single!, row);
      else for (const measure of item.measures) giveUp(item.column.name, measure, reason(item.column.name) ?? row.message);
    }
  }
  return notComputed;
}

/** An interruption is thrown on; any other failure is returned, to be handled column by column. */
function failure(err: unknown): Error {
  if (isInterruption(err)) throw err;
  return err instanceof Error ? err : new Error(errorMessage(err));
}

/**
 * The power of two to divide a float column's values by so that `rows` of their squares sum
 * within a double (2^1024), or 0 when they already do. Scaled values stay below 2^400.
 */
function overflowScale(measured: ColumnMeasures, rows: number): number {
  const min = toNumber(measured.get('min'));
  const max = toNumber(measured.get('max'));
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return 0;
  const magnitudeBits = Math.log2(Math.max(Math.abs(min), Math.abs(max)));
  // Two bits of margin for the warehouse's intermediate sums.
  const atRisk = 2 * magnitudeBits + Math.log2(Math.max(rows, 1)) >= 1022;
  return atRisk ? Math.ceil(magnitudeBits) - SCALED_MAGNITUDE_BITS : 0;
}

function isArithmetic(output: AggregateOutput): boolean {
  return ARITHMETIC_MEASURES.has(output.measure);
}

/** SQLSTATE 22003, numeric_value_out_of_range in the SQL standard (PostgreSQL, MySQL, Snowflake...). */
const OUT_OF_RANGE = '22003';

/**
 * Whether the warehouse refused a value beyond its type's range, by the standard SQLSTATE that
 * the driver's error (or one it wraps) carries. Any other failure fails the table as before:
 * running a smaller statement would cost another scan to no purpose.
 */
/** How warehouses word an arithmetic overflow: "value out of range: overflow", "Floating point overflow", "Numeric value out of range". */
const ARITHMETIC_OVERFLOW = /out of range|overflow/i;

function isOutOfRange(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const e = err as { code?: unknown; sqlState?: unknown; driverCode?: unknown; cause?: unknown; message?: unknown };
  if ([e.code, e.sqlState, e.driverCode].includes(OUT_OF_RANGE)) return true;
  // Services that report no SQLSTATE (BigQuery's invalidQuery, Snowflake's, Redshift's FAILED) say it in words.
  if (typeof e.message === 'string' && ARITHMETIC_OVERFLOW.test(e.message)) return true;
  return isOutOfRange(e.cause, depth + 1);
}

/** The run was cancelled or timed out: never retried in another shape. */
function isInterruption(err: unknown): boolean {
  return err instanceof BaselinrError && (err.code === 'CANCELLED' || err.code === 'TIMEOUT');
}
