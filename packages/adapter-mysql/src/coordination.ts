import type { ConnectionConfig, CoordinationDriver, CoordinationOptions } from '@baselinr/core';
import { openMysqlDriver } from './mysql-driver.js';

/** UTC_TIMESTAMP, not NOW(): a session time zone with daylight saving would repeat an hour. */
const MYSQL_CLOCK_MS = "(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(6)) DIV 1000)";

/**
 * Coordination through MySQL or MariaDB: a pool of at most `options.connections` connections,
 * shown to DBAs with the connection attribute `baselinr_role` = `<purpose>`.
 */
export async function openMysqlCoordination(connection: ConnectionConfig, options: CoordinationOptions): Promise<CoordinationDriver> {
  const driver = await openMysqlDriver(
    connection,
    { section: 'coordination.connection', connectionLimit: options.connections, attributes: { baselinr_role: options.purpose } },
    'coordination database',
  );
  return { ...driver, clockMs: MYSQL_CLOCK_MS };
}
