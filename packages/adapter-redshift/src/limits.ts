import type { WarehouseLimits } from '@baselinr/core';

/**
 * Workers are statements in flight. Past the cluster's WLM concurrency (or the workgroup's
 * capacity) more only wait in Redshift's queue, while each adds DescribeStatement calls against
 * the account's request rate and counts against the Data API's active-statement quota, which
 * every other client of the cluster or workgroup shares. No connections are held: catalog
 * statements take the same slots and CancelStatement calls need none.
 */
export const REDSHIFT_LIMITS: WarehouseLimits = {
  ceiling: {
    workers: 20,
    reason:
      "each worker keeps one Data API statement active; beyond the cluster's WLM concurrency they only queue, and the active-statement quota is shared by every client of the cluster or workgroup",
  },
  recommended: { min: 8, max: 12 },
  pool: {
    kind: 'in-flight',
    reason: 'one Data API statement in flight per worker; catalog statements take the same slots and CancelStatement calls need none',
  },
};
