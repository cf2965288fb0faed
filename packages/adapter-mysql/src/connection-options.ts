import { ConfigError, type ConnectionConfig } from '@baselinr/core';
import type { PoolOptions } from 'mysql2/promise';

/** mysql2 options a config may set through `extra_params` (TLS, sockets, timeouts). */
const PASSTHROUGH = new Set([
  'ssl',
  'socketPath',
  'charset',
  'connectTimeout',
  'compress',
  'localAddress',
  'enableKeepAlive',
  'keepAliveInitialDelay',
  'idleTimeout',
  'insecureAuth',
]);

/** Options the adapter owns: exact values, one statement per query, pool size from the policy. */
const OWNED = new Set([
  'supportBigNumbers',
  'bigNumberStrings',
  'decimalNumbers',
  'dateStrings',
  'jsonStrings',
  'multipleStatements',
  'connectionLimit',
  'connectAttributes',
  'typeCast',
  'timezone',
]);

export interface PoolSettings {
  /** `source`, `storage.connection` or `coordination.connection`, for error messages. */
  readonly section: string;
  readonly connectionLimit: number;
  /** Shown to DBAs as connection attributes (performance_schema.session_connect_attrs). */
  readonly attributes: Readonly<Record<string, string>>;
}

/** The database a connection opens: MySQL's schema is a database, so `schema` is accepted too. */
export function databaseOf(connection: ConnectionConfig, section: string): string {
  const database = connection.database ?? connection.schema;
  if (!database) throw new ConfigError(`${section}.database: required for ${connection.type} (the database to connect to)`);
  return database;
}

/** Builds mysql2 pool options from a Baselinr connection config. */
export function poolOptions(connection: ConnectionConfig, settings: PoolSettings): PoolOptions {
  const passthrough: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(connection.extra_params ?? {})) {
    if (OWNED.has(key)) {
      throw new ConfigError(`${settings.section}.extra_params.${key}: set by the MySQL adapter (exact numbers and dates, pool size, session identity) and cannot be overridden`);
    }
    if (!PASSTHROUGH.has(key)) {
      throw new ConfigError(`${settings.section}.extra_params.${key}: not a supported MySQL option; supported: ${[...PASSTHROUGH].join(', ')}`);
    }
    passthrough[key] = value;
  }
  return {
    host: connection.host ?? '127.0.0.1',
    port: connection.port ?? 3306,
    ...(connection.username !== undefined ? { user: connection.username } : {}),
    ...(connection.password !== undefined ? { password: connection.password } : {}),
    database: databaseOf(connection, settings.section),
    ...passthrough,
    connectionLimit: settings.connectionLimit,
    waitForConnections: true,
    queueLimit: 0,
    // BIGINT and DECIMAL as exact text, dates as the server prints them: no value passes through
    // a double or a JS Date on its way to the results.
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    dateStrings: true,
    jsonStrings: true,
    // One statement per query: a name that escaped quoting still could not chain a second statement.
    multipleStatements: false,
    // Dates we send (results store timestamps) are written as UTC.
    timezone: 'Z',
    // Prepared catalog and store statements are cached per connection; keep the server's share small.
    maxPreparedStatements: 64,
    connectAttributes: { program_name: 'baselinr', ...settings.attributes },
  };
}
