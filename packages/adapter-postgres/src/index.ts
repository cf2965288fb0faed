import { sqlPoolPolicy, type WarehouseAdapter } from '@baselinr/core';
import { PostgresSession } from './session.js';
import { openPostgresStore } from './store.js';
import { openPostgresCoordination } from './coordination.js';

/**
 * PostgreSQL: a profiling source and a results store. Every worker holds one backend process
 * while its statement runs, so the pool follows core's seed rule (workers + 2, at most 20).
 */
export const adapter: WarehouseAdapter = {
  type: 'postgres',
  concurrency: {
    ceiling: 18,
    recommended: { min: 4, max: 8 },
    reason:
      'each worker holds a server backend for its whole scan; the pool never exceeds 20 connections and keeps two for catalog queries and cancel requests',
  },
  poolPolicy: sqlPoolPolicy,
  connect: (connection, options) => PostgresSession.open(connection, options),
  openStore: openPostgresStore,
  openCoordination: openPostgresCoordination,
  secretOptions: ['password'],
};

export default adapter;
export { PostgresSession } from './session.js';
export { postgresDialect } from './dialect.js';
export { postgresColumnKind, type PgTypeInfo, type PgColumnKind } from './column-kind.js';
export { classifyPostgresError, toWarehouseError } from './errors.js';
export { applicationName, STORE_APPLICATION_NAME } from './pool-config.js';
export { openPostgresStore } from './store.js';
