import type { WarehouseAdapter } from '@baselinr/core';
import { snowflakeLimits, type WarehouseSizing } from './limits.js';
import { SnowflakeSession } from './session.js';
import { sizingFrom } from './warehouse-sizing.js';

/**
 * A Snowflake adapter for a warehouse of the given sizing (its MAX_CONCURRENCY_LEVEL and cluster
 * count decide the worker ceiling). `adapter` is the one for Snowflake's default warehouse.
 */
export function createSnowflakeAdapter(sizing: WarehouseSizing = {}): WarehouseAdapter {
  return {
    type: 'snowflake',
    // A config's extra_params.max_concurrency_level / max_cluster_count describe its warehouse.
    limits: (connection) => snowflakeLimits({ ...sizing, ...sizingFrom(connection) }),
    connect: (connection, options) => SnowflakeSession.open(connection, options),
    secretOptions: ['password', 'private_key', 'private_key_passphrase', 'token'],
  };
}

export const adapter: WarehouseAdapter = createSnowflakeAdapter();

export default adapter;
export { SnowflakeSession } from './session.js';
export { snowflakeDialect } from './dialect.js';
export { snowflakeColumnKind, type SnowflakeColumnKind, type SnowflakeColumnType } from './column-kind.js';
export { snowflakeErrorCause, toWarehouseError } from './errors.js';
export { resolveIdentifier } from './identifiers.js';
export { snowflakeLimits, DEFAULT_MAX_CONCURRENCY_LEVEL, type WarehouseSizing } from './limits.js';
export { snowflakeSettings, type SnowflakeSettings } from './connection-options.js';
