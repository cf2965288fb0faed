import type { ConnectionConfig, CoordinationDriver, CoordinationOptions } from '@baselinr/core';
import { openPostgresDriver } from './pg-driver.js';
import { applicationName } from './pool-config.js';

/** clock_timestamp(), not now(): now() stands still for the whole of a transaction. */
const POSTGRES_CLOCK_MS = 'CAST(FLOOR(EXTRACT(EPOCH FROM clock_timestamp()) * 1000) AS BIGINT)';

/**
 * Coordination through PostgreSQL: a pool of at most `options.connections` connections named
 * `baselinr <purpose>` in pg_stat_activity, in `connection.schema` when one is set.
 */
export async function openPostgresCoordination(connection: ConnectionConfig, options: CoordinationOptions): Promise<CoordinationDriver> {
  const driver = await openPostgresDriver(connection, {
    size: options.connections,
    applicationName: applicationName(options.purpose),
    section: 'coordination.connection',
  });
  return { ...driver, clockMs: POSTGRES_CLOCK_MS };
}
