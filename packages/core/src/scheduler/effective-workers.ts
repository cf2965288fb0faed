import type { PoolPolicy, WarehouseAdapter } from '../adapter/contract.js';
import { poolPolicy } from './pool-policy.js';
import type { BaselinrConfig, ConnectionConfig } from '../config/schema.js';

export interface Clamp {
  readonly from: number;
  readonly to: number;
  readonly by: 'warehouse_limits' | 'adapter_ceiling' | 'pool_policy';
  readonly reason: string;
}

export interface WorkerPlan {
  readonly requested: number;
  readonly workers: number;
  readonly clamps: readonly Clamp[];
  readonly pool: PoolPolicy;
}

/**
 * Effective workers = min(requested, warehouse_limits[type], the adapter's ceiling, what the
 * pool policy lets run at once). Each clamp that bites is returned with its reason.
 */
export function resolveWorkers(
  adapter: WarehouseAdapter,
  /** The config's `source`: its type may be an alias (`mariadb`), and limits may depend on it. */
  source: ConnectionConfig,
  execution: BaselinrConfig['execution'],
  requestedOverride?: number,
): WorkerPlan {
  const sourceType = source.type;
  const limits = adapter.limits(source);
  const requested = requestedOverride ?? execution.max_workers;
  const clamps: Clamp[] = [];
  let workers = requested;
  const limitKey = sourceType in execution.warehouse_limits ? sourceType : adapter.type;
  const limit = execution.warehouse_limits[limitKey];
  if (limit !== undefined && limit < workers) {
    clamps.push({ from: workers, to: limit, by: 'warehouse_limits', reason: `execution.warehouse_limits.${limitKey} is ${limit}` });
    workers = limit;
  }
  if (limits.ceiling && limits.ceiling.workers < workers) {
    const to = limits.ceiling.workers;
    clamps.push({ from: workers, to, by: 'adapter_ceiling', reason: `${adapter.type} adapter ceiling is ${to}: ${limits.ceiling.reason}` });
    workers = to;
  }
  const pool = poolPolicy(limits.pool, workers);
  if (pool.maxConcurrentStatements < workers) {
    const to = Math.max(1, pool.maxConcurrentStatements);
    clamps.push({ from: workers, to, by: 'pool_policy', reason: pool.reason });
    workers = to;
  }
  return { requested, workers, clamps, pool };
}

export function describeClamp(clamp: Clamp): string {
  return `workers ${clamp.from} -> ${clamp.to} (${clamp.by}): ${clamp.reason}`;
}
