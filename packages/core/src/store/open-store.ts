import { resolveAdapter, type ResolveAdapterOptions } from '../adapter/resolve.js';
import type { BaselinrConfig } from '../config/schema.js';
import { AdapterResolutionError } from '../errors.js';
import type { ResultsStore } from './contract.js';
import { openNamedStore, storeLocation } from './named-store.js';

export interface OpenStoreOptions extends ResolveAdapterOptions {
  /**
   * `write` (default) creates or upgrades the tables when `storage.create_tables` allows, as
   * profiling does; `read` creates nothing, so looking at history never changes the store.
   */
  readonly access?: 'read' | 'write';
}

/** Opens the results store `storage` names, through its adapter. */
export async function openResultsStore(config: BaselinrConfig, options: OpenStoreOptions = {}): Promise<ResultsStore> {
  const { connection, results_table, runs_table, create_tables } = config.storage;
  const adapter = await resolveAdapter(connection, options);
  if (!adapter.openStore) {
    throw new AdapterResolutionError(`storage.connection.type ${connection.type} cannot hold results; use sqlite, postgres or mysql for storage.connection`);
  }
  const readOnly = options.access === 'read';
  const store = await openNamedStore(storeLocation(connection), () =>
    adapter.openStore!(connection, { resultsTable: results_table, runsTable: runs_table, readOnly }),
  );
  try {
    if (!readOnly && create_tables) await store.ensureSchema();
    return store;
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
}
