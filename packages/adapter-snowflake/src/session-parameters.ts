/** Output formats with every fractional digit Snowflake stores, so min/max text is exact. */
const TIMESTAMP = 'YYYY-MM-DD HH24:MI:SS.FF9';
const TIMESTAMP_WITH_OFFSET = 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM';

export interface StatementLimits {
  /** STATEMENT_TIMEOUT_IN_SECONDS: the warehouse cancels a statement running longer. */
  readonly statementTimeoutSeconds?: number;
  /** STATEMENT_QUEUED_TIMEOUT_IN_SECONDS: the warehouse cancels a statement queued longer. */
  readonly queuedTimeoutSeconds?: number;
}

/**
 * Session parameters sent with every statement (query-request `parameters`), whatever the
 * account's or user's defaults. Minimum and maximum of temporal columns are stored as text, so the
 * time zone and output formats must not change between runs or the results would show drift in
 * data that did not change; Snowflake's default formats also cut fractions to milliseconds.
 * QUERY_TAG is added by the SDK from the connection's `queryTag`.
 */
export function statementParameters(limits: StatementLimits): () => Record<string, string | number> {
  const fixed: Record<string, string | number> = {
    TIMEZONE: 'UTC',
    TIMESTAMP_OUTPUT_FORMAT: TIMESTAMP_WITH_OFFSET,
    TIMESTAMP_NTZ_OUTPUT_FORMAT: TIMESTAMP,
    TIMESTAMP_LTZ_OUTPUT_FORMAT: TIMESTAMP_WITH_OFFSET,
    TIMESTAMP_TZ_OUTPUT_FORMAT: TIMESTAMP_WITH_OFFSET,
    DATE_OUTPUT_FORMAT: 'YYYY-MM-DD',
    TIME_OUTPUT_FORMAT: 'HH24:MI:SS.FF9',
    // The warehouse enforces the run's timeout too: a statement whose client died still stops.
    ...(limits.statementTimeoutSeconds !== undefined ? { STATEMENT_TIMEOUT_IN_SECONDS: Math.ceil(limits.statementTimeoutSeconds) } : {}),
    ...(limits.queuedTimeoutSeconds !== undefined ? { STATEMENT_QUEUED_TIMEOUT_IN_SECONDS: limits.queuedTimeoutSeconds } : {}),
  };
  // A new object per statement: the SDK writes QUERY_TAG into the one it is given.
  return () => ({ ...fixed });
}
