import { groupBy, tableKey, tagsFromComment, type ColumnInfo, type DiscoveredTable, type Row, type TableDescription, type TableRef } from '@baselinr/core';
import { redshiftColumnKind } from './column-kind.js';
import type { NamedParameter } from './statement-executor.js';

/**
 * Catalog statements. Names travel as Data API parameters (`:s0`), never spliced into SQL, so a
 * table called `x'; DROP TABLE keep; --` is only a value to compare against.
 *
 * Listing and row estimates are two statements because information_schema lives on the leader
 * node while SVV_TABLE_INFO reads the compute nodes, and Redshift refuses to join the two.
 * Columns come from SVV_COLUMNS, which also covers late-binding views and external tables
 * (information_schema.columns does not).
 */
export interface CatalogStatement {
  readonly sql: string;
  readonly parameters: NamedParameter[];
}

function placeholders(values: readonly string[], prefix: string): { list: string; parameters: NamedParameter[] } {
  const parameters = values.map((value, i) => ({ name: `${prefix}${i}`, value }));
  return { list: parameters.map((p) => `:${p.name}`).join(', '), parameters };
}

export function listTablesStatement(schemas: readonly string[]): CatalogStatement {
  const { list, parameters } = placeholders([...new Set(schemas)], 's');
  return {
    sql: `SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema IN (${list}) AND table_type IN ('BASE TABLE', 'VIEW')`,
    parameters,
  };
}

/**
 * Schemas of the connected database a config may select. SVV_REDSHIFT_SCHEMAS lists the schemas
 * the user may use, of every database on the cluster (datashares included), but not external
 * schemas, whose tables information_schema.tables does not list; Redshift's own schemas (pg_*,
 * information_schema, catalog_history) are left out. No LIKE: Redshift and PostgreSQL escape
 * its wildcards differently.
 */
export function listSchemasStatement(): CatalogStatement {
  return {
    sql: `SELECT schema_name FROM svv_redshift_schemas WHERE database_name = current_database() AND SUBSTRING(schema_name, 1, 3) <> 'pg_' AND schema_name NOT IN ('information_schema', 'catalog_history') ORDER BY schema_name`,
    parameters: [],
  };
}

/**
 * Table and view comments of the given schemas, where Baselinr reads Redshift tags (as on
 * PostgreSQL): pg_description rows of pg_class objects, on the leader node like
 * information_schema. Read only when the config selects by tags.
 */
export function tableCommentsStatement(schemas: readonly string[]): CatalogStatement {
  const { list, parameters } = placeholders([...new Set(schemas)], 's');
  return {
    sql: `SELECT n.nspname AS table_schema, c.relname AS table_name, d.description FROM pg_catalog.pg_description d JOIN pg_catalog.pg_class k ON k.oid = d.classoid AND k.relname = 'pg_class' JOIN pg_catalog.pg_class c ON c.oid = d.objoid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE d.objsubid = 0 AND c.relkind IN ('r', 'v') AND n.nspname IN (${list})`,
    parameters,
  };
}

/** Each commented table's tags (`tags: a, b`, or the whole comment, split at commas), by `tableKey`. */
export function toTags(comments: readonly Row[]): Map<string, string[]> {
  return new Map(comments.map((row) => [tableKey(refOf(row)), tagsFromComment(row.description as string | null)] as const).filter(([, tags]) => tags.length > 0));
}

/**
 * Row estimates an ordinary user can read, for when SVV_TABLE_INFO shows nothing (it shows a user
 * only tables they own unless they are a superuser or have SYSLOG ACCESS UNRESTRICTED):
 * pg_class.reltuples, kept by ANALYZE on the leader node; 0 when never analyzed, so left out.
 */
export function reltuplesStatement(schemas: readonly string[]): CatalogStatement {
  const { list, parameters } = placeholders([...new Set(schemas)], 's');
  return {
    sql: `SELECT n.nspname AS table_schema, c.relname AS table_name, c.reltuples AS estimated_visible_rows FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND c.reltuples > 0 AND n.nspname IN (${list})`,
    parameters,
  };
}

