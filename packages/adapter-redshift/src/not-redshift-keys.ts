import type { ConnectionConfig } from '@baselinr/core';

/** Top-level `source` keys of other warehouses, refused by both Redshift transports with what to use instead. */
export const NOT_REDSHIFT_KEYS: Partial<Record<keyof ConnectionConfig, string>> = {
  account: 'not a Redshift setting',
  warehouse: 'not a Redshift setting',
  role: 'not a Redshift setting; AWS roles come from the credential chain (AWS_PROFILE, instance or task roles)',
  project: 'not a Redshift setting',
  credentials_path: 'not a Redshift setting; use the AWS credential chain (AWS_PROFILE, AWS_SHARED_CREDENTIALS_FILE) or extra_params.access_key_id/secret_access_key',
  filepath: 'not a Redshift setting',
};
