import { storeLocation as connectionLocation, type BaselinrConfig } from '@baselinr/core';

/** Where a run's results went, for people: the store (never with a password) and its results table. */
export function storeLocation(config: BaselinrConfig): string {
  const { connection, results_table } = config.storage;
  const table = connection.schema && !connection.filepath ? `${connection.schema}.${results_table}` : results_table;
  return `${connectionLocation(connection)} (table ${table})`;
}
