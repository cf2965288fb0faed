import type { LanguageOptionsProto } from '@fivetrandevelopers/zetasql/lib/types/zetasql/LanguageOptionsProto.js';
import type { SimpleCatalogProto } from '@fivetrandevelopers/zetasql/lib/types/zetasql/SimpleCatalogProto.js';
import type { TypeProto } from '@fivetrandevelopers/zetasql/lib/types/zetasql/TypeProto.js';

/** A column as INFORMATION_SCHEMA.COLUMNS.data_type spells its type (`INT64`, `ARRAY<STRING>`, `STRUCT<a INT64>`). */
export interface ColumnDeclaration {
  readonly name: string;
  readonly type: string;
}

export interface TableDeclaration {
  readonly name: string;
  readonly columns: readonly ColumnDeclaration[];
}

export interface DatasetDeclaration {
  readonly name: string;
  readonly tables: readonly TableDeclaration[];
}

/** GoogleSQL's scalar type names and ZetaSQL's kinds for them. */
const SCALARS: Readonly<Record<string, NonNullable<TypeProto['typeKind']>>> = {
  INT64: 'TYPE_INT64',
  FLOAT64: 'TYPE_DOUBLE',
  NUMERIC: 'TYPE_NUMERIC',
  BIGNUMERIC: 'TYPE_BIGNUMERIC',
  BOOL: 'TYPE_BOOL',
  STRING: 'TYPE_STRING',
  BYTES: 'TYPE_BYTES',
  DATE: 'TYPE_DATE',
  DATETIME: 'TYPE_DATETIME',
  TIME: 'TYPE_TIME',
  TIMESTAMP: 'TYPE_TIMESTAMP',
  JSON: 'TYPE_JSON',
  GEOGRAPHY: 'TYPE_GEOGRAPHY',
  INTERVAL: 'TYPE_INTERVAL',
};

/** Parses a GoogleSQL type name (parameters such as `NUMERIC(10, 2)` and `STRING(20)` ignored) into ZetaSQL's proto. */
export function typeProto(text: string): TypeProto {
  const tokens = text.match(/[A-Za-z_][A-Za-z0-9_]*|\(\s*[\d\s,]*\)|[<>,]/g) ?? [];
  let at = 0;
  const parse = (): TypeProto => {
    const name = tokens[at++]?.toUpperCase() ?? '';
    if (tokens[at]?.startsWith('(')) at++;
    if (name === 'ARRAY') return { typeKind: 'TYPE_ARRAY', arrayType: { elementType: inAngles(parse) } };
    if (name === 'RANGE') return { typeKind: 'TYPE_RANGE', rangeType: { elementType: inAngles(parse) } };
    if (name === 'STRUCT') {
      const field = inAngles(() => {
        const fields = [];
        do {
          const fieldName = tokens[at++]!;
          fields.push({ fieldName, fieldType: parse() });
        } while (tokens[at] === ',' && ++at);
        return fields;
      });
      return { typeKind: 'TYPE_STRUCT', structType: { field } };
    }
    const kind = SCALARS[name];
    if (!kind) throw new Error(`not a GoogleSQL type this catalog declares: ${text}`);
    return { typeKind: kind };
  };
  const inAngles = <T>(inner: () => T): T => {
    if (tokens[at++] !== '<') throw new Error(`expected < in ${text}`);
    const value = inner();
    if (tokens[at++] !== '>') throw new Error(`expected > in ${text}`);
    return value;
  };
  const type = parse();
  if (at !== tokens.length) throw new Error(`unexpected text after the type in ${text}`);
  return type;
}

/**
 * BigQuery's own per-dataset views the catalog queries read, with the columns its documentation
 * lists (INFORMATION_SCHEMA.TABLES, .COLUMNS, .TABLE_OPTIONS and .PARTITIONS, and the legacy __TABLES__
 * metadata table).
 */
const INFORMATION_SCHEMA: readonly TableDeclaration[] = [
  {
    name: 'TABLES',
    columns: ['table_catalog', 'table_schema', 'table_name', 'table_type', 'is_insertable_into', 'is_typed', 'ddl', 'default_collation_name']
      .map((name) => ({ name, type: 'STRING' }))
      .concat([{ name: 'creation_time', type: 'TIMESTAMP' }]),
  },
  {
    name: 'COLUMNS',
    columns: [
      ...['table_catalog', 'table_schema', 'table_name', 'column_name'].map((name) => ({ name, type: 'STRING' })),
      { name: 'ordinal_position', type: 'INT64' },
      ...['is_nullable', 'data_type', 'is_generated', 'generation_expression', 'is_stored', 'is_hidden', 'is_updatable', 'is_system_defined', 'is_partitioning_column'].map(
        (name) => ({ name, type: 'STRING' }),
      ),
      { name: 'clustering_ordinal_position', type: 'INT64' },
      ...['collation_name', 'column_default', 'rounding_mode'].map((name) => ({ name, type: 'STRING' })),
    ],
  },
  {
    name: 'TABLE_OPTIONS',
    columns: ['table_catalog', 'table_schema', 'table_name', 'option_name', 'option_type', 'option_value'].map((name) => ({ name, type: 'STRING' })),
  },
  {
    name: 'PARTITIONS',
    columns: [
      ...['table_catalog', 'table_schema', 'table_name', 'partition_id'].map((name) => ({ name, type: 'STRING' })),
      ...['total_rows', 'total_logical_bytes', 'total_billable_bytes'].map((name) => ({ name, type: 'INT64' })),
      { name: 'last_modified_time', type: 'TIMESTAMP' },
      { name: 'storage_tier', type: 'STRING' },
    ],
  },
];

const TABLES_METADATA: TableDeclaration = {
  name: '__TABLES__',
  columns: [
    ...['project_id', 'dataset_id', 'table_id'].map((name) => ({ name, type: 'STRING' })),
    ...['creation_time', 'last_modified_time', 'row_count', 'size_bytes', 'type'].map((name) => ({ name, type: 'INT64' })),
  ],
};

function tableProto(table: TableDeclaration): NonNullable<SimpleCatalogProto['table']>[number] {
  return { name: table.name, column: table.columns.map((c) => ({ name: c.name, type: typeProto(c.type) })) };
}

/** project > dataset > table, each dataset with its INFORMATION_SCHEMA and __TABLES__, as BigQuery names them. */
export function catalogProto(project: string, datasets: readonly DatasetDeclaration[], languageOptions: LanguageOptionsProto): SimpleCatalogProto {
  return {
    name: 'root',
    builtinFunctionOptions: { languageOptions },
    catalog: [
      {
        name: project,
        catalog: datasets.map((dataset) => ({
          name: dataset.name,
          table: [...dataset.tables, TABLES_METADATA].map(tableProto),
          catalog: [{ name: 'INFORMATION_SCHEMA', table: INFORMATION_SCHEMA.map(tableProto) }],
        })),
      },
    ],
  };
}
