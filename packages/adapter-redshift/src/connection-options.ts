import { ConfigError, type ConnectionConfig } from '@baselinr/core';
import { z } from 'zod';
import { NOT_REDSHIFT_KEYS } from './not-redshift-keys.js';

/** `${VAR:-}` leaves an empty string behind: it means "not set", as it does for the AWS CLI. */
const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(1).optional());

/** Numbers may arrive as strings after `${VAR}` interpolation. */
const milliseconds = (fallback: number) =>
  z.preprocess((v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v), z.number().int().min(1).max(60_000).default(fallback));

const extraParamsSchema = z.strictObject({
  cluster_identifier: optionalText,
  workgroup_name: optionalText,
  db_user: optionalText,
  secret_arn: optionalText,
  region: optionalText,
  endpoint: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.url({ protocol: /^https?$/, error: 'expected an http(s) URL, such as https://redshift-data.eu-west-1.amazonaws.com' }).optional(),
  ),
  access_key_id: optionalText,
  secret_access_key: optionalText,
  session_token: optionalText,
  poll_interval_ms: milliseconds(100),
  max_poll_interval_ms: milliseconds(1_000),
});

/** The Data API's `extra_params`: the wire protocol refuses them, saying which transport they belong to. */
export const DATA_API_KEYS = Object.keys(extraParamsSchema.shape);

/**
 * Top-level `source` keys the Data API has no use for, each with what to do instead. `host` is
 * not among them: it selects the PostgreSQL wire protocol (see wire-options.ts).
 */
const UNUSED_KEYS: Partial<Record<keyof ConnectionConfig, string>> = {
  port: 'it goes with source.host (the PostgreSQL wire protocol); the Data API is reached over HTTPS by extra_params.cluster_identifier or extra_params.workgroup_name',
  username:
    'set source.host as well to connect over the PostgreSQL wire protocol, or for the Data API set extra_params.db_user (provisioned clusters) or keep the user in the secret named by extra_params.secret_arn',
  password: 'set source.host as well to connect over the PostgreSQL wire protocol; the Data API takes no password: store it in AWS Secrets Manager and set extra_params.secret_arn',
  ...NOT_REDSHIFT_KEYS,
};

/** Where statements go: sent with every ExecuteStatement. */
export interface StatementTarget {
  readonly Database: string;
  readonly ClusterIdentifier?: string;
  readonly WorkgroupName?: string;
  readonly DbUser?: string;
  readonly SecretArn?: string;
}

export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface RedshiftOptions {
  readonly target: StatementTarget;
  readonly schema: string;
  readonly region?: string;
  readonly endpoint?: string;
  /** Absent: the SDK's default chain (environment, shared files, SSO, container and instance roles). */
  readonly credentials?: StaticCredentials;
  readonly polling: { readonly initialMs: number; readonly maxMs: number };
  /** Values that must never appear in a message this adapter builds. */
  readonly secrets: readonly string[];
}

/** Validates `source` for the Data API; every problem names its key and the fix (exit code 2). */
export function parseRedshiftOptions(connection: ConnectionConfig, section = 'source'): RedshiftOptions {
  const problems: string[] = [];
  for (const [key, fix] of Object.entries(UNUSED_KEYS)) {
    const value = connection[key as keyof ConnectionConfig];
    if (value !== undefined && value !== '') problems.push(`${section}.${key}: not used by the Redshift Data API adapter; ${fix}`);
  }
  const database = connection.database?.trim();
  if (!database) problems.push(`${section}.database: required, the Redshift database to profile (for example dev)`);

  const parsed = extraParamsSchema.safeParse(connection.extra_params ?? {});
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((issue) => describeIssue(issue, `${section}.extra_params`)));
    throw configError(problems);
  }
  const extra = parsed.data;
  problems.push(...combinationProblems(extra, `${section}.extra_params`));
  if (problems.length > 0 || !database) throw configError(problems);

  const target: StatementTarget = {
    Database: database,
    ...(extra.cluster_identifier ? { ClusterIdentifier: extra.cluster_identifier } : {}),
    ...(extra.workgroup_name ? { WorkgroupName: extra.workgroup_name } : {}),
    ...(extra.db_user ? { DbUser: extra.db_user } : {}),
    ...(extra.secret_arn ? { SecretArn: extra.secret_arn } : {}),
  };
  const credentials =
    extra.access_key_id && extra.secret_access_key
      ? { accessKeyId: extra.access_key_id, secretAccessKey: extra.secret_access_key, ...(extra.session_token ? { sessionToken: extra.session_token } : {}) }
      : undefined;
  return {
    target,
    schema: connection.schema?.trim() || 'public',
    ...(extra.region ? { region: extra.region } : {}),
    ...(extra.endpoint ? { endpoint: extra.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    polling: { initialMs: extra.poll_interval_ms, maxMs: Math.max(extra.poll_interval_ms, extra.max_poll_interval_ms) },
    secrets: [extra.access_key_id, extra.secret_access_key, extra.session_token].filter((s): s is string => s !== undefined),
  };
}

type ExtraParams = z.infer<typeof extraParamsSchema>;

/** The Data API's rules for which identifiers go together (see ExecuteStatement's request parameters). */
function combinationProblems(extra: ExtraParams, path: string): string[] {
  const problems: string[] = [];
  if (!extra.cluster_identifier && !extra.workgroup_name) {
    problems.push(`${path}: set cluster_identifier (a provisioned cluster) or workgroup_name (Redshift Serverless)`);
  }
  if (extra.cluster_identifier && extra.workgroup_name) {
    problems.push(`${path}: set only one of cluster_identifier and workgroup_name; a statement runs on one cluster or one workgroup`);
  }
  if (extra.db_user && extra.workgroup_name) {
    problems.push(`${path}.db_user: only for provisioned clusters; Serverless maps your IAM identity to a database user, or use secret_arn`);
  }
  if (extra.db_user && extra.secret_arn) {
    problems.push(`${path}: set only one of db_user (temporary credentials) and secret_arn (Secrets Manager)`);
  }
  if (Boolean(extra.access_key_id) !== Boolean(extra.secret_access_key)) {
    problems.push(`${path}: set access_key_id and secret_access_key together, or neither to use the AWS credential chain`);
  }
  if (extra.session_token && !extra.access_key_id) {
    problems.push(`${path}.session_token: only with access_key_id and secret_access_key (temporary static credentials)`);
  }
  return problems;
}

/** zod's issue as `path.key: what is wrong`, never quoting the value (it may be a secret). */
function describeIssue(issue: z.core.$ZodIssue, path: string): string {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${path}.${key}: unknown option; supported: ${DATA_API_KEYS.join(', ')}`).join('\n');
  }
  const where = [path, ...issue.path.map(String)].join('.');
  return `${where}: ${issue.message}`;
}

export function configError(problems: readonly string[]): ConfigError {
  const lines = problems.flatMap((p) => p.split('\n'));
  return new ConfigError(`invalid Redshift connection settings:\n  ${lines.join('\n  ')}`, lines);
}
