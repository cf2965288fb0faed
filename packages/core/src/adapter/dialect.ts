import type { ColumnKind, TableRef } from './types.js';

/**
 * How one warehouse spells the SQL core needs. Core builds the profiling plan; the dialect
 * only renders identifiers and single aggregate expressions, so a new warehouse overrides a
 * handful of functions and inherits the rest from {@link createDialect}'s ANSI defaults.
 */
export interface Dialect {
  quoteIdentifier(name: string): string;
  qualifyTable(ref: TableRef): string;
  /** Select-list expressions per statement; wide tables are split into chunks of this size. */
  readonly maxExpressionsPerStatement: number;
  /** The warehouse's approximate distinct count, or undefined when it has none (exact is used). */
  approxCountDistinct(column: string): string | undefined;
  stddevSamp(column: string): string;
  /** Length in characters, not bytes. */
  charLength(column: string): string;
  /** Casts a value to text so big integers, decimals and timestamps keep their exact form. */
  exactText(expression: string): string;
  /** Mean of a column of the given kind (some warehouses need a cast to avoid integer division). */
  average(column: string, kind: ColumnKind): string;
  /**
   * The least (`min`) or greatest (`max`) value of a boolean column as 0 or 1, null when every value
   * is null. MIN(boolean) does not exist in PostgreSQL and the warehouses that follow it.
   */
  booleanExtreme(column: string, which: 'min' | 'max'): string;
  /** A numeric literal for histogram bounds. */
  numberLiteral(value: number): string;
  /** A string literal (partition values from the config). */
  stringLiteral(value: string): string;
  /** How the warehouse draws about `fraction` of a table's rows at random; seeded where it can be. */
  sampleRows(fraction: number, seed: number): RowSample;
  /** A random number per row, to order rows at random (stratified samples); seeded where it can be. */
  randomValue(seed: number): RandomValue;
}

/** `repeatable`: the same seed gives each row of unchanged data the same number, run after run. */
export interface RandomValue {
  readonly sql: string;
  readonly repeatable: boolean;
}

/**
 * A random sample of rows: a clause written after the table name (TABLESAMPLE, SAMPLE), or, where
 * the warehouse has none, a predicate on a random number. `repeatable`: the same seed draws the
 * same rows from unchanged data, so every statement of one table sees the same sample.
 */
export type RowSample = ({ readonly tableClause: string } | { readonly predicate: string }) & { readonly repeatable: boolean };

export interface DialectSpec {
  /** `"` (ANSI, PostgreSQL, SQLite, Snowflake) or `` ` `` (MySQL, BigQuery). */
  readonly identifierQuote: '"' | '`';
  /** Replaces quote-doubling for warehouses that escape differently (GoogleSQL uses backslashes). */
  readonly quoteIdentifier?: (name: string) => string;
  readonly maxExpressionsPerStatement?: number;
  readonly approxCountDistinct?: (column: string) => string | undefined;
  readonly stddevSamp?: (column: string) => string;
  readonly charLength?: (column: string) => string;
  readonly exactText?: (expression: string) => string;
  readonly average?: (column: string, kind: ColumnKind) => string;
  readonly booleanExtreme?: (column: string, which: 'min' | 'max') => string;
  readonly qualifyTable?: (ref: TableRef, quote: (name: string) => string) => string;
  /** Replaces the default literal where a warehouse types plain digits more narrowly (GoogleSQL: INT64 only). */
  readonly numberLiteral?: (value: number) => string;
  /** Replaces ANSI quote-doubling where a backslash escapes too (MySQL, BigQuery, Snowflake). */
  readonly stringLiteral?: (value: string) => string;
  /** Replaces the SQL:2003 default, `TABLESAMPLE BERNOULLI (percent) REPEATABLE (seed)`. */
  readonly sampleRows?: (fraction: number, seed: number) => RowSample;
  /** Replaces the default, `RANDOM()` (not seeded). */
  readonly randomValue?: (seed: number) => RandomValue;
}

export const DEFAULT_MAX_EXPRESSIONS = 250;

export function createDialect(spec: DialectSpec): Dialect {
  const q = spec.identifierQuote;
  const quoteIdentifier = spec.quoteIdentifier ?? ((name: string): string => q + name.split(q).join(q + q) + q);
  return {
    quoteIdentifier,
    qualifyTable: (ref) => (spec.qualifyTable ? spec.qualifyTable(ref, quoteIdentifier) : `${quoteIdentifier(ref.schema)}.${quoteIdentifier(ref.table)}`),
    maxExpressionsPerStatement: spec.maxExpressionsPerStatement ?? DEFAULT_MAX_EXPRESSIONS,
    approxCountDistinct: spec.approxCountDistinct ?? (() => undefined),
    stddevSamp: spec.stddevSamp ?? ((c) => `STDDEV_SAMP(${c})`),
    charLength: spec.charLength ?? ((c) => `CHAR_LENGTH(${c})`),
    exactText: spec.exactText ?? ((e) => `CAST(${e} AS VARCHAR)`),
    average: spec.average ?? ((c) => `AVG(${c})`),
    // Portable: a CASE over the truth value keeps nulls null and needs no boolean aggregate.
    booleanExtreme: spec.booleanExtreme ?? ((c, which) => `${which === 'min' ? 'MIN' : 'MAX'}(CASE WHEN ${c} THEN 1 WHEN NOT ${c} THEN 0 END)`),
    numberLiteral: (value) => {
      if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
      return spec.numberLiteral ? spec.numberLiteral(value) : renderNumberLiteral(value);
    },
    stringLiteral: spec.stringLiteral ?? ((value) => `'${value.replaceAll("'", "''")}'`),
    sampleRows: spec.sampleRows ?? ((fraction, seed) => ({ tableClause: `TABLESAMPLE BERNOULLI (${samplePercent(fraction)}) REPEATABLE (${seed})`, repeatable: true })),
    randomValue: spec.randomValue ?? (() => ({ sql: 'RANDOM()', repeatable: false })),
  };
}

/** A fraction of rows as the percent TABLESAMPLE and SAMPLE take, without binary noise (0.07 is 7, not 7.000000000000001). */
export function samplePercent(fraction: number): string {
  return String(Number((fraction * 100).toPrecision(12)));
}

/** A string literal in which a backslash is an escape character: both it and the quote are escaped with one. */
export function backslashStringLiteral(value: string): string {
  return `'${value.replace(/[\\']/g, (ch) => `\\${ch}`)}'`;
}

/** Finite doubles as SQL literals; exponent form is valid in every supported warehouse. */
function renderNumberLiteral(value: number): string {
  return Object.is(value, -0) ? '0' : String(value);
}
