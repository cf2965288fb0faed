import type { WarehouseAdapter } from '../adapter/contract.js';
import { openSqlDriver } from '../adapter/open-sql-driver.js';
import type { SqlDriver } from '../adapter/sql-driver.js';
import { resolveAdapter, type ResolveAdapterOptions } from '../adapter/resolve.js';
import type { BaselinrConfig, ConnectionConfig } from '../config/schema.js';
import { processLabel, sharedPoolSettings } from './settings.js';
import { SharedSlotLimiter, type SlotLimiterOptions } from './slot-limiter.js';

/**
 * Connections one process's slot limiter may hold, however many statements wait: one for the
 * poller's claims, one so a release or a heartbeat never queues behind a poll.
 */
export const LEASE_CONNECTIONS = 2;

export interface CoordinationOptions extends ResolveAdapterOptions {
  /** Shown to DBAs after `baselinr `: `leases host:pid`, `queue host:pid`. */
  readonly purpose: string;
  /** The most connections the driver may open at once. */
  readonly connections: number;
  /** The config key the connection came from, for error messages. */
  readonly configPath: string;
  /** The connection's adapter, when the caller has resolved it already. */
  readonly adapter?: WarehouseAdapter;
}

/** A SQL driver for coordinating processes (slot leases, queue bookkeeping) through `connection`'s database. */
export async function openCoordination(connection: ConnectionConfig, options: CoordinationOptions): Promise<SqlDriver> {
  const adapter = options.adapter ?? (await resolveAdapter(connection, options));
  return openSqlDriver(adapter, connection, { ...options, use: 'shared slot leases' });
}

export interface OpenSharedSlotsOptions extends ResolveAdapterOptions {
  /** Who holds the leases, beside the process (`host:pid`): a run id, `worker`. */
  readonly holder: string;
  /** The coordination connection's adapter, when the caller has resolved it already. */
  readonly adapter?: WarehouseAdapter;
  readonly onLeaseLost?: SlotLimiterOptions['onLeaseLost'];
}

/** The shared slot pool `coordination` describes, or undefined when the config has none. */
export async function openSharedSlots(config: BaselinrConfig, options: OpenSharedSlotsOptions): Promise<SharedSlotLimiter | undefined> {
  const settings = sharedPoolSettings(config);
  if (!settings) return undefined;
  const label = processLabel();
  const driver = await openCoordination(settings.connection, { ...options, purpose: `leases ${label}`, connections: LEASE_CONNECTIONS, configPath: settings.section });
  return SharedSlotLimiter.open(driver, {
    pool: settings.pool,
    slots: settings.slots,
    leaseTtlMs: settings.leaseTtlMs,
    heartbeatMs: settings.heartbeatMs,
    owner: `${label} ${options.holder}`,
    onLeaseLost: options.onLeaseLost,
  });
}
