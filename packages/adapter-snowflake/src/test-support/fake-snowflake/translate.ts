/**
 * Every difference between Snowflake SQL and PostgreSQL the fake server bridges, in one place:
 *
 * - `?` placeholders become `$1, $2...`, with the query-request's `bindings` as values;
 * - APPROX_COUNT_DISTINCT(x) becomes COUNT(DISTINCT x) (exact: PostgreSQL has no HyperLogLog);
 * - INFORMATION_SCHEMA.TABLES and .COLUMNS become views shaped like Snowflake's (upper-case names,
 *   DATA_TYPE values such as NUMBER and TIMESTAMP_NTZ, exact ROW_COUNT), see CATALOG_VIEWS;
 * - result column names: Snowflake stores unquoted identifiers in upper case, PostgreSQL in lower
 *   case, so an unquoted alias (`AS m0`) comes back as `M0`.
 *
 * Quoted identifiers ("SCHEMA"."TABLE") mean the same in both and pass through; the tests create
 * objects with upper-case names, as Snowflake would store them. Other unquoted identifiers in
 * statements are resolved by PostgreSQL's rules; core and the adapter quote every object name.
 */

interface Segment {
  readonly kind: 'code' | 'string' | 'identifier' | 'comment';
  readonly text: string;
}

/** Splits SQL into code and the parts no rewrite may touch: string literals, quoted identifiers, comments. */
function segments(sql: string): Segment[] {
  const out: Segment[] = [];
  let code = '';
  let i = 0;
  const flush = () => {
    if (code) out.push({ kind: 'code', text: code });
    code = '';
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const quote = c === "'" ? 'string' : c === '"' ? 'identifier' : undefined;
    if (quote) {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === c && sql[j + 1] !== c)) j += sql[j] === c ? 2 : 1;
      flush();
      out.push({ kind: quote, text: sql.slice(i, j + 1) });
      i = j + 1;
    } else if (sql.startsWith('--', i) || sql.startsWith('/*', i)) {
      const end = sql.startsWith('--', i) ? sql.indexOf('\n', i) : sql.indexOf('*/', i) + 2;
      const stop = end <= i + 1 ? sql.length : end;
      flush();
      out.push({ kind: 'comment', text: sql.slice(i, stop) });
      i = stop;
    } else {
      code += c;
      i++;
    }
  }
  flush();
  return out;
}

/** A bind value as snowflake-sdk sends it: `{"1": {"type": "TEXT", "value": "X"}}`. */
export type Bindings = Record<string, { readonly type?: string; readonly value: unknown }>;

export interface Translation {
  readonly text: string;
  readonly values: unknown[];
  /** Identifiers the statement quoted: their case is kept in result column names. */
  readonly quoted: ReadonlySet<string>;
}

/** Rewrites a Snowflake statement for PostgreSQL; `catalogSchema` holds the INFORMATION_SCHEMA views. */
export function translate(sql: string, bindings: Bindings | undefined, catalogSchema: string): Translation {
  let placeholder = 0;
  const quoted = new Set<string>();
  const text = segments(sql)
    .map(({ kind, text }) => {
      if (kind === 'identifier') quoted.add(text.slice(1, -1).replaceAll('""', '"'));
      if (kind !== 'code') return text;
      return text
        .replace(/\?/g, () => `$${++placeholder}`)
        .replace(/\bAPPROX_COUNT_DISTINCT\s*\(/gi, 'COUNT(DISTINCT ')
        .replace(/\bINFORMATION_SCHEMA\s*\.\s*(TABLES|COLUMNS)\b/gi, (_, view: string) => `"${catalogSchema}".${view.toLowerCase()}`);
    })
    .join('');
  const values = Object.entries(bindings ?? {})
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, bind]) => bind.value);
  return { text, values, quoted };
}

/** The name Snowflake would give a result column PostgreSQL named `name`. */
export function resultColumnName(name: string, translation: Translation): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !translation.quoted.has(name) ? name.toUpperCase() : name;
}

