import { SNOWFLAKE_FUNCTIONS, KEYWORDS_BEFORE_PARENTHESIS } from './functions.js';
import { missingDatabaseFailure, noCurrentDatabaseFailure, SnowflakeSqlError, syntaxFailure, unknownFunctionFailure } from './sql-errors.js';

/**
 * Every difference between Snowflake SQL and PostgreSQL the fake server bridges, in one place:
 *
 * - `?` placeholders become `$1, $2...`, with the query-request's `bindings` as values;
 * - APPROX_COUNT_DISTINCT(x) becomes COUNT(DISTINCT x) (exact: PostgreSQL has no HyperLogLog);
 * - `SAMPLE BERNOULLI (p) SEED (s)` becomes `TABLESAMPLE BERNOULLI (p) REPEATABLE (s)` (both seeded row sampling);
 * - INFORMATION_SCHEMA.TABLES, .COLUMNS and .SCHEMATA, qualified by a database (`"DB".INFORMATION_SCHEMA`)
 *   or not, become views shaped like Snowflake's (upper-case names, DATA_TYPE values such as NUMBER
 *   and TIMESTAMP_NTZ, exact ROW_COUNT), see catalogViews;
 * - SNOWFLAKE.ACCOUNT_USAGE.TAG_REFERENCES becomes a view of the tags set through the fake (see
 *   tag-ddl.ts), shown at once where Snowflake's lags up to two hours;
 * - CAST(x AS VARCHAR) prints timestamps, dates and times in the statement's output formats and
 *   TIMEZONE (query-request `parameters` over the session's), see output-formats.ts;
 * - result column names: Snowflake stores unquoted identifiers in upper case, PostgreSQL in lower
 *   case, so an unquoted alias (`AS m0`) comes back as `M0`.
 *
 * What Snowflake refuses, the fake refuses before PostgreSQL sees it, with Snowflake's code: a call
 * to a function outside SNOWFLAKE_FUNCTIONS (002140), Redshift's `APPROXIMATE COUNT` (001003), an
 * unqualified INFORMATION_SCHEMA in a session without a current database (090105), a database the
 * role cannot use (002003), SNOWFLAKE included: without IMPORTED PRIVILEGES on it, ACCOUNT_USAGE
 * is refused as Snowflake refuses it.
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

/** What the statement may refer to: the session's current database and the databases its role may use (undefined: any). */
export interface DatabaseScope {
  readonly current: string | undefined;
  readonly usable?: ReadonlySet<string>;
}

const CATALOG_VIEW = /^\s*\.\s*INFORMATION_SCHEMA\s*\.\s*(TABLES|COLUMNS|SCHEMATA)\b/i;
const UNQUOTED_CATALOG = /(\b[A-Za-z_][\w$]*\s*\.\s*)?\bINFORMATION_SCHEMA\s*\.\s*(TABLES|COLUMNS|SCHEMATA)\b/gi;
const TAG_REFERENCES = /\bSNOWFLAKE\s*\.\s*ACCOUNT_USAGE\s*\.\s*TAG_REFERENCES\b/gi;

/** Rewrites a Snowflake statement for PostgreSQL; `catalogSchema` holds the INFORMATION_SCHEMA views. Throws SnowflakeSqlError for what Snowflake refuses. */
export function translate(sql: string, bindings: Bindings | undefined, catalogSchema: string, scope: DatabaseScope): Translation {
  let placeholder = 0;
  const quoted = new Set<string>();
  const view = (name: string) => `"${catalogSchema}".${name.toLowerCase()}`;
  const useDatabase = (database: string) => {
    if (scope.usable && !scope.usable.has(database)) throw new SnowflakeSqlError(missingDatabaseFailure(database));
  };
  const out: string[] = [];
  let previous: Segment | undefined;
  for (const segment of segments(sql)) {
    const { kind, text } = segment;
    if (kind === 'identifier') quoted.add(text.slice(1, -1).replaceAll('""', '"'));
    if (kind !== 'code') {
      out.push(text);
      previous = segment;
      continue;
    }
    checkCalls(text);
    let code = text;
    const qualified = previous?.kind === 'identifier' ? CATALOG_VIEW.exec(code) : null;
    if (qualified) {
      // `"DB".INFORMATION_SCHEMA.TABLES`: the quoted database was the previous segment.
      useDatabase(previous!.text.slice(1, -1).replaceAll('""', '"'));
      out.pop();
      code = view(qualified[1]!) + code.slice(qualified[0].length);
    }
    code = code
      .replace(/\?/g, () => `$${++placeholder}`)
      .replace(/\bAPPROX_COUNT_DISTINCT\s*\(/gi, 'COUNT(DISTINCT ')
      .replace(TAG_REFERENCES, () => {
        useDatabase('SNOWFLAKE');
        return view('tag_references');
      })
      .replace(/\bSAMPLE\s+BERNOULLI\s*\(([\d.]+)\)\s*SEED\s*\((\d+)\)/gi, 'TABLESAMPLE BERNOULLI ($1) REPEATABLE ($2)')
      .replace(UNQUOTED_CATALOG, (_, database: string | undefined, name: string) => {
        if (database) useDatabase(database.replace(/\s*\.\s*$/, '').toUpperCase());
        else if (!scope.current) throw new SnowflakeSqlError(noCurrentDatabaseFailure());
        return view(name);
      });
    out.push(code);
    previous = segment;
  }
  const values = Object.entries(bindings ?? {})
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, bind]) => bind.value);
  return { text: out.join(''), values, quoted };
}

/** Refuses calls Snowflake does not know, and Redshift's APPROXIMATE COUNT, in one code segment. */
function checkCalls(code: string): void {
  const approximate = /\bAPPROXIMATE\s+(\w+)/i.exec(code);
  if (approximate) throw new SnowflakeSqlError(syntaxFailure(approximate[1]!.toUpperCase()));
  for (const [, name] of code.matchAll(/(?<![\w$."])([A-Za-z_][\w$]*)\s*\(/g)) {
    const upper = name!.toUpperCase();
    if (!SNOWFLAKE_FUNCTIONS.has(upper) && !KEYWORDS_BEFORE_PARENTHESIS.has(upper)) throw new SnowflakeSqlError(unknownFunctionFailure(upper));
  }
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
    // The fake's own schema is left out: Snowflake has no such schema. INFORMATION_SCHEMA is listed, as Snowflake lists it.
    `CREATE VIEW ${q}.schemata AS
     SELECT upper(current_database()) AS catalog_name, n.nspname::text AS schema_name, pg_get_userbyid(n.nspowner)::text AS schema_owner,
       'NO'::text AS is_transient, 'NO'::text AS is_managed_access, 1::int8 AS retention_time, NULL::text AS default_ddl_collation,
       timestamptz '2024-01-01 00:00:00+00' AS created, timestamptz '2024-01-01 00:00:00+00' AS last_altered, obj_description(n.oid, 'pg_namespace') AS comment
     FROM pg_namespace n
     WHERE n.nspname NOT IN ('information_schema', '${schema}') AND n.nspname NOT LIKE 'pg\\_%'
     UNION ALL
     SELECT upper(current_database()), 'INFORMATION_SCHEMA', NULL, 'NO', 'NO', 1, NULL, timestamptz '2024-01-01 00:00:00+00', timestamptz '2024-01-01 00:00:00+00',
       'Views describing the contents of schemas in this database'`,
  ];
}
