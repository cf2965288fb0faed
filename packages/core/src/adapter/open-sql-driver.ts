import type { ConnectionConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import type { WarehouseAdapter } from './contract.js';
import type { SqlDriver, SqlDriverOptions } from './sql-driver.js';

/** A SQL driver through `adapter`, or a config error naming the key when that kind of database cannot hold one. */
export function openSqlDriver(adapter: WarehouseAdapter, connection: ConnectionConfig, options: SqlDriverOptions & { readonly use: string }): Promise<SqlDriver> {
  if (!adapter.openSqlDriver) {
    throw new ConfigError(
      `${options.configPath}.type ${connection.type} cannot hold ${options.use}; use a database with a SQL driver (sqlite, duckdb, postgres, mysql) for ${options.configPath}`,
    );
  }
  return adapter.openSqlDriver(connection, options);
}
