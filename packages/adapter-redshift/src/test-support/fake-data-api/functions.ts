const words = (...groups: string[]): ReadonlySet<string> => new Set(groups.flatMap((g) => g.trim().split(/\s+/)));

/**
 * The functions the fake accepts, from the Amazon Redshift Database Developer Guide's SQL
 * functions reference: aggregates, conversion, string, math, date, conditional and the system
 * functions the adapter and its tests call. A call to anything else fails as Redshift fails it
 * (`function ... does not exist`), so SQL of another engine (Snowflake's and BigQuery's
 * APPROX_COUNT_DISTINCT, Trino's APPROX_DISTINCT, BigQuery's SAFE_CAST, Snowflake's IFF) cannot
 * pass only because PostgreSQL runs it. Extend it from the reference when the adapter uses more.
 */
export const REDSHIFT_FUNCTIONS = words(
  // Aggregate (APPROXIMATE is a keyword before COUNT(DISTINCT ...) and PERCENTILE_DISC)
  'ANY_VALUE AVG BIT_AND BIT_OR BOOL_AND BOOL_OR COUNT LISTAGG MAX MEDIAN MIN PERCENTILE_CONT PERCENTILE_DISC STDDEV STDDEV_POP STDDEV_SAMP SUM',
  'VARIANCE VAR_POP VAR_SAMP HLL HLL_CARDINALITY HLL_CREATE_SKETCH HLL_COMBINE',
  // Conversion
  'CAST CONVERT TO_CHAR TO_DATE TO_NUMBER TO_TIMESTAMP',
  // String
  'CHAR_LENGTH CHARACTER_LENGTH LEN LENGTH OCTET_LENGTH LOWER UPPER TRIM BTRIM LTRIM RTRIM SUBSTRING SUBSTR LEFT RIGHT CONCAT REPLACE MD5 SHA2',
  'POSITION STRPOS SPLIT_PART REGEXP_COUNT REGEXP_INSTR REGEXP_REPLACE REGEXP_SUBSTR',
  // Math
  'ABS CEIL CEILING FLOOR ROUND TRUNC MOD SQRT POWER POW LN LOG EXP SIGN RANDOM',
  // Date and time
  'CURRENT_DATE GETDATE SYSDATE DATE_TRUNC DATEADD DATEDIFF DATE_PART EXTRACT CONVERT_TIMEZONE',
  // Conditional
  'COALESCE DECODE GREATEST LEAST NVL NVL2 NULLIF',
  // Window (stratified samples number each stratum's rows)
  'ROW_NUMBER',
  // System and leader-node
  'CURRENT_DATABASE CURRENT_SCHEMA CURRENT_USER CURRENT_SETTING SET_CONFIG PG_BACKEND_PID PG_CANCEL_BACKEND VERSION GENERATE_SERIES',
);

/** Words followed by `(` that are syntax or type names, not function calls. */
export const KEYWORDS_BEFORE_PARENTHESIS = words(
  'ALL AND ANY AS BY CASE DISTINCT ELSE EXISTS FROM GROUP ILIKE IN IS JOIN LIKE NOT ON OR OVER PARTITION SELECT THEN USING VALUES WHEN WHERE',
  'WITH WITHIN BIGINT CHAR CHARACTER DECIMAL DOUBLE FLOAT INTEGER NUMERIC PRECISION REAL SMALLINT TIMESTAMP VARCHAR',
);

/** Redshift's refusal of the first call in `code` it does not know, or undefined. */
export function unknownCall(code: string): string | undefined {
  for (const [, name] of code.matchAll(/(?<![\w$."])([A-Za-z_][\w$]*)\s*\(/g)) {
    const upper = name!.toUpperCase();
    if (!REDSHIFT_FUNCTIONS.has(upper) && !KEYWORDS_BEFORE_PARENTHESIS.has(upper)) return `function ${name!.toLowerCase()} does not exist`;
  }
  const approximate = /\bAPPROXIMATE\s+(\w+)/i.exec(code);
  if (approximate && !/^(COUNT|PERCENTILE_DISC)$/i.test(approximate[1]!)) return `syntax error at or near "${approximate[1]}"`;
  return undefined;
}
