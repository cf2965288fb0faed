import { dataTypeSql } from './bigquery-types.js';
import { googleSqlViolation } from './googlesql-rules.js';
import { tokenize, type Token } from './sql-lexer.js';
import { commentHasLineSql, LABELS_JSON_SQL } from './table-comment.js';

/**
 * Every GoogleSQL -> PostgreSQL translation the fake needs, in one place, after the checks of
 * what BigQuery refuses and PostgreSQL would not (googlesql-rules.ts):
 *
 * - `project`.`dataset`.`table` (or `project.dataset.table`) -> "dataset"."table" (datasets are schemas);
 * - `project`.`dataset`.INFORMATION_SCHEMA.COLUMNS / .TABLES and `project`.`dataset`.__TABLES__
 *   -> subqueries over pg_catalog with BigQuery's column names and type names (named after the
 *   view when the query gives no alias, since PostgreSQL 15 requires one);
 * - backtick identifiers -> double-quoted identifiers; 'strings' and "strings" -> standard literals;
 * - APPROX_COUNT_DISTINCT(x) -> COUNT(DISTINCT x) (exact: a fine approximation);
 * - CAST(x AS STRING) -> CAST(x AS TEXT);
 * - `x IN UNNEST(@p)` -> `x = ANY($n)`, and named ARRAY<STRING> / ARRAY<INT64> @parameters -> typed positional ones;
 * - `TABLESAMPLE SYSTEM (n PERCENT)` -> `TABLESAMPLE SYSTEM (n)`;
 * - partitioning, which PostgreSQL tables lack, from comments a test sets (see PARTITIONING_COMMENT):
 *   COLUMNS.is_partitioning_column, TABLE_OPTIONS (require_partition_filter) and PARTITIONS (daily);
 * - table labels, kept in the table's comment (see table-comment.ts): TABLE_OPTIONS (labels).
 *
 * Anything else passes through unchanged (COUNT, MIN, MAX, AVG, STDDEV_SAMP, CHAR_LENGTH, CASE).
 */

export interface Parameter {
  readonly name: string;
  /** GoogleSQL type: STRING, INT64, ARRAY<STRING>... */
  readonly type: string;
  readonly value: unknown;
}

export interface TableName {
  readonly dataset: string;
  readonly table: string;
}

export interface Translation {
  readonly text: string;
  readonly values: readonly unknown[];
  /** Datasets the query names (they must exist). */
  readonly datasets: readonly string[];
  /** Tables the query reads, for the bytes it "processes". */
  readonly tables: readonly TableName[];
  /** References to INFORMATION_SCHEMA views and __TABLES__, each billed at BigQuery's per-table minimum. */
  readonly metadataViews: number;
  /** Items in the widest select list, for the fake's "too complex" limit. */
  readonly widestSelect: number;
}

export class TranslationError extends Error {
  constructor(
    readonly reason: 'invalidQuery' | 'notFound',
    message: string,
  ) {
    super(message);
  }
}

const CAST_TYPES: Readonly<Record<string, string>> = { STRING: 'TEXT' };

const PARAM_TYPES: Readonly<Record<string, string>> = { 'ARRAY<STRING>': 'text[]', 'ARRAY<INT64>': 'bigint[]' };

export function pgIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function pgLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Words that end a table path and may not be taken for an alias. */
const CLAUSE_WORDS = new Set(['WHERE', 'LEFT', 'RIGHT', 'INNER', 'FULL', 'CROSS', 'JOIN', 'ON', 'GROUP', 'ORDER', 'UNION', 'LIMIT', 'HAVING', 'TABLESAMPLE']);

/**
 * A test marks a BigQuery partitioned table with comments: the partition column's comment is
 * PARTITIONING_COMMENT (daily partitions of a DATE or TIMESTAMP column), and the table's is
 * REQUIRE_FILTER_COMMENT (a line of it, see table-comment.ts) when it was created with require_partition_filter.
 */
