import type { ConnectionConfig } from '@baselinr/core';
import { type ExtraParam, poolConfig } from '@baselinr/adapter-postgres/wire';
import type pg from 'pg';
import { configError, DATA_API_KEYS } from './connection-options.js';
import { NOT_REDSHIFT_KEYS } from './not-redshift-keys.js';

/** Redshift's default port (Baselinr's Python configs say 5439 too). */
export const REDSHIFT_PORT = 5439;

/**
 * pg settings that mean the same on Redshift: TLS and client-side timeouts. Server settings sent
 * at startup (statement_timeout, options) are PostgreSQL's and left out.
 */
const WIRE_EXTRA_PARAMS: readonly ExtraParam[] = ['sslmode', 'sslrootcert', 'ssl', 'connect_timeout', 'query_timeout', 'keepAlive'];

/**
 * `source.host` selects the PostgreSQL wire protocol (Baselinr's own Redshift configs: host,
 * port 5439, username, password, database); without it statements go through the Data API.
 */
export function usesWireProtocol(connection: ConnectionConfig): boolean {
  return connection.host !== undefined && connection.host.trim() !== '';
}

export interface WireSettings {
  /** Connections the pool may hold (the run's pool policy). */
  readonly size: number;
  readonly applicationName: string;
}

/** Validates `source` for the wire protocol and maps it onto a pg pool config; every problem names its key and the fix. */
export function wirePoolConfig(connection: ConnectionConfig, settings: WireSettings, section = 'source'): pg.PoolConfig {
  const problems: string[] = [];
  for (const [key, fix] of Object.entries(NOT_REDSHIFT_KEYS)) {
    const value = connection[key as keyof ConnectionConfig];
    if (value !== undefined && value !== '') problems.push(`${section}.${key}: ${fix}`);
  }
  if (!connection.database?.trim()) problems.push(`${section}.database: required, the Redshift database to profile (for example dev)`);
  for (const key of Object.keys(connection.extra_params ?? {})) {
    if (DATA_API_KEYS.includes(key)) {
      problems.push(
        `${section}.extra_params.${key}: a Data API setting, but source.host connects over the PostgreSQL wire protocol; remove host, port, username and password to use the Data API, or remove ${key}`,
      );
    }
  }
  if (problems.length > 0) throw configError(problems);
  return poolConfig(
    { ...connection, port: connection.port ?? REDSHIFT_PORT },
    { ...settings, section, extraParams: { allowed: WIRE_EXTRA_PARAMS, engine: 'redshift over the wire protocol' } },
  );
}
