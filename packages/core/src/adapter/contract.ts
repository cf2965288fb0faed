import type { ErrorKind } from '../errors.js';
import type { ConnectionConfig } from '../config/schema.js';
import type { ResultsStore } from '../store/contract.js';
import type { CoordinationDriver, CoordinationOptions } from '../coordination/driver.js';
import type { Dialect } from './dialect.js';

/** A table or view, named as the warehouse names it (no quoting, no folding). */
export interface TableRef {
  readonly schema: string;
  readonly table: string;
}

export interface DiscoveredTable extends TableRef {
  readonly type: 'table' | 'view';
  /** Rows according to the catalog (statistics), when it has a figure. */
  readonly rowEstimate?: number;
}

/** What core may compute for a column; adapters map their type names onto these. */
export type ColumnKind = 'integer' | 'decimal' | 'float' | 'string' | 'temporal' | 'boolean' | 'other';

export interface ColumnInfo {
  readonly name: string;
  /** The warehouse's own type name, stored with every result. */
  readonly dataType: string;
  readonly kind: ColumnKind;
  /** Set when the adapter knows the column cannot be profiled beyond counts, with why. */
  readonly unsupportedReason?: string;
}

export interface TableDescription extends TableRef {
  readonly columns: readonly ColumnInfo[];
  readonly rowEstimate?: number;
}

/** One result row: column alias to value (number, bigint, string, boolean, Date or null). */
export type Row = Record<string, unknown>;

export interface ConcurrencyLimits {
  /** Hard limit the warehouse can take from one run, whatever the config asks. */
  readonly ceiling: number;
  /** The range of workers we suggest (docs and `baselinr plan`). */
  readonly recommended: { readonly min: number; readonly max: number };
  /** Why: stated to the user whenever the ceiling clamps a run. */
  readonly reason: string;
}

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
 * What `execute` may return instead of bare rows, when the warehouse tells more: time the
 * statement waited in the warehouse's queue, bytes it scanned, its id for the user's console.
 */
export interface QueryResult {
  readonly rows: Row[];
  readonly queuedMs?: number;
  readonly bytesProcessed?: number;
  readonly queryId?: string;
}

export interface ListTablesFilter {
  /** Schemas to list; adapters issue at most one catalog query per schema. */
  readonly schemas: readonly string[];
}

/** A live connection (or pool) to one warehouse, for one run. */
export interface WarehouseSession {
  readonly dialect: Dialect;
  /** The schema a config entry without `schema:` means (main, public, the database...). */
  readonly defaultSchema: string;
  listTables(filter: ListTablesFilter): Promise<DiscoveredTable[]>;
  /** Columns of several tables in one catalog query; tables that do not exist are absent. */
  describeTables(refs: readonly TableRef[], signal?: AbortSignal): Promise<TableDescription[]>;
  /** Runs one statement; when `signal` aborts, the statement is cancelled on the server. */
  execute(sql: string, signal?: AbortSignal): Promise<Row[] | QueryResult>;
  classifyError(err: unknown): ErrorKind;
  close(): Promise<void>;
}

export interface StoreOptions {
  readonly resultsTable: string;
  readonly runsTable: string;
  /** The run the store writes for, so its connections can identify themselves; absent for reads. */
  readonly runId?: string;
  /** Only reads (`query`, `report`, `plan`): open read-only where the database can, create nothing. */
  readonly readOnly?: boolean;
}

/**
 * An adapter is a value: it declares what the warehouse can take and how to talk to it.
 * Everything that is the same for every warehouse (planning, scheduling, retries, storage
 * layout) lives in core.
 */
export interface WarehouseAdapter {
  /** The config name (`source.type`). */
  readonly type: string;
  readonly concurrency: ConcurrencyLimits;
  /**
   * Limits for one connection, when they depend on it (a Snowflake warehouse's
   * MAX_CONCURRENCY_LEVEL and clusters); `concurrency` applies when absent.
   */
  concurrencyFor?(connection: ConnectionConfig): ConcurrencyLimits;
  /** How many connections and concurrent statements a run of `workers` workers may hold. */
  poolPolicy(workers: number): PoolPolicy;
  connect(connection: ConnectionConfig, options: ConnectOptions): Promise<WarehouseSession>;
  /** A results store in this kind of database, when the adapter offers one. */
  openStore?(connection: ConnectionConfig, options: StoreOptions): Promise<ResultsStore>;
  /** Connections for coordinating processes through this database (shared slot leases, queue bookkeeping). */
  openCoordination?(connection: ConnectionConfig, options: CoordinationOptions): Promise<CoordinationDriver>;
  /** Keys of the connection config whose values are secrets, redacted everywhere. */
  readonly secretOptions?: readonly string[];
}

/** The seed rule for SQL connection pools: small when sequential, workers + 2 (at most 20) when parallel. */
export function sqlPoolPolicy(workers: number): PoolPolicy {
  if (workers <= 1) {
    return { size: 2, maxConcurrentStatements: 1, reason: 'sequential run: one statement connection and one spare for catalog and cancel requests' };
  }
  const size = Math.min(workers + 2, 20);
  return {
    size,
    maxConcurrentStatements: size - 2,
    reason: `pool of ${size} connections (workers + 2, at most 20): two kept for catalog queries and cancel requests`,
  };
}

/**
 * For warehouses reached over HTTP (jobs, statements), where no connection is held: one
 * statement in flight per worker, and catalog and cancel requests need no spare slot.
 */
export function inFlightPoolPolicy(workers: number, reason: string): PoolPolicy {
  const slots = Math.max(1, workers);
  return { size: slots, maxConcurrentStatements: slots, reason };
}
