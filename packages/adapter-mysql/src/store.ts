import { SqlResultsStore, type ConnectionConfig, type ResultsStore, type StoreOptions } from '@baselinr/core';
import { openMysqlDriver } from './mysql-driver.js';

/** Tables finish one at a time and their writes are small: two connections keep up with any run. */
const STORE_POOL_SIZE = 2;

/**
 * Baselinr's results tables in a MySQL or MariaDB database (`storage.connection.database`, which
 * may differ from the profiled one). Each table's results are written in one InnoDB transaction
 * on one connection: a table is either fully stored or absent.
 */
export async function openMysqlStore(connection: ConnectionConfig, options: StoreOptions): Promise<ResultsStore> {
  const attributes: Record<string, string> = { baselinr_role: 'results_store', ...(options.runId !== undefined ? { baselinr_run_id: options.runId } : {}) };
  const driver = await openMysqlDriver(connection, { section: 'storage.connection', connectionLimit: STORE_POOL_SIZE, attributes }, 'results store');
  return new SqlResultsStore(driver, options);
}