export const PARTITIONING_COMMENT = 'bigquery:partitioning_column';
export const REQUIRE_FILTER_COMMENT = 'bigquery:require_partition_filter';

export function translate(sql: string, parameters: readonly Parameter[], project: string): Translation {
  const tokens = tokenize(sql).filter((tok) => tok.kind !== 'space');
  const violation = googleSqlViolation(tokens);
  if (violation) throw new TranslationError('invalidQuery', violation);
  const out: string[] = [];
  const values: unknown[] = [];
  const positions = new Map<string, number>();
  const datasets = new Set<string>();
  const tables: TableName[] = [];
  const views = { count: 0 };
  const isSymbol = (tok: Token | undefined, text: string) => tok?.kind === 'symbol' && tok.text === text;
  const isWord = (tok: Token | undefined, word: string) => tok?.kind === 'word' && tok.text.toUpperCase() === word;

  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const next = tokens[i + 1];
    if (tok.kind === 'string') {
      out.push(pgLiteral(tok.text));
    } else if (tok.kind === 'param') {
      out.push(parameterSlot(tok.text, parameters, positions, values));
    } else if (tok.kind === 'word' && isSymbol(next, '(')) {
      if (tok.text.toUpperCase() === 'APPROX_COUNT_DISTINCT') {
        out.push('COUNT(DISTINCT');
        i++;
      } else {
        out.push(tok.text);
      }
    } else if (isWord(tok, 'PERCENT') && isSymbol(next, ')')) {
      // TABLESAMPLE SYSTEM (n PERCENT): PostgreSQL takes the bare percent.
    } else if (isWord(tok, 'IN') && isWord(next, 'UNNEST') && isSymbol(tokens[i + 2], '(')) {
      out.push('= ANY(');
      i += 2;
    } else if (tok.kind === 'word' && isWord(tokens[i - 1], 'AS') && CAST_TYPES[tok.text.toUpperCase()] && isSymbol(next, ')')) {
      out.push(CAST_TYPES[tok.text.toUpperCase()]!);
    } else if (tok.kind === 'quoted' || tok.kind === 'word') {
      const { parts, end } = readPath(tokens, i);
      const previous = tokens[i - 1];
      const afterFrom = isWord(previous, 'FROM') || isWord(previous, 'JOIN');
      out.push(renderPath(parts, afterFrom, project, datasets, tables, views, tokens[end + 1]));
      i = end;
    } else {
      out.push(tok.text);
    }
  }
  return { text: out.join(' '), values, datasets: [...datasets], tables, metadataViews: views.count, widestSelect: widestSelect(tokens) };
}

/** A dotted path of words and backtick identifiers starting at `start`; backtick parts may hold dots themselves. */
function readPath(tokens: readonly Token[], start: number): { parts: Array<{ name: string; quoted: boolean }>; end: number } {
  const parts: Array<{ name: string; quoted: boolean }> = [];
  let i = start;
  for (;;) {
    const tok = tokens[i]!;
    if (tok.kind === 'quoted') parts.push(...tok.text.split('.').map((name) => ({ name, quoted: true })));
    else parts.push({ name: tok.text, quoted: false });
    const dot = tokens[i + 1];
    const after = tokens[i + 2];
    if (dot?.kind === 'symbol' && dot.text === '.' && (after?.kind === 'quoted' || after?.kind === 'word')) i += 2;
    else return { parts, end: i };
  }
}