/** Snowflake's DATA_TYPE for a PostgreSQL type (pg_type row `t`). */
const DATA_TYPE = `CASE
    WHEN t.typname IN ('int2', 'int4', 'int8', 'numeric') THEN 'NUMBER'
    WHEN t.typname IN ('float4', 'float8') THEN 'FLOAT'
    WHEN t.typname IN ('text', 'varchar', 'bpchar', 'name') THEN 'TEXT'
    WHEN t.typname = 'bool' THEN 'BOOLEAN'
    WHEN t.typname = 'date' THEN 'DATE'
    WHEN t.typname = 'time' THEN 'TIME'
    WHEN t.typname = 'timestamp' THEN 'TIMESTAMP_NTZ'
    WHEN t.typname = 'timestamptz' THEN 'TIMESTAMP_TZ'
    WHEN t.typname = 'bytea' THEN 'BINARY'
    WHEN t.typcategory = 'A' THEN 'ARRAY'
    ELSE 'VARIANT' END`;

/** Relations a Snowflake INFORMATION_SCHEMA would list: tables, views, materialized views, outside PostgreSQL's own schemas. */
const LISTED = `c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`;

/**
 * Snowflake's INFORMATION_SCHEMA.TABLES and .COLUMNS over pg_catalog, with lower-case column names
 * so the statement's unquoted references (TABLE_SCHEMA) resolve. ROW_COUNT is exact, like
 * Snowflake's: counted for the rows a query keeps (the views are flattened into it). LAST_ALTERED
 * moves on every write and rewrite, as Snowflake's does: PostgreSQL keeps no such time, so it is
 * a fixed date plus the table's write counters and file node (all only ever grow).
 */
export function catalogViews(schema: string): string[] {
  const q = `"${schema}"`;
  return [
    `CREATE VIEW ${q}.tables AS
     SELECT upper(current_database()) AS table_catalog, n.nspname::text AS table_schema, c.relname::text AS table_name,
       CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'BASE TABLE' END AS table_type,
       CASE WHEN c.relkind IN ('r', 'p') THEN
         (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text::int8
       END AS row_count,
       CASE WHEN c.relkind IN ('r', 'p') THEN timestamptz '2024-01-01 00:00:00+00' + interval '1 millisecond' *
         (pg_stat_get_tuples_inserted(c.oid) + pg_stat_get_tuples_updated(c.oid) + pg_stat_get_tuples_deleted(c.oid) + c.relfilenode::int8)
       ELSE timestamptz '2024-01-01 00:00:00+00' END AS last_altered
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${LISTED}`,
    `CREATE VIEW ${q}.columns AS
     SELECT upper(current_database()) AS table_catalog, n.nspname::text AS table_schema, c.relname::text AS table_name,
       a.attname::text AS column_name, a.attnum::int AS ordinal_position, ${DATA_TYPE} AS data_type,
       CASE WHEN t.typname IN ('int2', 'int4', 'int8') THEN 38
            WHEN t.typname = 'numeric' THEN CASE WHEN a.atttypmod > 0 THEN ((a.atttypmod - 4) >> 16) & 65535 ELSE 38 END END AS numeric_precision,
       CASE WHEN t.typname IN ('int2', 'int4', 'int8') THEN 0
            WHEN t.typname = 'numeric' THEN CASE WHEN a.atttypmod > 0 THEN (a.atttypmod - 4) & 65535 ELSE 0 END END AS numeric_scale,
       CASE WHEN t.typname IN ('varchar', 'bpchar') AND a.atttypmod > 0 THEN a.atttypmod - 4
            WHEN t.typname IN ('text', 'varchar', 'bpchar', 'name') THEN 16777216 END AS character_maximum_length,
       CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END AS is_nullable
     FROM pg_attribute a
     JOIN pg_class c ON c.oid = a.attrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_type t ON t.oid = a.atttypid
     WHERE a.attnum > 0 AND NOT a.attisdropped AND ${LISTED}`,
  ];
}
