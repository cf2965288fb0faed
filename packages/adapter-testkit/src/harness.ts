import type { ConnectionConfig, ErrorCause, Row, WarehouseAdapter, WarehouseSession } from '@baselinr/core';

/** The kit's column types. You choose the SQL type each becomes in your warehouse. */
export type LogicalType = 'integer' | 'bigint' | 'decimal' | 'float' | 'string' | 'timestamp' | 'boolean';

export interface FixtureColumn {
  readonly name: string;
  readonly type: LogicalType;
  /** decimal only: total digits and digits after the point (`DECIMAL(precision, scale)`). */
  readonly precision?: number;
  readonly scale?: number;
}

/**
 * One cell, by column type (null is SQL NULL for every type):
 * - integer: a number within 32 bits; bigint: a bigint (up to 64 bits);
 * - decimal: a string with exactly `scale` digits after the point (`-12.5000`);
 * - float: a finite number; string: any Unicode text (never with trailing spaces);
 * - timestamp: `YYYY-MM-DD HH:MM:SS`, a wall-clock time in UTC without zone;
 * - boolean: true or false.
 */
export type FixtureValue = number | bigint | string | boolean | null;

export interface FixtureTable {
  readonly name: string;
  readonly columns: readonly FixtureColumn[];
  readonly rows: ReadonlyArray<readonly FixtureValue[]>;
}

/** A view over every column of one fixture table: `CREATE VIEW name AS SELECT * FROM table`. */
export interface FixtureView {
  readonly name: string;
  readonly table: string;
}

/** What `source` (or `storage.connection`) says in a config file; `extra_params` may be left out. */
export type ConnectionInput = Omit<ConnectionConfig, 'extra_params'> & { readonly extra_params?: Record<string, unknown> };

/**
 * A fresh, empty place in your warehouse (a schema, a database or a file) that only one group of
 * checks uses. The kit creates its tables through you and reads back through `query`, never
 * through the adapter, so what the adapter reports is checked independently.
 */
export interface TestNamespace {
  /** The `source` section that reaches this namespace. */
  readonly connection: ConnectionInput;
  /** The schema name as `listTables` and `describeTables` report it. */
  readonly schema: string;
  /** Creates the table with your SQL types for the kit's logical ones, and inserts its rows. */
  createTable(table: FixtureTable): Promise<void>;
  /** Creates a view; leave it out when the warehouse has none (and skip `views`). */
  createView?(view: FixtureView): Promise<void>;
  /** The back door: plain SQL run outside the adapter, with this namespace as the default schema. */
  query(sql: string): Promise<Row[]>;
  /** Where the results store goes when it is not `connection` (a separate file, say), with its own back door. */
  readonly store?: { readonly connection: ConnectionInput; query(sql: string): Promise<Row[]> };
  /** Drops everything the namespace holds. */
  close(): Promise<void>;
}

/** A statement that runs for a long time (a minute or more), to cancel. */
export interface CancelProbe {
  /** SQL that runs for at least a minute; include `marker` (an identifier, e.g. as a column alias) so it can be found. */
  statement(marker: string): string;
  /**
   * Whether the warehouse is executing the statement that carries `marker`, asked of the warehouse
   * itself (pg_stat_activity, PROCESSLIST, the engine's own query state...). Without it the kit
   * checks the rejection and that the session still works, not that the server stopped.
   */
  isRunning?(marker: string, session: WarehouseSession): Promise<boolean>;
}

/** A connection the warehouse refuses (closed port, locked file), and the cause its error must give. */
export interface UnreachableConnection {
  readonly connection: ConnectionInput;
  /** Defaults to `connection_refused`. */
  readonly kind?: ErrorCause;
  /** Undoes whatever made it unreachable (a lock held, a process started). */
  release?(): Promise<void>;
}

/** Groups of checks, named so that a skip list reads as what the warehouse cannot do. */
export const FEATURES = [
  'catalog',
  'views',
  'metrics',
  'wide-decimals',
  'hostile-identifiers',
  'statements-per-table',
  'batching',
  'cancel',
  'error-classification',
  'refused-connection',
  'concurrency',
  'results-store',
] as const;
export type Feature = (typeof FEATURES)[number];

export interface AdapterConformance {
  readonly adapter: WarehouseAdapter;
  /** Shown in test names; defaults to the adapter's type. */
  readonly name?: string;
  /** A fresh namespace; `purpose` (lowercase letters, digits and `_`) can go into its name. Called once per group of checks. */
  open(purpose: string): Promise<TestNamespace>;
  readonly cancel?: CancelProbe;
  unreachable?(): Promise<UnreachableConnection>;
  /** Features the warehouse does not have, each with the reason printed in the skipped test's name. */
  readonly skip?: Partial<Record<Feature, string>>;
  /**
   * Allowed relative error of `approx_distinct_count` when the dialect has an approximate function
   * (HyperLogLog sketches are off by several percent at a few hundred values). Default 0.3.
   */
  readonly approxDistinctTolerance?: number;
  /** Per test and hook, in milliseconds. Default 120000. */
  readonly timeoutMs?: number;
}