function renderPath(
  parts: ReadonlyArray<{ name: string; quoted: boolean }>,
  afterFrom: boolean,
  project: string,
  datasets: Set<string>,
  tables: TableName[],
  views: { count: number },
  following: Token | undefined,
): string {
  const names = parts.map((p) => p.name);
  const n = names.length;
  // `AS x` or a bare alias follows, unless the next word starts a clause.
  const aliased = following?.kind === 'word' && !CLAUSE_WORDS.has(following.text.toUpperCase());
  const alias = (view: string) => (aliased ? '' : ` AS ${view.toLowerCase()}`);
  const dataset = (index: number): string => {
    if (index > 0 && names[index - 1] !== project) {
      throw new TranslationError('notFound', `Not found: Dataset ${names[index - 1]}:${names[index]}`);
    }
    datasets.add(names[index]!);
    return names[index]!;
  };
  if (n >= 3 && names[n - 2]!.toUpperCase() === 'INFORMATION_SCHEMA') {
    const view = names[n - 1]!.toUpperCase();
    views.count++;
    return `(${informationSchema(view, dataset(n - 3))})${alias(view)}`;
  }
  if (n >= 2 && names[n - 1] === '__TABLES__') {
    views.count++;
    return `(${tablesMetadata(dataset(n - 2), project)})${alias('__TABLES__')}`;
  }
  if (n === 3 || (n === 2 && afterFrom)) {
    const ds = dataset(n - 2);
    tables.push({ dataset: ds, table: names[n - 1]! });
    return `${pgIdentifier(ds)}.${pgIdentifier(names[n - 1]!)}`;
  }
  return parts.map((p) => (p.quoted ? pgIdentifier(p.name) : p.name)).join('.');
}

function parameterSlot(name: string, parameters: readonly Parameter[], positions: Map<string, number>, values: unknown[]): string {
  const parameter = parameters.find((p) => p.name === name);
  if (!parameter) throw new TranslationError('invalidQuery', `Query parameter '${name}' not found`);
  const pgType = PARAM_TYPES[parameter.type];
  if (!pgType) throw new TranslationError('invalidQuery', `the fake does not support parameters of type ${parameter.type}`);
  let position = positions.get(name);
  if (position === undefined) {
    values.push(parameter.value);
    position = values.length;
    positions.set(name, position);
  }
  return `$${position}::${pgType}`;
}

/** The widest select list (items at the SELECT's own nesting depth), whatever the nesting. */
function widestSelect(tokens: readonly Token[]): number {
  let depth = 0;
  let widest = 0;
  const open: Array<{ depth: number; items: number }> = [];
  const close = () => {
    const top = open.pop();
    if (top) widest = Math.max(widest, top.items);
  };
  for (const tok of tokens) {
    const top = open[open.length - 1];
    if (tok.kind === 'symbol' && tok.text === '(') depth++;
    else if (tok.kind === 'symbol' && tok.text === ')') depth--;
    else if (tok.kind === 'word' && tok.text.toUpperCase() === 'SELECT') open.push({ depth, items: 1 });
    else if (top && top.depth === depth && tok.kind === 'symbol' && tok.text === ',') top.items++;
    else if (top && top.depth === depth && tok.kind === 'word' && tok.text.toUpperCase() === 'FROM') close();
  }
  while (open.length > 0) close();
  return widest;
}

const RELATIONS = `FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace`;
const RELKINDS = `c.relkind IN ('r', 'p', 'v', 'm')`;
/** Tables with their partition column (marked by PARTITIONING_COMMENT). */
export const PARTITIONED_RELATIONS = `${RELATIONS} JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND col_description(c.oid, a.attnum) = ${pgLiteral(PARTITIONING_COMMENT)}`;

