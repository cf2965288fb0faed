import { sqlPoolPolicy, type WarehouseAdapter } from '@baselinr/core';
import { MysqlSession } from './session.js';
import { openMysqlStore } from './store.js';
import { openMysqlCoordination } from './coordination.js';

/**
 * MySQL and MariaDB (the `mariadb` type resolves to this package too): a profiling source and
 * a results store. Each connection is a server thread and counts against max_connections and
 * max_user_connections, so runs are sized with the SQL pool seed rule.
 */
export const adapter: WarehouseAdapter = {
  type: 'mysql',
  concurrency: {
    ceiling: 16,
    recommended: { min: 4, max: 8 },
    reason:
      'each worker holds a MySQL connection (one server thread running a full-table scan); past 16 concurrent scans one server is I/O bound and the run crowds out other clients of max_connections (151 by default)',
  },
  poolPolicy: sqlPoolPolicy,
  connect: (connection, options) => MysqlSession.open(connection, options),
  openStore: openMysqlStore,
  openCoordination: openMysqlCoordination,
  secretOptions: ['password'],
};

export default adapter;
export { MysqlSession, runComment } from './session.js';
export { mysqlDialect } from './dialect.js';
export { mysqlColumnKind, type MysqlColumnKind } from './column-kind.js';
export { classifyMysqlError, toWarehouseError, driverCode } from './errors.js';
export { openMysqlStore } from './store.js';
