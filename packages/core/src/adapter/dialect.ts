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
  /** A numeric literal for histogram bounds. */
  numberLiteral(value: number): string;
}

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
  readonly qualifyTable?: (ref: TableRef, quote: (name: string) => string) => string;
  /** Replaces the default literal where a warehouse types plain digits more narrowly (GoogleSQL: INT64 only). */
  readonly numberLiteral?: (value: number) => string;
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
    numberLiteral: (value) => {
      if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
      return spec.numberLiteral ? spec.numberLiteral(value) : renderNumberLiteral(value);
    },
  };
}

/** Finite doubles as SQL literals; exponent form is valid in every supported warehouse. */
function renderNumberLiteral(value: number): string {
  return Object.is(value, -0) ? '0' : String(value);
}
