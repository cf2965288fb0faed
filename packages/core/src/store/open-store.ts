import type { WarehouseAdapter } from '../adapter/contract.js';
import { openSqlDriver } from '../adapter/open-sql-driver.js';
import { resolveAdapter, type ResolveAdapterOptions } from '../adapter/resolve.js';
import type { BaselinrConfig } from '../config/schema.js';
import type { ResultsStore } from './contract.js';
import { openNamedStore, storeLocation } from './named-store.js';
import { SqlResultsStore } from './sql-store.js';

/**
 * Writes are a few small inserts per table: two connections let one table's transaction run
 * while the next waits briefly, without taking many of the server's connections.
 */
const STORE_CONNECTIONS = 2;

export interface OpenStoreOptions extends ResolveAdapterOptions {
  /**
   * `write` (default) creates or upgrades the tables when `storage.create_tables` allows, as
   * profiling does; `read` creates nothing, so looking at history never changes the store.
   */
  readonly access?: 'read' | 'write';
  /** The run the store writes for, so its connections can identify themselves to DBAs. */
  readonly runId?: string;
  /** The storage adapter, when the caller has resolved it already. */
  readonly adapter?: WarehouseAdapter;
}

/** Opens the results store `storage` names: core's SQL store on the adapter's SQL driver. */
export async function openResultsStore(config: BaselinrConfig, options: OpenStoreOptions = {}): Promise<ResultsStore> {
  const { connection, results_table, runs_table, create_tables } = config.storage;
  const adapter = options.adapter ?? (await resolveAdapter(connection, options));
  const readOnly = options.access === 'read';
  // Every error of the store names it: "unable to open database file" alone does not say which file.
  const store = await openNamedStore(storeLocation(connection), async () => {
    const driver = await openSqlDriver(adapter, connection, {
      purpose: options.runId === undefined ? 'store' : `store ${options.runId}`,
      connections: STORE_CONNECTIONS,
      configPath: 'storage.connection',
      readOnly,
      use: 'results',
    });
    return new SqlResultsStore(driver, { resultsTable: results_table, runsTable: runs_table, createTables: create_tables });
  });
  try {
    if (!readOnly && create_tables) await store.ensureSchema();
    return store;
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
}
