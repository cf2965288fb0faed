import type { ConnectionConfig } from '../config/schema.js';

/** The lease table keys pools as VARCHAR(255) on MySQL. */
export const POOL_NAME_MAX_LENGTH = 255;

/**
 * The pool a config's statements share when it names none: one per warehouse, as the config
 * spells it: `<type>:<host or account>[:port][/database]`, e.g. `postgres:db.internal:5432/analytics`.
 * Configs that share a warehouse share its pool when they spell host, port and database alike.
 */
export function defaultPoolName(source: ConnectionConfig): string {
  const where = source.account ?? source.host ?? source.project ?? source.filepath ?? 'localhost';
  const port = source.port !== undefined ? `:${source.port}` : '';
  const database = source.database ? `/${source.database}` : '';
  return `${source.type}:${where}${port}${database}`.slice(0, POOL_NAME_MAX_LENGTH);
}
