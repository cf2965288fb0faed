import type { ConnectionConfig, WarehouseLimits } from '@baselinr/core';
import { usesWireProtocol } from './wire-options.js';

/**
 * Workers are statements in flight. Past the cluster's WLM concurrency (or the workgroup's
 * capacity) more only wait in Redshift's queue, while each adds DescribeStatement calls against
 * the account's request rate and counts against the Data API's active-statement quota, which
 * every other client of the cluster or workgroup shares. No connections are held: catalog
 * statements take the same slots and CancelStatement calls need none.
 */
const WORKER_CEILING = 20;

export const REDSHIFT_LIMITS: WarehouseLimits = {
  ceiling: {
    workers: WORKER_CEILING,
    reason:
      "each worker keeps one Data API statement active; beyond the cluster's WLM concurrency they only queue, and the active-statement quota is shared by every client of the cluster or workgroup",
  },
  recommended: { min: 8, max: 12 },
  pool: {
    kind: 'in-flight',
    reason: 'one Data API statement in flight per worker; catalog statements take the same slots and CancelStatement calls need none',
  },
};

/**
 * Over the wire protocol each running statement holds a connection, as on PostgreSQL: two more
 * for catalog queries and pg_cancel_backend, well under a cluster's 500 connections.
 */
export const REDSHIFT_WIRE_LIMITS: WarehouseLimits = {
  ...REDSHIFT_LIMITS,
  pool: { kind: 'connections', maxConnections: WORKER_CEILING + 2, spare: 2 },
};

/** The Data API's limits, or the wire protocol's when the config names a host. */
export function redshiftLimits(connection: ConnectionConfig): WarehouseLimits {
  return usesWireProtocol(connection) ? REDSHIFT_WIRE_LIMITS : REDSHIFT_LIMITS;
}
