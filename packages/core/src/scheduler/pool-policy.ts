import type { PoolLimits, PoolPolicy } from '../adapter/contract.js';

/**
 * The pool a run of `workers` workers holds, from how statements reach the warehouse. Connection
 * pools follow the seed rule: a sequential run keeps one connection for statements and one spare
 * (none where the warehouse keeps no spares); a parallel one keeps `spare` connections for catalog
 * queries and cancel requests beside one per worker, never more than `maxConnections` in all.
 */
export function poolPolicy(limits: PoolLimits, workers: number): PoolPolicy {
  if (limits.kind === 'in-flight') {
    const slots = Math.max(1, Math.floor(workers));
    return { size: slots, maxConcurrentStatements: slots, reason: limits.reason };
  }
  const { maxConnections, spare } = limits;
  if (workers <= 1) {
    return spare > 0 && maxConnections > 1
      ? { size: 2, maxConcurrentStatements: 1, reason: 'sequential run: one statement connection and one spare for catalog and cancel requests' }
      : { size: 1, maxConcurrentStatements: 1, reason: 'sequential run: one connection' };
  }
  const size = Math.min(workers + spare, maxConnections);
  return {
    size,
    maxConcurrentStatements: Math.max(1, size - spare),
    reason: `pool of ${size} connections (workers + ${spare}, at most ${maxConnections}): ${spare} kept for catalog queries and cancel requests`,
  };
}
