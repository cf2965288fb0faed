import type { WarehouseAdapter } from '@baselinr/core';
import { MysqlSession } from './session.js';
import { openMysqlDriver } from './mysql-driver.js';

/**
 * MySQL and MariaDB (the `mariadb` type resolves to this package too): a profiling source and
 * a results store. Each connection is a server thread and counts against max_connections and
 * max_user_connections: the pool is one connection per worker plus two for catalog queries and
 * KILL QUERY, at most 20.
 */
export const adapter: WarehouseAdapter = {
  type: 'mysql',
  limits: () => ({
    ceiling: {
      workers: 16,
      reason:
        'each worker holds a MySQL connection (one server thread running a full-table scan); past 16 concurrent scans one server is I/O bound and the run crowds out other clients of max_connections (151 by default)',
    },
    recommended: { min: 4, max: 8 },
    pool: { kind: 'connections', maxConnections: 20, spare: 2 },
  }),
  connect: (connection, options) => MysqlSession.open(connection, options),
  openSqlDriver: openMysqlDriver,
  secretOptions: ['password'],
};

export default adapter;
export { MysqlSession, runComment } from './session.js';
export { mysqlDialect } from './dialect.js';
export { mysqlColumnKind, type MysqlColumnKind } from './column-kind.js';
export { mysqlErrorCause, toWarehouseError, driverCode } from './errors.js';
export { openMysqlDriver } from './mysql-driver.js';
