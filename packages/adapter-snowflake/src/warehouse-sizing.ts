import type { ConnectionConfig } from '@baselinr/core';
import type { WarehouseSizing } from './limits.js';

/** The sizing a config states in extra_params (validated with the other options at connect). */
export function sizingFrom(connection: ConnectionConfig): WarehouseSizing {
  const level = Number(connection.extra_params.max_concurrency_level);
  const clusters = Number(connection.extra_params.max_cluster_count);
  return {
    ...(Number.isInteger(level) && level > 0 ? { maxConcurrencyLevel: level } : {}),
    ...(Number.isInteger(clusters) && clusters > 0 ? { maxClusterCount: clusters } : {}),
  };
}
