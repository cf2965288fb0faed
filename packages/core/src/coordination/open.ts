import type { ConnectionConfig, BaselinrConfig } from '../config/schema.js';
import { resolveAdapter, type ResolveAdapterOptions } from '../adapter/resolve.js';
import { ConfigError } from '../errors.js';
import type { CoordinationDriver, CoordinationOptions } from './driver.js';
import { processLabel, sharedPoolSettings } from './settings.js';
import { SharedSlotLimiter, type SlotLimiterOptions } from './slot-limiter.js';

/**
 * Connections one process's slot limiter may hold, however many statements wait: one for the
 * poller's claims, one so a release or a heartbeat never queues behind a poll.
 */
export const LEASE_CONNECTIONS = 2;

/** A coordination connection through the adapter of `connection`'s type. */
export async function openCoordination(
  connection: ConnectionConfig,
  options: CoordinationOptions,
  resolve: ResolveAdapterOptions & { readonly section: string },
): Promise<CoordinationDriver> {
  const adapter = await resolveAdapter(connection, resolve);
  if (!adapter.openCoordination) {
    throw new ConfigError(
      `${resolve.section}.type ${connection.type} cannot coordinate processes; use postgres or mysql (processes on several machines) or sqlite (one machine)`,
    );
  }
  return adapter.openCoordination(connection, options);
}

export interface OpenSharedSlotsOptions extends ResolveAdapterOptions {
  /** Who holds the leases, beside the process (`host:pid`): a run id, `worker`. */
  readonly holder: string;
  readonly onLeaseLost?: SlotLimiterOptions['onLeaseLost'];
}

/** The shared slot pool `coordination` describes, or undefined when the config has none. */
export async function openSharedSlots(config: BaselinrConfig, options: OpenSharedSlotsOptions): Promise<SharedSlotLimiter | undefined> {
  const settings = sharedPoolSettings(config);
  if (!settings) return undefined;
  const label = processLabel();
  const driver = await openCoordination(settings.connection, { purpose: `leases ${label}`, connections: LEASE_CONNECTIONS }, { ...options, section: settings.section });
  return SharedSlotLimiter.open(driver, {
    pool: settings.pool,
    slots: settings.slots,
    leaseTtlMs: settings.leaseTtlMs,
    heartbeatMs: settings.heartbeatMs,
    owner: `${label} ${options.holder}`,
    onLeaseLost: options.onLeaseLost,
  });
}
