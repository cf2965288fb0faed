import type { WarehouseAdapter } from '@baselinr/core';
import { REDSHIFT_CONCURRENCY, redshiftPoolPolicy } from './limits.js';
import { RedshiftSession } from './session.js';

/**
 * Amazon Redshift (provisioned clusters and Serverless) over the Redshift Data API: HTTPS calls
 * signed with AWS credentials, no driver, no network path to the cluster. The SDK is loaded on
 * first connect.
 */
export const adapter: WarehouseAdapter = {
  type: 'redshift',
  concurrency: REDSHIFT_CONCURRENCY,
  poolPolicy: redshiftPoolPolicy,
  connect: (connection, options) => RedshiftSession.open(connection, options),
  secretOptions: ['access_key_id', 'secret_access_key', 'session_token'],
};

export default adapter;
export { RedshiftSession } from './session.js';
export { redshiftDialect } from './dialect.js';
export { redshiftColumnKind, type RedshiftColumnKind } from './column-kind.js';
export { classifyRedshiftError } from './errors.js';
export { parseRedshiftOptions, type RedshiftOptions } from './connection-options.js';
