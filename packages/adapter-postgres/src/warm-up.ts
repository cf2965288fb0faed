import type { PoolPolicy } from '@baselinr/core';

/**
 * How many more connections the server would accept from this session's role on this database
 * right now: the least of the role's CONNECTION LIMIT, the database's, and max_connections less
 * the superuser reserve, each minus the client backends already counted against it (this one
 * included). Read with the first connection's session settings (see pool.ts), so it costs nothing extra.
 */
export const HEADROOM_SQL = `(SELECT least(
  CASE WHEN r.rolconnlimit >= 0 THEN r.rolconnlimit - (SELECT count(*) FROM pg_stat_activity a WHERE a.usename = current_user AND a.backend_type = 'client backend') END,
  CASE WHEN d.datconnlimit >= 0 THEN d.datconnlimit - (SELECT count(*) FROM pg_stat_activity a WHERE a.datname = current_database() AND a.backend_type = 'client backend') END,
  current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int - (SELECT count(*) FROM pg_stat_activity a WHERE a.backend_type = 'client backend')
) FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database())`;

/**
 * Connections to open ahead of the first tables, beside the one already open: one per statement
 * the run will have in flight (at most the pool's), but never the server's last free connection
 * (it may be the one another client, or this run's own catalog query, needs next). Without a
 * headroom reading (a server that hides pg_stat_activity's counts), nothing is opened ahead.
 */
export function connectionsToWarm(policy: PoolPolicy, statements: number, headroom: number | undefined): number {
  if (headroom === undefined) return 0;
  const wanted = Math.min(statements, policy.size, policy.maxConcurrentStatements) - 1;
  return Math.max(0, Math.min(wanted, headroom - 1));
}
