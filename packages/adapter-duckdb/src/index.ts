import type { WarehouseAdapter } from '@baselinr/core';
import { duckdbConcurrency, duckdbPoolPolicy } from './concurrency.js';
import { DuckdbSession } from './session.js';
import { openDuckdbStore } from './store.js';

/**
 * DuckDB: profiles DuckDB database files (read-only) and Parquet, CSV and JSON files, and can hold
 * the results store. Built only on @baselinr/core's public exports and docs/adapters.md.
 */
export const adapter: WarehouseAdapter = {
  type: 'duckdb',
  concurrency: duckdbConcurrency(),
  poolPolicy: duckdbPoolPolicy,
  connect: (connection, options) => DuckdbSession.open(connection, options),
  openStore: openDuckdbStore,
};

export default adapter;
export { DuckdbSession } from './session.js';
export { duckdbDialect } from './dialect.js';
export { duckdbColumnKind, type DuckdbColumnKind } from './column-kind.js';
export { classifyDuckdbError, toWarehouseError, driverCode } from './errors.js';
export { duckdbConcurrency, duckdbPoolPolicy, libuvThreads } from './concurrency.js';
export { duckdbSource, type DuckdbSource } from './source-config.js';
export { openDuckdbStore } from './store.js';
