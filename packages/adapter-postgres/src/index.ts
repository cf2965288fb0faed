import type { WarehouseAdapter } from '@baselinr/core';
import { PostgresSession } from './session.js';
import { openPostgresDriver } from './pg-driver.js';

/**
 * PostgreSQL: a profiling source and a results store. Every worker holds one server backend for
 * its whole scan, so the pool is one connection per worker plus two for catalog queries and
 * cancel requests, at most 20 in all (at most 18 statements at once).
 */
export const adapter: WarehouseAdapter = {
  type: 'postgres',
  limits: () => ({
    recommended: { min: 4, max: 8 },
    pool: { kind: 'connections', maxConnections: 20, spare: 2 },
  }),
  connect: (connection, options) => PostgresSession.open(connection, options),
  openSqlDriver: openPostgresDriver,
  secretOptions: ['password'],
};

export default adapter;
export { PostgresSession } from './session.js';
export { postgresDialect } from './dialect.js';
export { postgresColumnKind, type PgTypeInfo, type PgColumnKind } from './column-kind.js';
export { postgresErrorCause, toWarehouseError } from './errors.js';
export { applicationName } from './pool-config.js';
export { openPostgresDriver } from './pg-driver.js';
