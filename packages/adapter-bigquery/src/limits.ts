import type { WarehouseLimits } from '@baselinr/core';

/**
 * A project runs a limited number of interactive queries at once (historically 100; with query
 * queues the limit is set dynamically, and it is shared by everyone using the project). The
 * ceiling keeps one run at half of that; past about 15 workers on-demand runs mostly wait in
 * BigQuery's queue rather than finishing sooner. Jobs are HTTPS requests, not connections: a run
 * holds one job in flight per worker, and catalog and cancel requests need no spare slot.
 */
export const BIGQUERY_LIMITS: WarehouseLimits = {
  ceiling: {
    workers: 50,
    reason:
      "each worker runs one BigQuery query job; a project's concurrent interactive queries are limited and shared with its other users, so one run stays at half the historical quota of 100",
  },
  recommended: { min: 10, max: 15 },
  pool: {
    kind: 'in-flight',
    reason: 'one query job in flight per worker; BigQuery holds no connections, so catalog and cancel requests need no spare slots',
  },
};
