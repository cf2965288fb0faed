import { hostname } from 'node:os';
import type { BaselinrConfig, ConnectionConfig } from '../config/schema.js';
import { defaultPoolName } from './pool-name.js';

/** The shared pool a config's statements take slots from, resolved from `coordination`. */
export interface SharedPoolSettings {
  readonly pool: string;
  readonly slots: number;
  readonly leaseTtlMs: number;
  readonly heartbeatMs: number;
  /** Where the leases are kept: `coordination.connection`, else the results store's database. */
  readonly connection: ConnectionConfig;
  /** The config key that `connection` came from, for error messages. */
  readonly section: 'coordination.connection' | 'storage.connection';
}

/** Undefined when the config has no `coordination` section: limits then hold for one process only. */
export function sharedPoolSettings(config: BaselinrConfig): SharedPoolSettings | undefined {
  const coordination = config.coordination;
  if (!coordination) return undefined;
  const ttlSeconds = coordination.lease_ttl_seconds;
  return {
    pool: coordination.pool ?? defaultPoolName(config.source),
    slots: coordination.slots,
    leaseTtlMs: Math.round(ttlSeconds * 1000),
    // Three beats per TTL: a lease survives two missed heartbeats before it expires.
    heartbeatMs: Math.round((coordination.heartbeat_seconds ?? ttlSeconds / 3) * 1000),
    connection: coordination.connection ?? config.storage.connection,
    section: coordination.connection ? 'coordination.connection' : 'storage.connection',
  };
}

/** `host:pid`: who holds a lease or runs a job, for people reading the tables. */
export function processLabel(): string {
  return `${hostname()}:${process.pid}`;
}
