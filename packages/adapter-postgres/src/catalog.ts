import { tableKey, tagsFromComment, type DiscoveredTable, type Row, type TableDescription, type TableRef } from '@baselinr/core';
import { SIGNAL_COLUMNS, SIGNAL_STATS_JOIN } from './change-signal.js';
import { postgresColumnKind } from './column-kind.js';

/**
 * Catalog queries. Names only ever travel as parameters (text arrays), never spliced into SQL,
 * so a table called `x"; DROP TABLE keep; --` is just a value to compare against.
 */

/** Ordinary and partitioned tables, views and materialized views; partitions are listed too, so they can be named explicitly. */
const RELKINDS = `('r', 'p', 'v', 'm')`;

/** Schemas a config may select: the system ones (pg_catalog, pg_toast, information_schema, temporary) left out. */
export const LIST_SCHEMAS_SQL = `
SELECT nspname FROM pg_catalog.pg_namespace
WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%'
ORDER BY nspname`;

/**
 * One query for every requested schema, in the order the schemas were asked for; with `signals`,
 * each row also carries the table's change-signal columns (see change-signal.ts), read in the same round trip.
 */
function listTablesSql(signals: boolean): string {
  return `
SELECT n.nspname AS schema_name, c.relname AS table_name, c.relkind, c.reltuples, pg_catalog.obj_description(c.oid, 'pg_class') AS comment${signals ? `,\n       ${SIGNAL_COLUMNS}` : ''}
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace${signals ? `\n${SIGNAL_STATS_JOIN}` : ''}
WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ${RELKINDS}
ORDER BY array_position($1::text[], n.nspname::text), c.relname`;
}

export const LIST_TABLES_SQL = listTablesSql(false);
/** The listing of an incremental run (`ListTablesFilter.changeSignals`): one catalog round trip instead of two. */
export const LIST_TABLES_WITH_SIGNALS_SQL = listTablesSql(true);

/**
 * Columns of a batch of tables in one query: the refs arrive as two parallel text arrays, joined
 * to pg_class through unnest. Dropped and system columns are left out; a table without columns
 * still appears (LEFT JOIN) so core does not mistake it for a missing one. Domains are resolved
 * to their base type through any depth of nesting, since the base type decides the metrics.
 */
export const DESCRIBE_TABLES_SQL = `
WITH RECURSIVE wanted AS (
  SELECT w.schema_name, w.table_name, min(w.ord) AS ord
  FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS w(schema_name, table_name, ord)
  GROUP BY w.schema_name, w.table_name
),
cols AS (
  SELECT w.ord, w.schema_name, w.table_name, c.relkind, c.reltuples,
         a.attnum, a.attname, a.atttypid, pg_catalog.format_type(a.atttypid, a.atttypmod) AS data_type
  FROM wanted w
  JOIN pg_catalog.pg_namespace n ON n.nspname = w.schema_name
  JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = w.table_name AND c.relkind IN ${RELKINDS}
  LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
),
base(type_oid, base_oid, depth) AS (
  SELECT DISTINCT atttypid, atttypid, 0 FROM cols WHERE atttypid IS NOT NULL
  UNION ALL
  SELECT b.type_oid, t.typbasetype, b.depth + 1
  FROM base b JOIN pg_catalog.pg_type t ON t.oid = b.base_oid
  WHERE t.typtype = 'd'
)
SELECT cols.schema_name, cols.table_name, cols.relkind, cols.reltuples, cols.attname AS column_name, cols.data_type,
       bt.oid::int8 AS base_oid, bt.typname AS base_name, bt.typtype AS base_typtype, bt.typcategory AS base_category
FROM cols
LEFT JOIN LATERAL (
  SELECT b.base_oid FROM base b WHERE b.type_oid = cols.atttypid ORDER BY b.depth DESC LIMIT 1
) resolved ON true
LEFT JOIN pg_catalog.pg_type bt ON bt.oid = resolved.base_oid
ORDER BY cols.ord, cols.attnum`;

/** reltuples is -1 until the table is first vacuumed or analyzed; views have no figure. */
function rowEstimate(row: Row): number | undefined {
  if (!['r', 'p', 'm'].includes(String(row.relkind))) return undefined;
  const estimate = Number(row.reltuples);
  return Number.isFinite(estimate) && estimate >= 0 ? Math.round(estimate) : undefined;
}

export function toDiscoveredTable(row: Row): DiscoveredTable {
  const estimate = rowEstimate(row);
  const tags = tagsFromComment(row.comment as string | null);
  return {
    schema: String(row.schema_name),
    table: String(row.table_name),
    // A materialized view is a view to the user, though it has stored rows and an estimate.
    type: row.relkind === 'v' || row.relkind === 'm' ? 'view' : 'table',
    ...(estimate !== undefined ? { rowEstimate: estimate } : {}),
    ...(tags.length > 0 ? { tags } : {}),
  };
}

export function describeParams(refs: readonly TableRef[]): [string[], string[]] {
  return [refs.map((r) => r.schema), refs.map((r) => r.table)];
}

/** Groups the describe query's rows (already in batch and attnum order) into table descriptions. */
export function toDescriptions(rows: readonly Row[]): TableDescription[] {
  const tables = new Map<string, { ref: TableRef; rowEstimate: number | undefined; columns: TableDescription['columns'][number][] }>();
  for (const row of rows) {
    const ref = { schema: String(row.schema_name), table: String(row.table_name) };
    const key = tableKey(ref);
    let table = tables.get(key);
    if (!table) {
      table = { ref, rowEstimate: rowEstimate(row), columns: [] };
      tables.set(key, table);
    }
    if (row.column_name === null || row.column_name === undefined) continue;
    const dataType = String(row.data_type);
    const { kind, unsupportedReason } = postgresColumnKind({
      dataType,
      baseOid: Number(row.base_oid),
      baseName: String(row.base_name),
      baseTyptype: String(row.base_typtype),
      baseCategory: String(row.base_category),
    });
    table.columns.push({ name: String(row.column_name), dataType, kind, ...(unsupportedReason ? { unsupportedReason } : {}) });
  }
  return [...tables.values()].map(({ ref, rowEstimate: estimate, columns }) => ({
    ...ref,
    columns,
    ...(estimate !== undefined ? { rowEstimate: estimate } : {}),
  }));
}