/** The dataset's INFORMATION_SCHEMA views, with BigQuery's column names. */
function informationSchema(view: string, dataset: string): string {
  const where = `WHERE n.nspname = ${pgLiteral(dataset)} AND ${RELKINDS}`;
  switch (view) {
    case 'TABLES':
      return `SELECT current_database()::text AS table_catalog, n.nspname::text AS table_schema, c.relname::text AS table_name,
        CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'BASE TABLE' END AS table_type
        ${RELATIONS} ${where}`;
    case 'COLUMNS':
      return `SELECT current_database()::text AS table_catalog, n.nspname::text AS table_schema, c.relname::text AS table_name,
        a.attname::text AS column_name, row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum)::bigint AS ordinal_position,
        CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END AS is_nullable, ${dataTypeSql()} AS data_type,
        'NO'::text AS is_hidden, 'NO'::text AS is_system_defined,
        CASE WHEN col_description(c.oid, a.attnum) = ${pgLiteral(PARTITIONING_COMMENT)} THEN 'YES' ELSE 'NO' END AS is_partitioning_column
        ${RELATIONS}
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        ${where}`;
    case 'TABLE_OPTIONS': {
      // Labels read as BigQuery prints them: [STRUCT("key", "value"), ...], one row per labelled table.
      const struct = `format('STRUCT(%s, %s)', to_json(l.key), to_json(l.value))`;
      const labels = `(SELECT '[' || string_agg(${struct}, ', ' ORDER BY l.key) || ']' FROM json_each_text(${LABELS_JSON_SQL}) AS l)`;
      const table = `current_database()::text AS table_catalog, n.nspname::text AS table_schema, c.relname::text AS table_name`;
      return `SELECT ${table}, 'require_partition_filter'::text AS option_name, 'BOOL'::text AS option_type, 'true'::text AS option_value
        ${RELATIONS} ${where} AND ${commentHasLineSql(pgLiteral(REQUIRE_FILTER_COMMENT))}
        UNION ALL
        SELECT ${table}, 'labels'::text, 'ARRAY<STRUCT<STRING, STRING>>'::text, ${labels}
        ${RELATIONS} ${where} AND ${LABELS_JSON_SQL} IS NOT NULL`;
    }
    case 'PARTITIONS': {
      // Daily partitions: one id (YYYYMMDD) per distinct day of the partition column, read without the partition filter a query would need.
      const days = `query_to_xml(format('SELECT DISTINCT to_char(%I, ''YYYYMMDD'') AS p FROM %I.%I WHERE %I IS NOT NULL', a.attname, n.nspname, c.relname, a.attname), false, false, '')`;
      return `SELECT current_database()::text AS table_catalog, n.nspname::text AS table_schema, c.relname::text AS table_name,
        d.id::text AS partition_id
        ${PARTITIONED_RELATIONS} CROSS JOIN LATERAL unnest(xpath('/table/row/p/text()', ${days})) AS d(id) ${where}`;
    }
    default:
      throw new TranslationError('invalidQuery', `the fake has no INFORMATION_SCHEMA.${view}`);
  }
}

/**
 * The legacy __TABLES__ metadata: type 1 table, 2 view; row_count exact for tables, as BigQuery's
 * storage metadata is (counted here through query_to_xml, evaluated only for tables). Times are
 * epoch milliseconds; PostgreSQL keeps no modification time, so last_modified_time is a fixed
 * date plus the table's write counters and file node, which move on every write, as BigQuery's does.
 */
function tablesMetadata(dataset: string, project: string): string {
  const exactCount = `(xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text::bigint`;
  return `SELECT ${pgLiteral(project)}::text AS project_id, n.nspname::text AS dataset_id, c.relname::text AS table_id,
    (CASE WHEN c.relkind IN ('v', 'm') THEN 2 ELSE 1 END)::bigint AS type,
    (CASE WHEN c.relkind IN ('r', 'p') THEN ${exactCount} ELSE 0 END)::bigint AS row_count,
    pg_table_size(c.oid)::bigint AS size_bytes,
    (1704067200000 + c.oid::int8)::bigint AS creation_time,
    (1704067200000 + pg_stat_get_tuples_inserted(c.oid) + pg_stat_get_tuples_updated(c.oid) + pg_stat_get_tuples_deleted(c.oid) + c.relfilenode::int8)::bigint AS last_modified_time
    ${RELATIONS} WHERE n.nspname = ${pgLiteral(dataset)} AND ${RELKINDS}`;
}
