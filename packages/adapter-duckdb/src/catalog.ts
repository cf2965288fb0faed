import type { DuckDBValue } from '@duckdb/node-api';
import type { DiscoveredTable, Row, TableDescription, TableRef } from '@baselinr/core';
import { duckdbColumnKind } from './column-kind.js';
import { textList } from './driver.js';

/**
 * Tables and views of the database, plus this connection's temporary views (the file tables).
 * `$1` is the list of schemas.
 */
export const LIST_TABLES_SQL = `
  SELECT schema_name, table_name, 'table' AS type, estimated_size AS estimate, false AS is_file
    FROM duckdb_tables() WHERE database_name = current_database() AND NOT internal AND list_contains($1::VARCHAR[], schema_name)
  UNION ALL
  SELECT schema_name, view_name, 'view', NULL, temporary
    FROM duckdb_views() WHERE database_name IN (current_database(), 'temp') AND NOT internal AND list_contains($1::VARCHAR[], schema_name)
  ORDER BY schema_name, table_name`;

/** Names of the database's own tables and views in the schemas of `$1` (file tables excluded). */
export const DATABASE_NAMES_SQL = `
  SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database() AND list_contains($1::VARCHAR[], schema_name)
  UNION ALL
  SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND NOT internal AND list_contains($1::VARCHAR[], schema_name)`;

/** Columns of the tables whose schemas and names are zipped from `$1` and `$2`, in column order. */
export const DESCRIBE_TABLES_SQL = `
  SELECT c.schema_name, c.table_name, c.column_name, c.data_type
    FROM duckdb_columns() c
    JOIN (SELECT unnest($1::VARCHAR[]) AS s, unnest($2::VARCHAR[]) AS t) wanted ON wanted.s = c.schema_name AND wanted.t = c.table_name
   WHERE c.database_name IN (current_database(), 'temp')
   ORDER BY c.schema_name, c.table_name, c.column_index`;

export const listParams = async (schemas: readonly string[]): Promise<DuckDBValue[]> => [await textList(schemas)];
export const describeParams = async (refs: readonly TableRef[]): Promise<DuckDBValue[]> => [await textList(refs.map((r) => r.schema)), await textList(refs.map((r) => r.table))];

/** File tables are reported as tables (they are to the user), with the Parquet footers' row count. */
export function toDiscovered(row: Row, fileEstimates: ReadonlyMap<string, number>): DiscoveredTable {
  const table = String(row.table_name);
  const isFile = row.is_file === true;
  const estimate = isFile ? fileEstimates.get(table) : row.estimate === null ? undefined : Number(row.estimate);
  return {
    schema: String(row.schema_name),
    table,
    type: isFile || row.type === 'table' ? 'table' : 'view',
    ...(estimate !== undefined && Number.isFinite(estimate) ? { rowEstimate: estimate } : {}),
  };
}

export function toDescriptions(rows: readonly Row[]): TableDescription[] {
  const byTable = new Map<string, { schema: string; table: string; columns: TableDescription['columns'][number][] }>();
  for (const row of rows) {
    const schema = String(row.schema_name);
    const table = String(row.table_name);
    const key = JSON.stringify([schema, table]);
    const entry = byTable.get(key) ?? { schema, table, columns: [] };
    const dataType = String(row.data_type);
    entry.columns.push({ name: String(row.column_name), dataType, ...duckdbColumnKind(dataType) });
    byTable.set(key, entry);
  }
  return [...byTable.values()];
}
