import { backslashStringLiteral, createDialect, samplePercent, type Dialect } from '@baselinr/core';

/**
 * GoogleSQL quoted identifier: inside backticks, a backtick or a backslash is escaped with a
 * backslash (doubling the backtick, as MySQL does, would end the identifier instead).
 */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/[\\`]/g, (ch) => `\\${ch}`)}\``;
}

/** 2^63: the first whole number past INT64's range (exactly representable as a double). */
const INT64_LIMIT = 2 ** 63;

/**
 * GoogleSQL types a literal of plain digits as INT64 and rejects one beyond its range ("Invalid
 * integer literal"), so a histogram edge of a FLOAT64 or NUMERIC column past +/-9.2e18 is written
 * in exponent form, which is a FLOAT64 literal (comparable with every numeric type).
 */
export function numberLiteral(value: number): string {
  if (Object.is(value, -0)) return '0';
  return Number.isInteger(value) && Math.abs(value) >= INT64_LIMIT ? value.toExponential() : String(value);
}

/**
 * GoogleSQL: backtick-quoted `project`.`dataset`.`table` (a schema is a dataset), the native
 * APPROX_COUNT_DISTINCT, CAST(x AS STRING) for exact text (INT64, NUMERIC and timestamps print
 * exactly), number literals GoogleSQL can type, and a per-statement cap on select-list expressions so a wide table is split into
 * several scans before the planner would call the query too complex.
 */
export function bigqueryDialect(project: string, maxExpressionsPerStatement: number): Dialect {
  return createDialect({
    identifierQuote: '`',
    quoteIdentifier,
    qualifyTable: (ref, quote) => [project, ref.schema, ref.table].map(quote).join('.'),
    maxExpressionsPerStatement,
    approxCountDistinct: (c) => `APPROX_COUNT_DISTINCT(${c})`,
    exactText: (e) => `CAST(${e} AS STRING)`,
    numberLiteral,
    stringLiteral: backslashStringLiteral,
    // BigQuery samples storage blocks (SYSTEM only) and takes no seed, so its sample is not
    // repeatable; it is kept because it bills only the blocks read, where a predicate on the row
    // hash would bill every column of the whole table in every statement.
    sampleRows: (fraction) => ({ tableClause: `TABLESAMPLE SYSTEM (${samplePercent(fraction)} PERCENT)`, repeatable: false }),
    // GoogleSQL's RAND takes no seed. TO_JSON_STRING writes any type, nulls and quoting included.
    rowHash: (columns, quote) => `TO_HEX(MD5(TO_JSON_STRING(STRUCT(${columns.map((c) => quote(c.name)).join(', ')}))))`,
  });
}
