import { SnowflakeSqlError } from './sql-errors.js';

/** PostgreSQL to_char formats for Snowflake's output format parameters, as CAST(... AS VARCHAR) applies them. */
export interface OutputFormats {
  readonly ntz: string;
  readonly tz: string;
  readonly date: string;
  readonly time: string;
}

/** Snowflake format elements the fake renders, longest first, with their to_char spelling. */
const ELEMENTS: ReadonlyArray<readonly [string, string]> = [
  ['TZHTZM', 'TZHTZM'],
  ['HH24', 'HH24'],
  ['YYYY', 'YYYY'],
  ['FF9', 'US"000"'],
  ['FF6', 'US'],
  ['FF3', 'MS'],
  ['FF', 'US"000"'],
  ['TZH', 'TZH'],
  ['TZM', 'TZM'],
  ['MM', 'MM'],
  ['DD', 'DD'],
  ['MI', 'MI'],
  ['SS', 'SS'],
];

/** A Snowflake output format as a to_char format; an element the fake does not know fails the statement. */
export function toCharFormat(snowflake: string): string {
  let out = '';
  let i = 0;
  while (i < snowflake.length) {
    const element = ELEMENTS.find(([name]) => snowflake.startsWith(name, i));
    if (element) {
      out += element[1];
      i += element[0].length;
    } else if (snowflake[i] === '"') {
      // A quoted literal: the same syntax in both.
      const close = snowflake.indexOf('"', i + 1);
      const end = close === -1 ? snowflake.length : close + 1;
      out += snowflake.slice(i, end);
      i = end;
    } else if (/[-:. /]/.test(snowflake[i]!)) {
      out += snowflake[i];
      i++;
    } else {
      throw new SnowflakeSqlError({ code: '002003', sqlState: '22023', message: `fake Snowflake: output format ${JSON.stringify(snowflake)} is not supported` });
    }
  }
  return out;
}

/**
 * The formats a statement's parameters select: TIMESTAMP_LTZ/TZ_OUTPUT_FORMAT fall back to
 * TIMESTAMP_OUTPUT_FORMAT when empty, as in Snowflake.
 */
export function outputFormats(parameters: Readonly<Record<string, unknown>>): OutputFormats {
  const text = (name: string) => String(parameters[name] ?? '');
  const general = text('TIMESTAMP_OUTPUT_FORMAT');
  return {
    ntz: toCharFormat(text('TIMESTAMP_NTZ_OUTPUT_FORMAT') || general),
    tz: toCharFormat(text('TIMESTAMP_TZ_OUTPUT_FORMAT') || general),
    date: toCharFormat(text('DATE_OUTPUT_FORMAT')),
    time: toCharFormat(text('TIME_OUTPUT_FORMAT')),
  };
}

/**
 * `<catalog>.sf_varchar(value, ntz, tz, date, time)`: CAST(value AS VARCHAR) as Snowflake prints
 * it. Timestamps, dates and times follow the statement's output formats (a TIMESTAMP_TZ in the
 * statement's TIMEZONE, the session time zone PostgreSQL renders timestamptz in); everything else
 * is PostgreSQL's text, which for numbers and booleans is Snowflake's.
 */
export function varcharFunctions(catalog: string): string[] {
  const fn = (type: string, body: string) =>
    `CREATE FUNCTION ${catalog}.sf_varchar(v ${type}, ntz text, tz text, d text, t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT ${body} $$`;
  return [
    fn('timestamp', 'to_char(v, ntz)'),
    fn('timestamptz', 'to_char(v, tz)'),
    fn('date', 'to_char(v, d)'),
    fn('time', "to_char('2000-01-01'::date + v, t)"),
    fn('text', 'v'),
    fn('anyelement', 'v::text'),
  ];
}

/** Where each character of `sql` is code (not inside a string literal, quoted identifier or comment). */
function codeMask(sql: string): boolean[] {
  const mask = new Array<boolean>(sql.length).fill(true);
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    let end: number | undefined;
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === c && sql[j + 1] !== c)) j += sql[j] === c ? 2 : 1;
      end = j + 1;
    } else if (sql.startsWith('--', i)) {
      const nl = sql.indexOf('\n', i);
      end = nl === -1 ? sql.length : nl;
    } else if (sql.startsWith('/*', i)) {
      const close = sql.indexOf('*/', i + 2);
      end = close === -1 ? sql.length : close + 2;
    }
    if (end === undefined) {
      i++;
      continue;
    }
    for (let k = i; k < end && k < sql.length; k++) mask[k] = false;
    i = end;
  }
  return mask;
}

const AS_VARCHAR = /\s+AS\s+(?:VARCHAR|STRING|TEXT)(?:\s*\(\s*\d+\s*\))?\s*$/i;

/** Rewrites every CAST(x AS VARCHAR) of `sql` (PostgreSQL text) into sf_varchar with the statement's formats. */
export function rewriteVarcharCasts(sql: string, catalog: string, formats: OutputFormats): string {
  const mask = codeMask(sql);
  const cast = /\bCAST\s*\(/gi;
  for (let m = cast.exec(sql); m; m = cast.exec(sql)) {
    if (!mask[m.index]) continue;
    const open = m.index + m[0].length - 1;
    let depth = 0;
    let close = -1;
    for (let i = open; i < sql.length; i++) {
      if (!mask[i]) continue;
      if (sql[i] === '(') depth++;
      else if (sql[i] === ')' && --depth === 0) {
        close = i;
        break;
      }
    }
    if (close === -1) return sql;
    const inner = sql.slice(open + 1, close);
    const rest = rewriteVarcharCasts(sql.slice(close + 1), catalog, formats);
    const head = sql.slice(0, m.index);
    const target = AS_VARCHAR.exec(inner);
    if (!target) return `${head}${m[0]}${rewriteVarcharCasts(inner, catalog, formats)})${rest}`;
    const value = rewriteVarcharCasts(inner.slice(0, target.index), catalog, formats);
    const literal = (f: string) => `'${f.replaceAll("'", "''")}'`;
    return `${head}${catalog}.sf_varchar(${value}, ${literal(formats.ntz)}, ${literal(formats.tz)}, ${literal(formats.date)}, ${literal(formats.time)})${rest}`;
  }
  return sql;
}
