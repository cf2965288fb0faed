import type { WarehouseAdapter } from '@baselinr/core';
import { SqliteSession } from './session.js';
import { openSqliteDriver } from './sqlite-driver.js';

/**
 * SQLite: the embedded default for both the profiling source and the results store.
 * One writer per database file, so a run uses one worker whatever the config asks.
 */
export const adapter: WarehouseAdapter = {
  type: 'sqlite',
  limits: () => ({
    ceiling: {
      workers: 1,
      reason: 'SQLite allows a single writer per database file and its driver is synchronous, so statements run one at a time',
    },
    recommended: { min: 1, max: 1 },
    // One worker thread holds the single connection; none is kept spare.
    pool: { kind: 'connections', maxConnections: 1, spare: 0 },
    // In-process: no round trip for small tables to share.
    embedded: true,
  }),
  connect: (connection) => SqliteSession.open(connection),
  openSqlDriver: openSqliteDriver,
};

export default adapter;
export { SqliteSession } from './session.js';
export { sqliteDialect } from './dialect.js';
export { sqliteColumnKind } from './column-kind.js';
export { sqliteErrorCause, toWarehouseError } from './errors.js';
export { openSqliteDriver } from './sqlite-driver.js';