/** SVV_TABLE_INFO lists only tables holding data; estimated_visible_rows leaves out deleted rows not yet vacuumed. */
export function rowEstimatesStatement(schemas: readonly string[]): CatalogStatement {
  const { list, parameters } = placeholders([...new Set(schemas)], 's');
  return {
    sql: `SELECT "schema" AS table_schema, "table" AS table_name, estimated_visible_rows FROM svv_table_info WHERE "schema" IN (${list})`,
    parameters,
  };
}

/** One statement for a batch of tables: each schema once, with the batch's table names of that schema. */
export function describeStatement(refs: readonly TableRef[]): CatalogStatement {
  const parameters: NamedParameter[] = [];
  const conditions = [...groupBy(refs, (r) => r.schema)].map(([schema, tables], i) => {
    const names = placeholders([...new Set(tables.map((t) => t.table))], `t${i}_`);
    parameters.push({ name: `s${i}`, value: schema }, ...names.parameters);
    return `(table_schema = :s${i} AND table_name IN (${names.list}))`;
  });
  return {
    sql: `SELECT table_schema, table_name, column_name, ordinal_position, data_type, character_maximum_length, numeric_precision, numeric_scale
FROM svv_columns WHERE ${conditions.join(' OR ')}
ORDER BY table_schema, table_name, ordinal_position`,
    parameters,
  };
}

/** Tables and views in the order the schemas were asked for, each with its estimate when SVV_TABLE_INFO has one, and its tags when read. */
export function toDiscoveredTables(
  schemas: readonly string[],
  tables: readonly Row[],
  estimates: readonly Row[],
  tags: ReadonlyMap<string, string[]> = new Map(),
): DiscoveredTable[] {
  const rowsByTable = new Map(estimates.map((e) => [tableKey(refOf(e)), Number(e.estimated_visible_rows)]));
  const order = new Map(schemas.map((s, i) => [s, i]));
  return tables
    .map((row): DiscoveredTable => {
      const ref = refOf(row);
      const estimate = rowsByTable.get(tableKey(ref));
      const tagged = tags.get(tableKey(ref));
      return {
        ...ref,
        type: row.table_type === 'VIEW' ? 'view' : 'table',
        ...(estimate !== undefined && Number.isFinite(estimate) && estimate >= 0 ? { rowEstimate: estimate } : {}),
        ...(tagged ? { tags: tagged } : {}),
      };
    })
    .sort((a, b) => (order.get(a.schema) ?? 0) - (order.get(b.schema) ?? 0) || compareText(a.table, b.table));
}

/** Groups the describe statement's rows (in column order) into table descriptions. */
export function toDescriptions(rows: readonly Row[]): TableDescription[] {
  const tables = new Map<string, { ref: TableRef; columns: ColumnInfo[] }>();
  for (const row of rows) {
    const ref = refOf(row);
    const key = tableKey(ref);
    let table = tables.get(key);
    if (!table) {
      table = { ref, columns: [] };
      tables.set(key, table);
    }
    const dataType = declaredType(row);
    const { kind, unsupportedReason } = redshiftColumnKind(String(row.data_type));
    table.columns.push({ name: String(row.column_name), dataType, kind, ...(unsupportedReason ? { unsupportedReason } : {}) });
  }
  return [...tables.values()].map(({ ref, columns }) => ({ ...ref, columns }));
}

/** The type as declared (`character varying(16)`, `numeric(22,6)`): stored with every result. */
function declaredType(row: Row): string {
  const base = String(row.data_type);
  const length = row.character_maximum_length;
  if (/^(character varying|character)$/.test(base) && length !== null && length !== undefined) return `${base}(${length})`;
  if (base === 'numeric' && row.numeric_precision !== null && row.numeric_precision !== undefined) {
    return `numeric(${row.numeric_precision},${row.numeric_scale ?? 0})`;
  }
  return base;
}

function refOf(row: Row): TableRef {
  return { schema: String(row.table_schema), table: String(row.table_name) };
}

/** Code-unit order: the same on every machine, whatever its locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
