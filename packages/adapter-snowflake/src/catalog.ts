import { ConfigError, groupBy, type DiscoveredTable, type Row, type TableDescription, type TableRef } from '@baselinr/core';
import type { CatalogQuery } from './catalog-query.js';
import { snowflakeColumnKind } from './column-kind.js';
import { snowflakeDialect } from './dialect.js';
import { unquotedSpelling } from './identifiers.js';
import { readTags, tableTagKey } from './tags.js';

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Snowflake names result columns in upper case; read them as it does. */
const text = (row: Row, column: string): string => String(row[column]);
const count = (row: Row, column: string): number | null => {
  const value = row[column];
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

const VIEW_TYPES = new Set(['VIEW', 'MATERIALIZED VIEW']);

/**
 * `"DB".INFORMATION_SCHEMA`: qualified, so a catalog query never depends on the session's current
 * database (none when the login's database was not usable by the role, and USE DATABASE elsewhere
 * would change it), and quoted with the name as Snowflake stores it.
 */
export function informationSchema(database: string): string {
  return `${snowflakeDialect.quoteIdentifier(database)}.INFORMATION_SCHEMA`;
}

/**
 * Tables and views of the given schemas in one INFORMATION_SCHEMA.TABLES query of `database` (as
 * Snowflake stores its name); ROW_COUNT is Snowflake's exact row count from metadata (free to read).
 *
 * Names are compared exactly, as core does. A schema written in lower case (`analytics`) that
 * Snowflake stores in upper case (ANALYTICS, because it was created unquoted) would select nothing
 * silently, so its upper-case spelling is looked up in the same query and, when only that exists,
 * the run stops with the spelling to use.
 */
export async function listTables(query: CatalogQuery, database: string, schemas: readonly string[], options: { readonly tags?: boolean } = {}): Promise<DiscoveredTable[]> {
  if (schemas.length === 0) return [];
  const folded = schemas.map(unquotedSpelling).filter((s): s is string => s !== undefined && !schemas.includes(s));
  const names = [...schemas, ...folded];
  // Tags only when the config selects by them, read alongside the listing: no extra wait.
  const [rows, tags] = await Promise.all([
    query(
      `SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ROW_COUNT FROM ${informationSchema(database)}.TABLES WHERE TABLE_SCHEMA IN (${marks(names.length)}) ORDER BY TABLE_SCHEMA, TABLE_NAME`,
      names,
    ),
    options.tags ? readTags(query, database, schemas) : new Map<string, string[]>(),
  ]);
  const bySchema = groupBy(rows, (r) => text(r, 'TABLE_SCHEMA'));
  for (const schema of schemas) {
    const upper = unquotedSpelling(schema);
    if (!bySchema.has(schema) && upper !== undefined && bySchema.has(upper)) {
      throw new ConfigError(
        `profiling.tables: schema ${JSON.stringify(schema)} does not exist in Snowflake, but ${upper} does (unquoted names are stored in upper case); write schema: ${upper}`,
      );
    }
  }
  return schemas.flatMap((schema) =>
    (bySchema.get(schema) ?? []).map((r): DiscoveredTable => {
      const type = VIEW_TYPES.has(text(r, 'TABLE_TYPE')) ? 'view' : 'table';
      const estimate = count(r, 'ROW_COUNT');
      const table = text(r, 'TABLE_NAME');
      const tagged = tags.get(tableTagKey(schema, table));
      return { schema, table, type, ...(estimate !== null ? { rowEstimate: estimate } : {}), ...(tagged ? { tags: tagged } : {}) };
    }),
  );
}

/** The database's schemas a config may select: all but INFORMATION_SCHEMA, as Snowflake stores their names. */
export async function listSchemas(query: CatalogQuery, database: string): Promise<string[]> {
  const rows = await query(`SELECT SCHEMA_NAME FROM ${informationSchema(database)}.SCHEMATA WHERE SCHEMA_NAME <> 'INFORMATION_SCHEMA' ORDER BY SCHEMA_NAME`, []);
  return rows.map((r) => text(r, 'SCHEMA_NAME'));
}

/**
 * Columns of a batch of tables in one INFORMATION_SCHEMA.COLUMNS query, in ordinal order, with
 * each table's ROW_COUNT. The IN lists also match cross pairs (schema of one ref, table of
 * another), so only the exact refs are kept; tables that do not exist are absent.
 */
export async function describeTables(query: CatalogQuery, database: string, refs: readonly TableRef[]): Promise<TableDescription[]> {
  const catalog = informationSchema(database);
  if (refs.length === 0) return [];
  const schemas = [...new Set(refs.map((r) => r.schema))];
  const tables = [...new Set(refs.map((r) => r.table))];
  const rows = await query(
    `SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE, c.NUMERIC_PRECISION, c.NUMERIC_SCALE, t.ROW_COUNT ` +
      `FROM ${catalog}.COLUMNS c JOIN ${catalog}.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME ` +
      `WHERE c.TABLE_SCHEMA IN (${marks(schemas.length)}) AND c.TABLE_NAME IN (${marks(tables.length)}) ` +
      `ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION`,
    [...schemas, ...tables],
  );
  // JSON pairs as keys: names may contain dots.
  const keyOf = (schema: string, table: string) => JSON.stringify([schema, table]);
  const byTable = groupBy(rows, (r) => keyOf(text(r, 'TABLE_SCHEMA'), text(r, 'TABLE_NAME')));
  const described = new Map<string, TableDescription>();
  for (const ref of refs) {
    const key = keyOf(ref.schema, ref.table);
    const columns = byTable.get(key);
    if (!columns || described.has(key)) continue;
    const estimate = count(columns[0]!, 'ROW_COUNT');
    described.set(key, {
      schema: ref.schema,
      table: ref.table,
      columns: columns.map((c) => {
        const { kind, typeName, unsupportedReason } = snowflakeColumnKind({
          dataType: text(c, 'DATA_TYPE'),
          numericPrecision: count(c, 'NUMERIC_PRECISION'),
          numericScale: count(c, 'NUMERIC_SCALE'),
        });
        return { name: text(c, 'COLUMN_NAME'), dataType: typeName, kind, ...(unsupportedReason ? { unsupportedReason } : {}) };
      }),
      ...(estimate !== null ? { rowEstimate: estimate } : {}),
    });
  }
  return [...described.values()];
}
