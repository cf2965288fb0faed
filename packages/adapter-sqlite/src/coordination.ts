import type { ConnectionConfig, CoordinationDriver } from '@baselinr/core';
import { openSqliteDriver } from './sqlite-driver.js';

/** julianday('now') has millisecond precision; day 2440587.5 is the Unix epoch. */
const SQLITE_CLOCK_MS = "CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)";

/**
 * Coordination through a SQLite file: processes of one machine share it (leases only; the file's
 * lock serialises every write). One connection whatever `options.connections` allows.
 */
export function openSqliteCoordination(connection: ConnectionConfig): Promise<CoordinationDriver> {
  return Promise.resolve({ ...openSqliteDriver(connection, 'coordination.connection'), clockMs: SQLITE_CLOCK_MS });
}
