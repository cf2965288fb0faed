import type { WarehouseAdapter } from '@baselinr/core';
import { redshiftLimits } from './limits.js';
import { RedshiftSession } from './session.js';

/**
 * Amazon Redshift (provisioned clusters and Serverless) over the Redshift Data API: HTTPS calls
 * signed with AWS credentials, no driver, no network path to the cluster; the SDK is loaded on
 * first connect. A config with `host` (Baselinr's own Redshift configs) connects over the
 * PostgreSQL wire protocol with pg instead.
 */
export const adapter: WarehouseAdapter = {
  type: 'redshift',
  limits: redshiftLimits,
  connect: (connection, options) => RedshiftSession.open(connection, options),
  secretOptions: ['access_key_id', 'secret_access_key', 'session_token', 'password'],
};

export default adapter;
export { RedshiftSession } from './session.js';
export { redshiftDialect } from './dialect.js';
export { redshiftColumnKind, type RedshiftColumnKind } from './column-kind.js';
export { failedStatementCause, redshiftErrorCause, toWarehouseError } from './errors.js';
export { REDSHIFT_LIMITS, REDSHIFT_WIRE_LIMITS, redshiftLimits } from './limits.js';
export { usesWireProtocol } from './wire-options.js';
export { parseRedshiftOptions, type RedshiftOptions } from './connection-options.js';
