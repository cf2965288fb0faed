import type { ColumnInfo, ColumnKind, TableRef } from './types.js';

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
  /**
   * How the warehouse draws about `fraction` of a table's rows: its seeded sampling where it has
   * one, else a predicate on `rowHash` (this dialect's {@link Dialect.rowHash} of the table's rows).
   */
  sampleRows(fraction: number, seed: number, rowHash: string): RowSample;
  /**
   * Lower-case hexadecimal text, well mixed, computed from every listed column of one row (nulls
   * included): the same row values give the same text in every statement and every run, so a
   * predicate or an order on it picks the same rows while the data is unchanged.
   */
  rowHash(columns: readonly ColumnInfo[]): string;
}

/**
 * A sample of rows: a clause written after the table name (TABLESAMPLE, SAMPLE), or, where the
 * warehouse has no seeded one, a predicate on the row hash, with `shown`, its short form for the
 * output (the hash lists every column). `repeatable`: unchanged data gives the same rows, so every
 * statement of one table sees the same sample, run after run.
 */
export type RowSample = ({ readonly tableClause: string } | { readonly predicate: string; readonly shown: string }) & { readonly repeatable: boolean };

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
  /** Replaces the SQL:2003 default, `TABLESAMPLE BERNOULLI (percent) REPEATABLE (seed)`; {@link hashSample} where there is none. */
  readonly sampleRows?: (fraction: number, seed: number, rowHash: string) => RowSample;
  /** Replaces the default, MD5 of the row's values as text ({@link rowText}). */
  readonly rowHash?: (columns: readonly ColumnInfo[], quote: (name: string) => string) => string;
}

export const DEFAULT_MAX_EXPRESSIONS = 250;

export function createDialect(spec: DialectSpec): Dialect {
  const q = spec.identifierQuote;
  const quoteIdentifier = spec.quoteIdentifier ?? ((name: string): string => q + name.split(q).join(q + q) + q);
  const exactText = spec.exactText ?? ((e: string) => `CAST(${e} AS VARCHAR)`);
  return {
    quoteIdentifier,
    qualifyTable: (ref) => (spec.qualifyTable ? spec.qualifyTable(ref, quoteIdentifier) : `${quoteIdentifier(ref.schema)}.${quoteIdentifier(ref.table)}`),
    maxExpressionsPerStatement: spec.maxExpressionsPerStatement ?? DEFAULT_MAX_EXPRESSIONS,
    approxCountDistinct: spec.approxCountDistinct ?? (() => undefined),
    stddevSamp: spec.stddevSamp ?? ((c) => `STDDEV_SAMP(${c})`),
    charLength: spec.charLength ?? ((c) => `CHAR_LENGTH(${c})`),
    exactText,
    average: spec.average ?? ((c) => `AVG(${c})`),
    // Portable: a CASE over the truth value keeps nulls null and needs no boolean aggregate.
    booleanExtreme: spec.booleanExtreme ?? ((c, which) => `${which === 'min' ? 'MIN' : 'MAX'}(CASE WHEN ${c} THEN 1 WHEN NOT ${c} THEN 0 END)`),
    numberLiteral: (value) => {
      if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
      return spec.numberLiteral ? spec.numberLiteral(value) : renderNumberLiteral(value);
    },
    stringLiteral: spec.stringLiteral ?? ((value) => `'${value.replaceAll("'", "''")}'`),
    sampleRows: spec.sampleRows ?? ((fraction, seed) => ({ tableClause: `TABLESAMPLE BERNOULLI (${samplePercent(fraction)}) REPEATABLE (${seed})`, repeatable: true })),
    rowHash: (columns) => (spec.rowHash ? spec.rowHash(columns, quoteIdentifier) : `MD5(${rowText(columns, quoteIdentifier, exactText).join(" || '|' || ")})`),
  };
}

/**
 * Each column of a row as text for a row hash: a null as `(null)`, a boolean as 1 or 0 (Redshift
 * casts no boolean to text), anything else as the dialect's exact text. Joined with a separator,
 * ('a', 'bc') and ('ab', 'c') differ; a text spelled like the null marker, or holding the
 * separator, may meet another row's, which only ties the two rows' order in a stratum. Columns
 * profiled by counts only (kind `other`: SUPER, VARIANT, spatial, binary) are left out, as not
 * every warehouse casts them to text, unless the table has no other column.
 */
export function rowText(columns: readonly ColumnInfo[], quote: (name: string) => string, exactText: (expression: string) => string): string[] {
  const castable = columns.filter((c) => c.kind !== 'other');
  return (castable.length > 0 ? castable : columns).map((column) => {
    const c = quote(column.name);
    const text = column.kind === 'boolean' ? `CASE WHEN ${c} THEN '1' WHEN NOT ${c} THEN '0' END` : exactText(c);
    return `COALESCE(${text}, '(null)')`;
  });
}

/** Hex digits of a row hash the sample predicate compares: 32 bits, ample for a fraction. */
const HASH_PREFIX_BITS = 32;

/**
 * A sample predicate on a row hash: keeps the rows whose hash, read as a hex fraction, is below
 * `fraction`. Comparing the text with an 8-digit bound compares its first 8 digits (digits sort
 * before a-f in every collation); `g` sorts after every hex digit, so 1 keeps every row.
 */
export function hashSample(rowHash: string, fraction: number): Extract<RowSample, { predicate: string }> {
  const bound = Math.round(fraction * 2 ** HASH_PREFIX_BITS);
  const hex = bound >= 2 ** HASH_PREFIX_BITS ? 'g' : bound.toString(16).padStart(HASH_PREFIX_BITS / 4, '0');
  return { predicate: `${rowHash} < '${hex}'`, shown: `hash of every column < '${hex}'`, repeatable: true };
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
