/*
 * The adapter contract: what a third-party adapter implements and pins with a caret range.
 * A leaf: it imports only leaf types, never the engine, scheduler, store or coordination, so a
 * change inside core never changes this API.
 */
import type { ConnectionConfig } from '../config/schema.js';
import type { Dialect } from './dialect.js';
import type { SqlDriver, SqlDriverOptions } from './sql-driver.js';
import type { ChangeSignal, DiscoveredTable, ListTablesFilter, QueryResult, Row, TableDescription, TableRef } from './types.js';

export type * from './types.js';
export type * from './sql-driver.js';

/**
 * How statements reach the warehouse, from which core sizes a run's pool:
 * - `connections`: each running statement holds a connection (PostgreSQL, MySQL); a parallel run
 *   keeps `spare` more for catalog queries and cancel requests and never opens more than
 *   `maxConnections`, so at most `maxConnections - spare` statements run at once.
 * - `in-flight`: nothing is held between requests (HTTP jobs); one statement in flight per worker.
 */
export type PoolLimits = { readonly kind: 'connections'; readonly maxConnections: number; readonly spare: number } | { readonly kind: 'in-flight'; readonly reason: string };

/** What one warehouse can take from one run, as data. */
export interface WarehouseLimits {
  /**
   * A hard limit on workers beyond what the pool allows, with why (SQLite's single writer: 1);
   * stated to the user whenever it clamps a run.
   */
  readonly ceiling?: { readonly workers: number; readonly reason: string };
  /** The range of workers we suggest (docs and `baselinr plan`). */
  readonly recommended: { readonly min: number; readonly max: number };
  readonly pool: PoolLimits;
  /**
   * Statements run inside this process (SQLite, DuckDB): there is no round trip to save, so small
   * tables are not batched. Default false.
   */
  readonly embedded?: boolean;
}

/** The pool core sized for a run, handed to `connect`. */
export interface PoolPolicy {
  /** Connections (or in-flight HTTP jobs) the run may hold. */
  readonly size: number;
  /** Statements the pool lets run at once; the scheduler never exceeds it. */
  readonly maxConcurrentStatements: number;
  readonly reason: string;
}

export interface ConnectOptions {
  readonly policy: PoolPolicy;
  /** Identifies the run's sessions to DBAs (application_name, program_name, query tags, job labels). */
  readonly runId: string;
  readonly signal?: AbortSignal;
  /**
   * The run's timeouts, so a warehouse can enforce them server-side too (Snowflake's
   * STATEMENT_TIMEOUT_IN_SECONDS, BigQuery's job timeout). Core cancels on its own regardless.
   */
  readonly timeouts?: { readonly statementSeconds?: number; readonly tableSeconds?: number };
}

/**
 * A live connection (or pool) to one warehouse, for one run. Every failure it throws is a
 * `WarehouseError` whose `kind` is the normalised cause (see docs/adapters.md).
 */
export interface WarehouseSession {
  readonly dialect: Dialect;
  /** The schema a config entry without `schema:` means (main, public, the database...). */
  readonly defaultSchema: string;
  /**
   * The tables of `filter.schemas`. With `filter.changeSignals` it may also fill each table's
   * `changeSignal` when the warehouse can read it in the same query; that signal must be the one
   * `changeSignals` would give (the same token), and a session that fills it must offer `changeSignals` too.
   */
  listTables(filter: ListTablesFilter): Promise<DiscoveredTable[]>;
  /** Every schema a config may select (system schemas left out), for `select_all_schemas` and `schema_pattern`. */
  listSchemas?(): Promise<string[]>;
  /**
   * Where `listTables` reads each table's `tags` from ("table comments", "TAG_REFERENCES"), when
   * the warehouse has tags; without it, a config that selects by tags is refused.
   */
  readonly tagSource?: string;
  /** Columns of several tables in one catalog query; tables that do not exist are absent. */
  describeTables(refs: readonly TableRef[], signal?: AbortSignal): Promise<TableDescription[]>;
  /** Runs one statement; when `signal` aborts, the statement is cancelled on the server. */
  execute(sql: string, signal?: AbortSignal): Promise<Row[] | QueryResult>;
  /**
   * Optional (incremental profiling): each table's change signal, keyed by `tableKey`, in as few
   * catalog queries as the warehouse allows; a table absent from the map is unknown. Core skips a
   * table whose token equals the one stored at its last successful profile, so a token must never
   * stay the same across a change it cannot see: say unknown instead. A session without the
   * method profiles every table, as before. Tables listed with a `changeSignal` are not asked again.
   */
  changeSignals?(refs: readonly TableRef[], signal?: AbortSignal): Promise<ReadonlyMap<string, ChangeSignal>>;
  /**
   * Optional: called once, when the run knows it has tables to profile, with how many statements
   * it will have in flight. A session that opens connections on demand may open that many in the
   * background now, so the first tables do not each wait for one. Must return at once and never
   * throw; a failure only means fewer are ready. Not called when nothing is to be profiled (an
   * incremental run over unchanged tables, `plan`).
   */
  warmUp?(statements: number): void;
  close(): Promise<void>;
}

/**
 * An adapter is a value: it declares what the warehouse can take and how to talk to it.
 * Everything that is the same for every warehouse (planning, scheduling, retries, the results
 * store's layout, shared slots) lives in core.
 */
export interface WarehouseAdapter {
  /** The config name (`source.type`). */
  readonly type: string;
  /** What the warehouse can take; it may depend on the connection (a Snowflake warehouse's concurrency level). */
  limits(connection: ConnectionConfig): WarehouseLimits;
  connect(connection: ConnectionConfig, options: ConnectOptions): Promise<WarehouseSession>;
  /**
   * A SQL driver on this kind of database, when it can hold Baselinr's results store and shared
   * slot leases. Core builds both on it.
   */
  openSqlDriver?(connection: ConnectionConfig, options: SqlDriverOptions): Promise<SqlDriver>;
  /** Keys of the connection config whose values are secrets, redacted everywhere. */
  readonly secretOptions?: readonly string[];
}
