import { SqlResultsStore, type ConnectionConfig, type ResultsStore, type StoreOptions } from '@baselinr/core';
import { openPostgresDriver } from './pg-driver.js';
import { STORE_APPLICATION_NAME } from './pool-config.js';

/**
 * Writes are a few small inserts per table; two connections let one table's transaction run
 * while the next waits briefly, without taking many slots of the server's max_connections.
 */
const STORE_POOL_SIZE = 2;

/**
 * Results in PostgreSQL, optionally in their own schema (`storage.connection.schema`). The store
 * may be another server or database than the profiled source.
 */
export async function openPostgresStore(connection: ConnectionConfig, options: StoreOptions): Promise<ResultsStore> {
  const driver = await openPostgresDriver(connection, { size: STORE_POOL_SIZE, applicationName: STORE_APPLICATION_NAME, section: 'storage.connection' });
  return new SqlResultsStore(driver, options);
}
