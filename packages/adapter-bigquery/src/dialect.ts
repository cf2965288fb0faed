import { backslashStringLiteral, createDialect, samplePercent, type Dialect } from '@baselinr/core';

/**
 * GoogleSQL quoted identifier: inside backticks, a backtick or a backslash is escaped with a
 * backslash (doubling the backtick, as MySQL does, would end the identifier instead).
 */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/[\\`]/g, (ch) => `\\${ch}`)}\``;
}

/**
 * GoogleSQL: backtick-quoted `project`.`dataset`.`table` (a schema is a dataset), the native
 * APPROX_COUNT_DISTINCT, CAST(x AS STRING) for exact text (INT64, NUMERIC and timestamps print
 * exactly), and a per-statement cap on select-list expressions so a wide table is split into
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
    stringLiteral: backslashStringLiteral,
    // BigQuery samples storage blocks (SYSTEM only) and takes no seed.
    sampleRows: (fraction) => ({ tableClause: `TABLESAMPLE SYSTEM (${samplePercent(fraction)} PERCENT)`, repeatable: false }),
  });
}
