import { groupBy, tagsFromComment, type DiscoveredTable, type Row, type TableDescription, type TableRef } from '@baselinr/core';
import { mysqlColumnKind } from './column-kind.js';

/** Runs one parameterised catalog query (server-side placeholders: names are never spliced into SQL). */
export type CatalogQuery = (sql: string, params: readonly string[]) => Promise<Row[]>;

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** `= ?` for one value (lets MariaDB open a single database directory), `IN (...)` otherwise. */
const matchAny = (column: string, values: readonly string[]) => (values.length === 1 ? `${column} = ?` : `${column} IN (${marks(values.length)})`);

// MariaDB's system-versioned tables are base tables with history; sequences are not profiled.
const TABLE_TYPES = "('BASE TABLE', 'SYSTEM VERSIONED', 'VIEW')";

/** Databases a config may select (MySQL's schemas), the server's own left out. */
export async function listSchemas(query: CatalogQuery): Promise<string[]> {
  const rows = await query(
    "SELECT SCHEMA_NAME AS schema_name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN ('information_schema', 'performance_schema', 'mysql', 'sys') ORDER BY SCHEMA_NAME",
    [],
  );
  return rows.map((r) => String(r.schema_name));
}

/**
 * Tables and views of the given databases in one query. information_schema compares names
 * case-insensitively on MariaDB, so rows are kept only when the database name matches exactly.
 */
export async function listTables(query: CatalogQuery, schemas: readonly string[]): Promise<DiscoveredTable[]> {
  if (schemas.length === 0) return [];
  const rows = await query(
    `SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name, TABLE_TYPE AS table_type, TABLE_ROWS AS table_rows, TABLE_COMMENT AS table_comment ` +
      `FROM information_schema.TABLES WHERE ${matchAny('TABLE_SCHEMA', schemas)} AND TABLE_TYPE IN ${TABLE_TYPES} ` +
      `ORDER BY TABLE_SCHEMA, TABLE_NAME`,
    schemas,
  );
  const wanted = new Set(schemas);
  return rows
    .filter((r) => wanted.has(String(r.table_schema)))
    .map((r) => {
      const type = r.table_type === 'VIEW' ? ('view' as const) : ('table' as const);
      // TABLE_ROWS is InnoDB's sampled estimate; views have none (NULL).
      const estimate = type === 'table' && r.table_rows !== null && r.table_rows !== undefined ? Number(r.table_rows) : undefined;
      // A view's comment is always 'VIEW' on MySQL: not tags.
      const tags = type === 'table' ? tagsFromComment(r.table_comment as string | null) : [];
      const table = { schema: String(r.table_schema), table: String(r.table_name), type, ...(tags.length > 0 ? { tags } : {}) };
      return estimate !== undefined && Number.isFinite(estimate) ? { ...table, rowEstimate: estimate } : table;
    });
}

/**
 * Columns of every table of a batch in one information_schema.COLUMNS query, in ordinal order.
 * Tables that do not exist are simply absent from the result.
 */
export async function describeTables(query: CatalogQuery, refs: readonly TableRef[]): Promise<TableDescription[]> {
  if (refs.length === 0) return [];
  const schemas = [...new Set(refs.map((r) => r.schema))];
  const tables = [...new Set(refs.map((r) => r.table))];
  const rows = await query(
    `SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name, COLUMN_NAME AS column_name, ` +
      `DATA_TYPE AS data_type, COLUMN_TYPE AS column_type FROM information_schema.COLUMNS ` +
      `WHERE ${matchAny('TABLE_SCHEMA', schemas)} AND ${matchAny('TABLE_NAME', tables)} ` +
      `ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
    [...schemas, ...tables],
  );
  // The IN lists also match cross pairs (schema A, table of B) and case variants: exact refs only.
  // Keys are JSON pairs because names may contain dots.
  const keyOf = (schema: unknown, table: unknown) => JSON.stringify([String(schema), String(table)]);
  const byTable = groupBy(rows, (r) => keyOf(r.table_schema, r.table_name));
  const described: TableDescription[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const key = keyOf(ref.schema, ref.table);
    const columns = byTable.get(key);
    if (!columns || seen.has(key)) continue;
    seen.add(key);
    described.push({
      schema: ref.schema,
      table: ref.table,
      columns: columns.map((c) => {
        const dataType = String(c.column_type ?? c.data_type);
        const { kind, unsupportedReason } = mysqlColumnKind(String(c.data_type ?? ''), dataType);
        return { name: String(c.column_name), dataType, kind, ...(unsupportedReason ? { unsupportedReason } : {}) };
      }),
    });
  }
  return described;
}
