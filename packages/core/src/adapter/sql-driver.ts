import type { Row } from './types.js';

/** Column types a database spells its own way; core's DDL for the results store uses them. */
export interface SqlColumnTypes {
  /** An auto-increment primary key. */
  readonly id: string;
  /** Text of any length. */
  readonly text: string;
  /** Text short enough to be part of a key or index. */
  readonly key: string;
  readonly timestamp: string;
  readonly double: string;
}

/** See `SqlDriver.textTimestamps`. */
export interface TextTimestamps {
  comparable(expression: string): string;
  baselinrText(date: Date): string;
}

/** Runs one statement inside a transaction. */
export type TransactionQuery = (sql: string, params?: readonly unknown[]) => Promise<Row[]>;

/**
 * A small SQL driver: everything core needs to keep results (`baselinr_runs`, `baselinr_results`,
 * ...) and shared-slot leases in a database. Adapters that can hold a results store return one
 * from `openSqlDriver`; core builds the store and the lease table on it, so no adapter depends on
 * core's store or coordination code.
 */
export interface SqlDriver {
  quoteIdentifier(name: string): string;
  /** Placeholder for the i-th (0-based) parameter: `?` or `$1`. */
  placeholder(index: number): string;
  readonly types: SqlColumnTypes;
  /**
   * A SQL expression for the database's current time in whole milliseconds since the Unix epoch.
   * Leases expire by the database's clock, never by the machines' own.
   */
  readonly clockMs: string;
  /**
   * Only where timestamps are kept as text (SQLite). Baselinr writes them in SQLAlchemy's form
   * (`2025-03-01 08:00:00.000000`) and this driver binds dates as ISO text
   * (`2025-03-01T08:00:00.000Z`); compared as text on the same day, every value of one form sorts
   * before every value of the other. `comparable` reads a column written in either form in the
   * bound one; `baselinrText` is a date in Baselinr's form, for the tables both tools read.
   */
  readonly textTimestamps?: TextTimestamps;
  /**
   * A statement widening a text column to hold any length, where the database's text type has a
   * limit (MySQL's TEXT stops at 64 KB); the store's layout applies it to older stores.
   */
  widenText?(table: string, column: string): string;
  /**
   * Whether DDL inside `transaction` rolls back with it (SQLite, PostgreSQL). Then a results
   * store's upgrade is one transaction; without it (MySQL) the upgrade is built to be resumed.
   */
  readonly transactionalDdl?: boolean;
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs `work` in one transaction on one connection; rolls back if it throws. */
  transaction(work: (query: TransactionQuery) => Promise<void>): Promise<void>;
  /** Idempotent. */
  close(): Promise<void>;
}

export interface SqlDriverOptions {
  /**
   * What the connections are for, shown to DBAs after `baselinr ` (PostgreSQL application_name,
   * MySQL connection attributes): `store <run id>`, `leases host:pid`, `queue host:pid`.
   */
  readonly purpose: string;
  /** The most connections the driver may open at once; it never opens more. */
  readonly connections: number;
  /** Where the connection is in the config (`storage.connection`), for error messages. */
  readonly configPath: string;
  /** Only reads: the driver opens the database read-only where it can and never creates it. */
  readonly readOnly?: boolean;
}
