import { unknownCall } from './functions.js';
import { apiErrors } from './wire.js';

/**
 * Everything the fake changes to run Redshift SQL on PostgreSQL 15, in one place, so it is clear
 * what the tests do not prove:
 *
 * 1. `APPROXIMATE COUNT(DISTINCT x)` runs as the exact `COUNT(DISTINCT x)`: the tests cannot show
 *    HyperLogLog's error (about 2% on Redshift), only that the SQL is sent and read back.
 * 2. `svv_table_info` and `svv_columns` are views of the fake's own schema, first on every
 *    statement's search_path: `estimated_visible_rows` is pg_class.reltuples (empty tables left
 *    out, as Redshift leaves them out; empty for an ordinary user, who sees only tables they own,
 *    with `ordinaryUser`), `svv_columns` is information_schema.columns. Type names
 *    are PostgreSQL's, which equal Redshift's for the types the tests use (smallint, integer,
 *    bigint, numeric, real, double precision, boolean, character varying, character, date,
 *    timestamp with and without time zone); SUPER, GEOMETRY, VARBYTE and HLLSKETCH do not exist.
 *    `svv_redshift_schemas` lists PostgreSQL's schemas (pg_catalog, information_schema and the
 *    pg_* ones included, as Redshift lists its own; the fake's schema left out) as `local`
 *    schemas of the current database: the fake has no datashares.
 * 3. The Data API's named parameters (`:name`) become PostgreSQL's positional `$n`, outside
 *    string literals, quoted identifiers and comments.
 * 4. A call to a function outside functions.ts's list from Redshift's reference fails the
 *    statement as Redshift fails it (`function ... does not exist`), before PostgreSQL sees it.
 *
 * Everything else runs as PostgreSQL runs it. In particular Redshift's refusal to join
 * leader-node catalogs (information_schema) with compute-node views (SVV_TABLE_INFO) is not
 * enforced: the adapter keeps them in separate statements by design, not because a test saw it fail.
 */

export function catalogViews(schema: string, ordinaryUser = false): string[] {
  const q = `"${schema.replaceAll('"', '""')}"`;
  const visible = ordinaryUser ? 'false' : 'true';
  return [
    `CREATE VIEW ${q}.svv_table_info AS
     SELECT current_database()::text AS database, n.nspname::text AS "schema", c.oid::int8 AS table_id, c.relname::text AS "table",
            c.reltuples::numeric(38, 0) AS tbl_rows, c.reltuples::numeric(38, 0) AS estimated_visible_rows
     FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE ${visible} AND c.relkind IN ('r', 'p') AND c.reltuples > 0 AND n.nspname NOT IN ('pg_catalog', 'information_schema')`,
    `CREATE VIEW ${q}.svv_columns AS
     SELECT table_catalog::text, table_schema::text, table_name::text, column_name::text, ordinal_position::int,
            column_default::text, is_nullable::text, data_type::text, character_maximum_length::int,
            numeric_precision::int, numeric_precision_radix::int, numeric_scale::int, NULL::text AS remarks
     FROM information_schema.columns`,
    `CREATE VIEW ${q}.svv_redshift_schemas AS
     SELECT current_database()::varchar(128) AS database_name, n.nspname::varchar(128) AS schema_name, n.nspowner::int4 AS schema_owner,
            'local'::varchar(16) AS schema_type, array_to_string(n.nspacl, ',')::varchar(128) AS schema_acl, NULL::varchar(128) AS schema_option
     FROM pg_catalog.pg_namespace n
     WHERE n.nspname <> '${schema.replaceAll("'", "''")}'`,
  ];
}

export interface PostgresStatement {
  readonly text: string;
  readonly values: string[];
  /** Redshift's error for a statement it would refuse: the statement ends FAILED with it. */
  readonly refusal?: string;
}

/** Redshift SQL with Data API parameters, as a PostgreSQL statement with positional values. */
export function toPostgres(sql: string, parameters: ReadonlyArray<{ readonly name: string; readonly value: string }>): PostgresStatement {
  const given = new Map(parameters.map((p) => [p.name, p.value]));
  const positions = new Map<string, number>();
  let refusal: string | undefined;
  const text = segments(sql)
    .map(({ code, text: part }) => {
      if (!code) return part;
      refusal ??= unknownCall(part);
      return part.replace(/\bAPPROXIMATE\s+COUNT\s*\(\s*DISTINCT\b/gi, 'COUNT(DISTINCT').replace(/(?<![:\w]):([A-Za-z_]\w*)/g, (_, name: string) => {
        if (!given.has(name)) throw apiErrors.validation(`The SQL references parameter :${name}, which the request does not provide.`);
        if (!positions.has(name)) positions.set(name, positions.size + 1);
        return `$${positions.get(name)}`;
      });
    })
    .join('');
  return { text, values: [...positions.keys()].map((name) => given.get(name)!), ...(refusal ? { refusal } : {}) };
}

/** Splits SQL into code and non-code (string literals, quoted identifiers, comments). */
function segments(sql: string): Array<{ code: boolean; text: string }> {
  const parts: Array<{ code: boolean; text: string }> = [];
  let start = 0;
  let i = 0;
  while (i < sql.length) {
    const end = nonCodeEnd(sql, i);
    if (end === undefined) {
      i++;
      continue;
    }
    if (i > start) parts.push({ code: true, text: sql.slice(start, i) });
    parts.push({ code: false, text: sql.slice(i, end) });
    i = start = end;
  }
  if (start < sql.length) parts.push({ code: true, text: sql.slice(start) });
  return parts;
}

/** Where the literal, identifier or comment starting at `i` ends, or undefined when none starts there. */
function nonCodeEnd(sql: string, i: number): number | undefined {
  const c = sql[i];
  if (c === "'" || c === '"') {
    for (let j = i + 1; j < sql.length; j++) {
      if (sql[j] !== c) continue;
      if (sql[j + 1] === c)
        j++; // doubled quote: part of the text
      else return j + 1;
    }
    return sql.length;
  }
  if (c === '-' && sql[i + 1] === '-') {
    const newline = sql.indexOf('\n', i);
    return newline === -1 ? sql.length : newline;
  }
  if (c === '/' && sql[i + 1] === '*') {
    const close = sql.indexOf('*/', i + 2);
    return close === -1 ? sql.length : close + 2;
  }
  return undefined;
}
