import type { WarehouseAdapter } from '@baselinr/core';
import { SqliteSession } from './session.js';
import { openSqliteStore } from './store.js';
import { openSqliteCoordination } from './coordination.js';

/**
 * SQLite: the embedded default for both the profiling source and the results store.
 * One writer per database file, so a run uses one worker whatever the config asks.
 */
export const adapter: WarehouseAdapter = {
  type: 'sqlite',
  concurrency: {
    ceiling: 1,
    recommended: { min: 1, max: 1 },
    reason: 'SQLite allows a single writer per database file and its driver is synchronous, so statements run one at a time',
  },
  poolPolicy: () => ({ size: 1, maxConcurrentStatements: 1, reason: 'one worker thread holds the single SQLite connection' }),
  connect: (connection) => SqliteSession.open(connection),
  openStore: openSqliteStore,
  openCoordination: openSqliteCoordination,
};

export default adapter;
export { SqliteSession } from './session.js';
export { sqliteDialect } from './dialect.js';
export { sqliteColumnKind } from './column-kind.js';
export { classifySqliteError } from './errors.js';
