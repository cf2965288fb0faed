import type { BaselinrConfig, ConnectionConfig } from '@baselinr/core';

/**
 * Where a run's results went, for people: the SQLite or DuckDB file, or `user@host:port/database`
 * of a server. Built from chosen fields only, so no password or token can be part of it.
 */
export function storeLocation(config: BaselinrConfig): string {
  const { connection, results_table } = config.storage;
  const table = connection.schema && !connection.filepath ? `${connection.schema}.${results_table}` : results_table;
  return `${connection.type} ${place(connection)} (table ${table})`;
}

function place(connection: ConnectionConfig): string {
  if (connection.filepath) return connection.filepath;
  const user = connection.username ? `${connection.username}@` : '';
  const host = connection.host ?? connection.account ?? connection.project ?? 'default host';
  const port = connection.port ? `:${connection.port}` : '';
  const database = connection.database ? `/${connection.database}` : '';
  return `${user}${host}${port}${database}`;
}
