import { SqlResultsStore, type ConnectionConfig, type ResultsStore, type StoreOptions } from '@baselinr/core';
import { openSqliteDriver } from './sqlite-driver.js';

/** Results in a SQLite file (the embedded default). */
export function openSqliteStore(connection: ConnectionConfig, options: StoreOptions): Promise<ResultsStore> {
  return Promise.resolve(new SqlResultsStore(openSqliteDriver(connection, 'storage.connection', { readOnly: options.readOnly }), options));
}
