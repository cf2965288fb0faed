import { createDialect, hashSample } from '@baselinr/core';

/**
 * Redshift SQL. Exact values use the ANSI default `CAST(x AS VARCHAR)`: the Data API returns
 * BIGINT as a JSON number (`longValue`), which JavaScript cannot hold past 2^53, while VARCHAR
 * arrives as `stringValue`, so 9007199254740993 reaches the results unchanged. Lengths use the
 * default CHAR_LENGTH, Redshift's synonym of LEN: characters, not bytes.
 */
export const redshiftDialect = createDialect({
  identifierQuote: '"',
  // The Data API refuses SQL text over 100 KB. 200 expressions over identifiers of Redshift's
  // longest (127 bytes) keep a histogram statement, the widest per expression, near 70 KB.
  maxExpressionsPerStatement: 200,
  // HyperLogLog: within about 2% of the exact count, at a fraction of COUNT(DISTINCT)'s memory.
  approxCountDistinct: (c) => `APPROXIMATE COUNT(DISTINCT ${c})`,
  // AVG of INTEGER returns an INTEGER (truncated) and AVG of DECIMAL keeps the column's scale
  // and can overflow DECIMAL(38); a double neither truncates nor overflows.
  average: (c) => `AVG(CAST(${c} AS DOUBLE PRECISION))`,
  stddevSamp: (c) => `STDDEV_SAMP(CAST(${c} AS DOUBLE PRECISION))`,
  // No TABLESAMPLE in Redshift and RANDOM() takes no seed in a query: a predicate on the row hash (MD5).
  sampleRows: (fraction, _seed, rowHash) => hashSample(rowHash, fraction),
});
