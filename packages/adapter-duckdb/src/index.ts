import type { WarehouseAdapter } from '@baselinr/core';
import { duckdbLimits } from './limits.js';
import { DuckdbSession } from './session.js';
import { openDuckdbSqlDriver } from './sql-driver.js';

/**
 * DuckDB: profiles DuckDB database files (read-only) and Parquet, CSV and JSON files, and can hold
 * the results store. Built only on @baselinr/core's public exports and docs/adapters.md.
 */
export const adapter: WarehouseAdapter = {
  type: 'duckdb',
  limits: () => duckdbLimits(),
  connect: (connection, options) => DuckdbSession.open(connection, options),
  openSqlDriver: openDuckdbSqlDriver,
};

export default adapter;
export { DuckdbSession } from './session.js';
export { duckdbDialect } from './dialect.js';
export { duckdbColumnKind, type DuckdbColumnKind } from './column-kind.js';
export { duckdbErrorCause, toWarehouseError, driverCode } from './errors.js';
export { duckdbLimits, libuvThreads } from './limits.js';
export { duckdbSource, type DuckdbSource } from './source-config.js';
export { openDuckdbSqlDriver } from './sql-driver.js';
