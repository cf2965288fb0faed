import { createHash } from 'node:crypto';
import { tableKey, type ChangeSignal, type Row } from '@baselinr/core';

/**
 * What a table's token is made of, read over its pg_class row `c` and its statistics row `s`
 * (joined by SIGNAL_STATS_JOIN): modification counters, identity and columns, with what decides
 * whether the counters can be trusted: track_counts, the server version and the database's last
 * stats reset. Both CHANGE_SIGNALS_SQL and the listing with signals read these same expressions,
 * so a token stored by either matches the other.
 */
export const SIGNAL_COLUMNS = `c.oid::int8 AS table_oid, c.relfilenode::int8 AS filenode,
       s.n_tup_ins, s.n_tup_upd, s.n_tup_del,
       (SELECT string_agg(a.attnum || ':' || a.attname || ':' || a.atttypid || ':' || a.atttypmod, ',' ORDER BY a.attnum)
          FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
       (SELECT d.stats_reset::text FROM pg_catalog.pg_stat_database d WHERE d.datname = current_database()) AS stats_reset,
       current_setting('track_counts') AS track_counts,
       current_setting('server_version_num')::int AS version_num`;

/** Views have no statistics row: LEFT, so they still come back (and say unknown). */
export const SIGNAL_STATS_JOIN = 'LEFT JOIN pg_catalog.pg_stat_all_tables s ON s.relid = c.oid';

/** Each requested table's signal columns; names travel as parameters (two text arrays), as in the catalog queries. */
export const CHANGE_SIGNALS_SQL = `
SELECT w.schema_name, w.table_name, c.relkind, ${SIGNAL_COLUMNS}
FROM unnest($1::text[], $2::text[]) AS w(schema_name, table_name)
JOIN pg_catalog.pg_namespace n ON n.nspname = w.schema_name
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = w.table_name
${SIGNAL_STATS_JOIN}`;

/** Since PostgreSQL 15 counters live in shared memory; before, a statistics collector received them over UDP and could drop some under load. */
const SHARED_MEMORY_STATS = 150_000;

/**
 * A table's token: the cumulative insert, update and delete counters, which every committed or
 * aborted write moves, with the table's oid and file node (TRUNCATE, VACUUM FULL and a rewrite
 * give a new node without counting rows), its columns (ADD COLUMN counts nothing) and the
 * database's stats reset time (pg_stat_reset zeroes the counters, which could then climb back to a
 * stored value). Unknown: views and partitioned tables (their rows are counted elsewhere), counters
 * switched off, servers before 15.
 */
export function toChangeSignal(row: Row): ChangeSignal {
  if (row.relkind === 'v') return { token: null, unknown: "a view's rows change in the tables it reads, which PostgreSQL does not count for it" };
  if (row.relkind === 'p') return { token: null, unknown: 'a partitioned table keeps its counters on its partitions' };
  if (row.track_counts !== 'on') return { token: null, unknown: 'track_counts is off, so PostgreSQL counts no writes' };
  if (Number(row.version_num) < SHARED_MEMORY_STATS) {
    return { token: null, unknown: 'before PostgreSQL 15 the statistics collector may drop write counts under load' };
  }
  if (row.n_tup_ins === null || row.n_tup_ins === undefined) return { token: null, unknown: 'no statistics entry for the table yet' };
  const parts = [row.table_oid, row.filenode, row.n_tup_ins, row.n_tup_upd, row.n_tup_del, row.columns, row.stats_reset].map((v) => String(v ?? ''));
  return { token: `pg:${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)}` };
}

export function toChangeSignals(rows: readonly Row[]): Map<string, ChangeSignal> {
  return new Map(rows.map((row) => [tableKey({ schema: String(row.schema_name), table: String(row.table_name) }), toChangeSignal(row)]));
}
