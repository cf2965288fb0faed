import type { PoolPolicy, WarehouseAdapter } from '../adapter/contract.js';
import { poolPolicy } from './pool-policy.js';
import type { BaselinrConfig, ConnectionConfig } from '../config/schema.js';

export interface Clamp {
  readonly from: number;
  readonly to: number;
  /** 'warehouse_limits' appears only in run summaries stored when it was a cap (it now overrides max_workers). */
  readonly by: 'warehouse_limits' | 'adapter_ceiling' | 'pool_policy';
  readonly reason: string;
}

export interface WorkerPlan {
  readonly requested: number;
  /** Where `requested` comes from: `--workers`, `execution.warehouse_limits.<type>` or `execution.max_workers`. */
  readonly requestedBy: string;
  readonly workers: number;
  readonly clamps: readonly Clamp[];
  readonly pool: PoolPolicy;
}

/**
 * Requested workers = --workers, else warehouse_limits[type] (Baselinr's per-warehouse override of
 * max_workers), else max_workers. Effective workers = min(requested, the adapter's ceiling, what the
 * pool policy lets run at once). Each clamp that bites is returned with its reason.
 */
export function resolveWorkers(
  adapter: WarehouseAdapter,
  /** The config's `source`: its type may be an alias (`mariadb`), and limits may depend on it. */
  source: ConnectionConfig,
  execution: BaselinrConfig['execution'],
  requestedOverride?: number,
): WorkerPlan {
  const limits = adapter.limits(source);
  const { requested, requestedBy } = requestedWorkers(adapter.type, source.type, execution, requestedOverride);
  const clamps: Clamp[] = [];
  let workers = requested;
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
  return { requested, requestedBy, workers, clamps, pool };
}

function requestedWorkers(adapterType: string, sourceType: string, execution: BaselinrConfig['execution'], override?: number) {
  if (override !== undefined) return { requested: override, requestedBy: '--workers' };
  // The config's own type name (an alias such as mariadb) wins over the adapter's.
  const key = [sourceType, adapterType].find((type) => execution.warehouse_limits[type] !== undefined);
  if (key === undefined) return { requested: execution.max_workers, requestedBy: 'execution.max_workers' };
  return {
    requested: execution.warehouse_limits[key]!,
    requestedBy: `execution.warehouse_limits.${key} (overrides max_workers ${execution.max_workers})`,
  };
}

export function describeClamp(clamp: Clamp): string {
  return `workers ${clamp.from} -> ${clamp.to} (${clamp.by}): ${clamp.reason}`;
}
