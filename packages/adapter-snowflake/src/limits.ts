import type { WarehouseLimits } from '@baselinr/core';

/** How a Snowflake warehouse is set up; both default to Snowflake's defaults. */
export interface WarehouseSizing {
  /** The warehouse's MAX_CONCURRENCY_LEVEL: statements one cluster runs at once (default 8). */
  readonly maxConcurrencyLevel?: number;
  /** MAX_CLUSTER_COUNT of a multi-cluster warehouse (default 1). */
  readonly maxClusterCount?: number;
}

export const DEFAULT_MAX_CONCURRENCY_LEVEL = 8;
/** execution.max_workers cannot exceed this anyway. */
const MAX_WORKERS = 64;
/** Workers per warehouse slot: past this, extra workers only lengthen the queue. */
const WORKERS_PER_SLOT = 2.5;
/** The low end of the recommended range: enough workers to keep every slot busy between a worker's statements. */
const MIN_WORKERS_PER_SLOT = 1.25;

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

/**
 * What a run may ask of a warehouse of this sizing. A warehouse runs MAX_CONCURRENCY_LEVEL
 * statements per cluster and queues the rest (it never refuses them), so workers beyond the slots
 * are not an error: a queued statement takes the next free slot at once, which hides each
 * worker's round trips between statements. Past 2.5 times the slots, workers only wait in the
 * queue and risk STATEMENT_QUEUED_TIMEOUT_IN_SECONDS. With the defaults: 10 to 20, ceiling 20.
 *
 * The pool is one Snowflake session per worker plus one for catalog queries. Sessions are HTTP
 * logins, not sockets, and a cancel request travels on the statement's own session, so the pool
 * has no cap of its own beyond the ceiling's sessions.
 */
export function snowflakeLimits(sizing: WarehouseSizing = {}): WarehouseLimits {
  const level = positiveInteger(sizing.maxConcurrencyLevel ?? DEFAULT_MAX_CONCURRENCY_LEVEL, 'maxConcurrencyLevel');
  const clusters = positiveInteger(sizing.maxClusterCount ?? 1, 'maxClusterCount');
  const slots = level * clusters;
  const ceiling = Math.min(MAX_WORKERS, Math.round(slots * WORKERS_PER_SLOT));
  return {
    ceiling: {
      workers: ceiling,
      reason:
        `the warehouse runs ${level} statements per cluster (MAX_CONCURRENCY_LEVEL) on ${clusters} cluster(s) and queues the rest; ` +
        `more than ${WORKERS_PER_SLOT} workers per running slot only wait in its queue (extra_params.max_concurrency_level and max_cluster_count state a larger warehouse)`,
    },
    recommended: { min: Math.min(ceiling, Math.round(slots * MIN_WORKERS_PER_SLOT)), max: ceiling },
    pool: { kind: 'connections', maxConnections: ceiling + 1, spare: 1 },
  };
}
