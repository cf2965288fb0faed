import type { WarehouseAdapter } from '@baselinr/core';
import { BIGQUERY_LIMITS } from './limits.js';
import { BigQuerySession } from './session.js';

/**
 * BigQuery: a profiling source reached through the official SDK (loaded on first connect).
 * Every statement is one query job labelled with the run id; throttling (rate limits, a full
 * query queue) lowers the run's concurrency instead of failing tables.
 */
export const adapter: WarehouseAdapter = {
  type: 'bigquery',
  limits: () => BIGQUERY_LIMITS,
  connect: (connection, options) => BigQuerySession.open(connection, options),
  // `credentials` (an inline key) is also caught by core's secret-key pattern; declared anyway
  // so the redaction does not depend on that pattern.
  secretOptions: ['credentials', 'credentials_info'],
};

export default adapter;
export { BigQuerySession } from './session.js';
export { bigqueryDialect, quoteIdentifier } from './dialect.js';
export { bigqueryColumnKind, type BigQueryColumnKind } from './column-kind.js';
export { bigqueryErrorCause, toWarehouseError } from './errors.js';
export { parseSettings, DEFAULT_MAX_EXPRESSIONS, type BigQuerySettings, type Credentials } from './options.js';
export { runIdLabelValue, RUN_ID_LABEL } from './job-labels.js';
export { BIGQUERY_LIMITS } from './limits.js';
