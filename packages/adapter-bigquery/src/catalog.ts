import {
  groupBy,
  tableKey,
  type ChangeSignal,
  type ColumnInfo,
  type DiscoveredTable,
  type Row,
  type TableDescription,
  type TablePartitioning,
  type TableRef,
} from '@baselinr/core';
import { bigqueryColumnKind } from './column-kind.js';
import { quoteIdentifier } from './dialect.js';
import { tagsFromLabels } from './label-tags.js';
import type { QueryParameter } from './rest-types.js';

/**
 * Catalog queries. INFORMATION_SCHEMA views are per dataset (`project`.`dataset`.INFORMATION_SCHEMA,
 * which needs only dataset-level access), so a dataset name can only be quoted into the FROM
 * clause; every table name travels as a query parameter. Row counts come from the dataset's
 * __TABLES__ metadata (storage statistics, free of any table scan).
 */
export interface CatalogQuery {
  readonly sql: string;
  readonly params: readonly QueryParameter[];
}

function datasetPath(project: string, dataset: string): string {
  return `${quoteIdentifier(project)}.${quoteIdentifier(dataset)}`;
}

/**
 * Tables and views of one dataset with their stored row counts, in one query; with `labels`, each
 * table's labels too (TABLE_OPTIONS: one more view billed, so only when the config selects by tags).
 */
export function listTablesQuery(project: string, dataset: string, { labels = false } = {}): CatalogQuery {
  const path = datasetPath(project, dataset);
  const sql = `SELECT t.table_name, t.table_type, s.row_count${labels ? ', o.option_value AS labels' : ''}
FROM ${path}.INFORMATION_SCHEMA.TABLES AS t
LEFT JOIN ${path}.__TABLES__ AS s ON s.table_id = t.table_name${
    labels ? `\nLEFT JOIN ${path}.INFORMATION_SCHEMA.TABLE_OPTIONS AS o ON o.table_name = t.table_name AND o.option_name = 'labels'` : ''
  }
ORDER BY t.table_name`;
  return { sql, params: [] };
}

/** Table types that hold their own rows (a view's figure would be meaningless). */
const STORED_TYPES = new Set(['BASE TABLE', 'CLONE', 'SNAPSHOT']);
const VIEW_TYPES = new Set(['VIEW', 'MATERIALIZED VIEW']);

