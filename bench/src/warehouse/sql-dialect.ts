import type { BenchColumnKind } from './column-mix.js';

/**
 * How each engine spells the few things the generator needs. Rows are produced on the server
 * (generate_series, MariaDB's sequence engine, a recursive CTE in SQLite), so building a
 * million-row warehouse moves one statement per table over the wire, not the rows.
 */
export interface GeneratorDialect {
  readonly engine: 'postgres' | 'mariadb' | 'sqlite';
  quote(identifier: string): string;
  readonly columnType: Record<BenchColumnKind, string>;
  /** Appended to CREATE TABLE (PostgreSQL: keep autovacuum from analyzing behind the benchmark's back). */
  readonly tableOptions: string;
  concat(parts: readonly string[]): string;
  /** The first `length` characters of a literal. */
  prefix(literal: string, length: string): string;
  toDouble(integer: string): string;
  /** Cents to a two-decimal exact number. */
  centsToDecimal(integer: string): string;
  secondsAfter2024(integer: string): string;
  /** `INSERT INTO table (columns) SELECT select FROM <rows 1..count as n>`. */
  insertRows(table: string, columns: readonly string[], select: readonly string[], count: number): string;
}

const quoteWith = (q: string) => (identifier: string) => q + identifier.split(q).join(q + q) + q;

const SHARED_TYPES = {
  id: 'BIGINT',
  integer: 'INTEGER',
  short_text: 'VARCHAR(16)',
  long_text: 'TEXT',
  low_cardinality: 'VARCHAR(16)',
  high_cardinality: 'VARCHAR(64)',
} as const;

const insertFrom = (quote: (s: string) => string, table: string, columns: readonly string[], select: readonly string[], from: string) =>
  `INSERT INTO ${table} (${columns.map(quote).join(', ')}) SELECT ${select.join(', ')} FROM ${from}`;

export const postgresGenerator: GeneratorDialect = {
  engine: 'postgres',
  quote: quoteWith('"'),
  columnType: { ...SHARED_TYPES, decimal: 'NUMERIC(12,2)', double_with_nulls: 'DOUBLE PRECISION', timestamp: 'TIMESTAMP' },
  tableOptions: ' WITH (autovacuum_enabled = false)',
  concat: (parts) => `(${parts.join(' || ')})`,
  prefix: (literal, length) => `SUBSTR(${literal}, 1, (${length})::int)`,
  toDouble: (x) => `(${x})::float8`,
  centsToDecimal: (x) => `((${x}) / 100.0)::numeric(12,2)`,
  secondsAfter2024: (x) => `(TIMESTAMP '2024-01-01 00:00:00' + (${x}) * INTERVAL '1 second')`,
  // bigint bounds, so n * multiplier cannot overflow int4.
  insertRows: (table, columns, select, count) => insertFrom(postgresGenerator.quote, table, columns, select, `generate_series(1::bigint, ${count}::bigint) AS g(n)`),
};

export const mariadbGenerator: GeneratorDialect = {
  engine: 'mariadb',
  quote: quoteWith('`'),
  columnType: { ...SHARED_TYPES, decimal: 'DECIMAL(12,2)', double_with_nulls: 'DOUBLE', timestamp: 'DATETIME' },
  tableOptions: '',
  concat: (parts) => `CONCAT(${parts.join(', ')})`,
  prefix: (literal, length) => `SUBSTR(${literal}, 1, ${length})`,
  toDouble: (x) => `((${x}) * 1e0)`,
  centsToDecimal: (x) => `CAST((${x}) / 100 AS DECIMAL(12,2))`,
  secondsAfter2024: (x) => `(TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (${x}) SECOND)`,
  // The SEQUENCE engine's virtual table seq_1_to_N (MariaDB 10.0+).
  insertRows: (table, columns, select, count) => insertFrom(mariadbGenerator.quote, table, columns, select, `(SELECT seq AS n FROM seq_1_to_${count}) AS g`),
};

export const sqliteGenerator: GeneratorDialect = {
  engine: 'sqlite',
  quote: quoteWith('"'),
  columnType: { ...SHARED_TYPES, decimal: 'NUMERIC(12,2)', double_with_nulls: 'REAL', timestamp: 'TIMESTAMP' },
  tableOptions: '',
  concat: (parts) => `(${parts.join(' || ')})`,
  prefix: (literal, length) => `SUBSTR(${literal}, 1, ${length})`,
  toDouble: (x) => `((${x}) * 1.0)`,
  centsToDecimal: (x) => `ROUND((${x}) / 100.0, 2)`,
  secondsAfter2024: (x) => `DATETIME('2024-01-01 00:00:00', '+' || (${x}) || ' seconds')`,
  insertRows: (table, columns, select, count) =>
    `WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ${count}) ${insertFrom(sqliteGenerator.quote, table, columns, select, 'g')}`,
};
