import { backslashStringLiteral, createDialect, samplePercent } from '@baselinr/core';

/**
 * Snowflake SQL. Core quotes every identifier with the exact spelling the catalog gave, so
 * unquoted (upper-case) and quoted (mixed-case) objects both resolve. APPROX_COUNT_DISTINCT is
 * HyperLogLog (about 1.6% error) and costs far less than COUNT(DISTINCT) on large tables.
 * LENGTH counts characters; CAST(... AS VARCHAR) prints NUMBER exactly and timestamps in the
 * output formats the session sets (see session-parameters.ts).
 */
export const snowflakeDialect = createDialect({
  identifierQuote: '"',
  approxCountDistinct: (c) => `APPROX_COUNT_DISTINCT(${c})`,
  charLength: (c) => `LENGTH(${c})`,
  stringLiteral: backslashStringLiteral,
  // Row-level (BERNOULLI) sampling with a seed draws the same rows each time from unchanged data.
  sampleRows: (fraction, seed) => ({ tableClause: `SAMPLE BERNOULLI (${samplePercent(fraction)}) SEED (${seed})`, repeatable: true }),
});