/** A stored row count (INT64 text) as a number, when there is one. */
function rowCount(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function toDiscoveredTable(dataset: string, row: Row): DiscoveredTable {
  const estimate = STORED_TYPES.has(String(row.table_type)) ? rowCount(row.row_count) : undefined;
  const table = String(row.table_name);
  const tags = typeof row.labels === 'string' ? tagsFromLabels(row.labels, `${dataset}.${table}`) : [];
  return {
    schema: dataset,
    table,
    type: VIEW_TYPES.has(String(row.table_type)) ? 'view' : 'table',
    ...(estimate !== undefined ? { rowEstimate: estimate } : {}),
    ...(tags.length > 0 ? { tags } : {}),
  };
}

/** __TABLES__.type: 1 table, 2 view, 3 external; only tables have a row count worth using. */
const STORED_TABLE = '1';

/**
 * Columns of a batch of tables in one query: one SELECT per dataset the batch touches, joined by
 * UNION ALL, each filtered by its own array parameter of table names. Pseudo-columns such as
 * _PARTITIONTIME are hidden and left out. Each column says whether it partitions its table, and
 * each row whether the table was created with require_partition_filter.
 */
export function describeTablesQuery(project: string, refs: readonly TableRef[]): CatalogQuery {
  const byDataset = [...groupBy(refs, (r) => r.schema)];
  const selects = byDataset.map(([dataset], i) => {
    const path = datasetPath(project, dataset);
    return `SELECT c.table_schema AS dataset_name, c.table_name, c.column_name, c.data_type, c.ordinal_position, s.type AS storage_type, s.row_count,
c.is_partitioning_column, o.option_value AS require_partition_filter
FROM ${path}.INFORMATION_SCHEMA.COLUMNS AS c
LEFT JOIN ${path}.__TABLES__ AS s ON s.table_id = c.table_name
LEFT JOIN ${path}.INFORMATION_SCHEMA.TABLE_OPTIONS AS o ON o.table_name = c.table_name AND o.option_name = 'require_partition_filter'
WHERE c.table_name IN UNNEST(@tables_${i}) AND c.is_hidden = 'NO'`;
  });
  const params = byDataset.map(([, tables], i) => stringArrayParam(`tables_${i}`, [...new Set(tables.map((t) => t.table))]));
  return { sql: `${selects.join('\nUNION ALL\n')}\nORDER BY dataset_name, table_name, ordinal_position`, params };
}

/**
 * Each table's storage times, from the __TABLES__ metadata of every dataset the batch touches
 * (one query, no table scan, nothing billed for bytes), filtered by an array parameter per dataset.
 */
export function changeSignalsQuery(project: string, refs: readonly TableRef[]): CatalogQuery {
  const byDataset = [...groupBy(refs, (r) => r.schema)];
  const selects = byDataset.map(([dataset], i) => {
    return `SELECT s.dataset_id, s.table_id, s.type, s.creation_time, s.last_modified_time
FROM ${datasetPath(project, dataset)}.__TABLES__ AS s
WHERE s.table_id IN UNNEST(@tables_${i})`;
  });
  const params = byDataset.map(([, tables], i) => stringArrayParam(`tables_${i}`, [...new Set(tables.map((t) => t.table))]));
  return { sql: selects.join('\nUNION ALL\n'), params };
}

/**
 * A table's token: its creation time (dropped and created again) and last_modified_time, which
 * every load, DML statement and schema change moves. Unknown: views and external tables (their rows
 * live elsewhere). Rows still in the legacy streaming buffer may not have moved it yet.
 */
export function toChangeSignal(row: Row): ChangeSignal {
  const type = String(row.type);
  if (type !== STORED_TABLE)
    return { token: null, unknown: type === '2' ? "a view's rows change in the tables it reads" : 'an external table keeps its rows outside BigQuery storage' };
  if (row.last_modified_time === null || row.last_modified_time === undefined) return { token: null, unknown: '__TABLES__ has no last_modified_time for the table' };
  return { token: `bigquery:${String(row.creation_time)}:${String(row.last_modified_time)}` };
}

export function toChangeSignals(rows: readonly Row[]): Map<string, ChangeSignal> {
  return new Map(rows.map((row) => [tableKey({ schema: String(row.dataset_id), table: String(row.table_id) }), toChangeSignal(row)]));
}

function stringArrayParam(name: string, values: readonly string[]): QueryParameter {
  return {
    name,
    parameterType: { type: 'ARRAY', arrayType: { type: 'STRING' } },
    parameterValue: { arrayValues: values.map((value) => ({ value })) },
  };
}

/** Groups the describe query's rows (sorted by table and ordinal position) into descriptions. */
export function toDescriptions(rows: readonly Row[]): TableDescription[] {
  const tables = new Map<string, { ref: TableRef; rowEstimate: number | undefined; columns: ColumnInfo[]; partitioning?: TablePartitioning }>();
  for (const row of rows) {
    const ref = { schema: String(row.dataset_name), table: String(row.table_name) };
    const key = tableKey(ref);
    let table = tables.get(key);
    if (!table) {
      const estimate = String(row.storage_type) === STORED_TABLE ? rowCount(row.row_count) : undefined;
      table = { ref, rowEstimate: estimate, columns: [] };
      tables.set(key, table);
    }
    const dataType = String(row.data_type);
    const { kind, unsupportedReason } = bigqueryColumnKind(dataType);
    table.columns.push({ name: String(row.column_name), dataType, kind, ...(unsupportedReason ? { unsupportedReason } : {}) });
    if (row.is_partitioning_column === 'YES') {
      table.partitioning = { column: String(row.column_name), requireFilter: String(row.require_partition_filter).toLowerCase() === 'true' };
    }
  }
  return [...tables.values()].map(({ ref, rowEstimate: estimate, columns, partitioning }) => ({
    ...ref,
    columns,
    ...(estimate !== undefined ? { rowEstimate: estimate } : {}),
    ...(partitioning ? { partitioning } : {}),
  }));
}

/** Partitions that hold no column value: rows with a null key, out of an integer range, or still streaming. */
const SPECIAL_PARTITIONS = ['__NULL__', '__UNPARTITIONED__', '__STREAMING_UNPARTITIONED__'];

/**
 * The partition ids of tables that refuse unfiltered statements, from each dataset's
 * INFORMATION_SCHEMA.PARTITIONS (metadata: no scan and no partition filter needed), so the
 * newest partitions can be named with constants, which is what BigQuery prunes on.
 */
export function partitionsQuery(project: string, refs: readonly TableRef[]): CatalogQuery {
  const byDataset = [...groupBy(refs, (r) => r.schema)];
  const selects = byDataset.map(([dataset], i) => {
    const path = datasetPath(project, dataset);
    return `SELECT p.table_schema AS dataset_name, p.table_name, p.partition_id
FROM ${path}.INFORMATION_SCHEMA.PARTITIONS AS p
WHERE p.table_name IN UNNEST(@tables_${i}) AND p.partition_id NOT IN (${SPECIAL_PARTITIONS.map((id) => `'${id}'`).join(', ')})`;
  });
  const params = byDataset.map(([, tables], i) => stringArrayParam(`tables_${i}`, [...new Set(tables.map((t) => t.table))]));
  return { sql: selects.join('\nUNION ALL\n'), params };
}

/**
 * Adds to each description the start of its newest partitions, newest first, as values of the
 * partition column: an integer range's id is its start; a time unit's id (YYYY, YYYYMM, YYYYMMDD,
 * YYYYMMDDHH) becomes the date or timestamp text it starts at, which BigQuery compares with a
 * DATE, DATETIME or TIMESTAMP column.
 */
export function withPartitionStarts(descriptions: readonly TableDescription[], rows: readonly Row[]): TableDescription[] {
  const ids = groupBy(rows, (row) => tableKey({ schema: String(row.dataset_name), table: String(row.table_name) }));
  return descriptions.map((description) => {
    const partitioning = description.partitioning;
    const found = ids.get(tableKey(description));
    if (!partitioning || !found) return description;
    const integer = description.columns.find((c) => c.name === partitioning.column)?.kind === 'integer';
    const starts = found.map((row) => String(row.partition_id)).map((id) => (integer ? Number(id) : timeUnitStart(id)));
    starts.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    return { ...description, partitioning: { ...partitioning, newestStarts: starts } };
  });
}

function timeUnitStart(id: string): string {
  const [year, month = '01', day = '01', hour] = [id.slice(0, 4), id.slice(4, 6) || undefined, id.slice(6, 8) || undefined, id.slice(8, 10) || undefined];
  return `${year}-${month}-${day}${hour === undefined ? '' : ` ${hour}:00:00`}`;
}
