import type { WarehouseAdapter } from '@baselinr/core';
import { REDSHIFT_LIMITS } from './limits.js';
import { RedshiftSession } from './session.js';

/**
 * Amazon Redshift (provisioned clusters and Serverless) over the Redshift Data API: HTTPS calls
 * signed with AWS credentials, no driver, no network path to the cluster. The SDK is loaded on
 * first connect.
 */
export const adapter: WarehouseAdapter = {
  type: 'redshift',
  limits: () => REDSHIFT_LIMITS,
  connect: (connection, options) => RedshiftSession.open(connection, options),
  secretOptions: ['access_key_id', 'secret_access_key', 'session_token'],
};

export default adapter;
export { RedshiftSession } from './session.js';
export { redshiftDialect } from './dialect.js';
export { redshiftColumnKind, type RedshiftColumnKind } from './column-kind.js';
export { failedStatementCause, redshiftErrorCause, toWarehouseError } from './errors.js';
export { REDSHIFT_LIMITS } from './limits.js';
export { parseRedshiftOptions, type RedshiftOptions } from './connection-options.js';
