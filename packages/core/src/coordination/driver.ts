import type { StoreDriver } from '../store/sql-store.js';

/**
 * A connection to a database that several processes share, for coordinating them (slot leases,
 * the job queue's bookkeeping). The same SQL driver an adapter gives its results store, plus the
 * database's clock: lease expiry is judged by the database, never by the machines' own clocks.
 */
export interface CoordinationDriver extends StoreDriver {
  /** A SQL expression for the database's current time in whole milliseconds since the Unix epoch. */
  readonly clockMs: string;
}

export interface CoordinationOptions {
  /**
   * What the connections are for, shown to DBAs after `baselinr ` (PostgreSQL application_name,
   * MySQL connection attributes): `leases host:pid`, `queue host:pid`.
   */
  readonly purpose: string;
  /** The most connections the driver may open at once; it never opens more. */
  readonly connections: number;
}
