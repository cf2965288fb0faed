import { createDialect, samplePercent } from '@baselinr/core';

/**
 * DuckDB speaks ANSI SQL with double-quoted identifiers. Its APPROX_COUNT_DISTINCT is a
 * HyperLogLog sketch (off by several percent); LENGTH counts characters (code points), and the
 * cast lets ENUM columns be measured like text.
 */
export const duckdbDialect = createDialect({
  identifierQuote: '"',
  approxCountDistinct: (c) => `APPROX_COUNT_DISTINCT(${c})`,
  charLength: (c) => `LENGTH(CAST(${c} AS VARCHAR))`,
  // DuckDB reads `BERNOULLI (10)` as ten rows; the percent form takes the method and seed in brackets.
  sampleRows: (fraction, seed) => ({ tableClause: `TABLESAMPLE ${samplePercent(fraction)}% (bernoulli, ${seed})`, repeatable: true }),
});
