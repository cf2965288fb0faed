import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { ConfigError, type ConnectionConfig } from '@baselinr/core';
import type { ConnectionOptions } from 'snowflake-sdk';
import { z } from 'zod';
import { resolveIdentifier } from './identifiers.js';

/** Numbers may arrive as text after `${VAR}` interpolation. */
const whole = (min: number, max: number) => z.preprocess((v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v), z.number().int().min(min).max(max));

/** `${VAR:-}` leaves an empty string: that means unset. */
const text = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const extraParamsSchema = z.strictObject({
  authenticator: text(z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.enum(['snowflake', 'snowflake_jwt', 'oauth']))),
  private_key: text(z.string()),
  private_key_path: text(z.string()),
  private_key_passphrase: text(z.string()),
  token: text(z.string()),
  access_url: text(z.url({ protocol: /^https?$/ })),
  login_retries: whole(0, 10).optional(),
  statement_queued_timeout_seconds: whole(1, 604_800).optional(),
  /** The warehouse's MAX_CONCURRENCY_LEVEL and max cluster count: they decide the worker ceiling. */
  max_concurrency_level: whole(1, 64).optional(),
  max_cluster_count: whole(1, 10).optional(),
});
type ExtraParams = z.infer<typeof extraParamsSchema>;
type Authenticator = 'snowflake' | 'snowflake_jwt' | 'oauth';

/** Connection keys of other warehouses; a Snowflake config that sets them has a mistake worth saying. */
const NOT_FOR_SNOWFLAKE: Partial<Record<keyof ConnectionConfig, string>> = {
  host: 'Snowflake is addressed by `account`; for a private link set extra_params.access_url',
  port: 'Snowflake is addressed by `account`; for a private link set extra_params.access_url',
  project: 'a BigQuery setting',
  credentials_path: 'for a key-pair file use extra_params.private_key_path',
  filepath: 'a SQLite setting',
};

/** Account locators (`xy12345.us-east-2.aws`) and organization accounts (`myorg-myaccount`). */
const ACCOUNT = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Everything a run needs to open Snowflake sessions, validated before anything connects. */
export interface SnowflakeSettings {
  readonly account: string;
  /** The schema an entry without `schema:` means, as Snowflake stores it. */
  readonly defaultSchema: string;
  /** The database whose INFORMATION_SCHEMA catalog queries read, as Snowflake stores its name. */
  readonly database: string;
  /** Values to keep out of every message the adapter produces. */
  readonly secrets: readonly string[];
  readonly statementQueuedTimeoutSeconds?: number;
  /** A fresh options object per session: the SDK writes into the one it is given. */
  sdkOptions(queryTag: string): ConnectionOptions;
}

/** Validates `source` for Snowflake; every problem is a ConfigError naming the key and the fix. */
export function snowflakeSettings(connection: ConnectionConfig, section = 'source'): SnowflakeSettings {
  for (const [key, why] of Object.entries(NOT_FOR_SNOWFLAKE)) {
    if (connection[key as keyof ConnectionConfig] !== undefined) throw new ConfigError(`${section}.${key}: not used by the Snowflake adapter (${why})`);
  }
  const account = required(connection.account, `${section}.account`, 'the account identifier, e.g. myorg-myaccount or xy12345.us-east-2.aws');
  if (!ACCOUNT.test(account))
    throw new ConfigError(`${section}.account: expected an account identifier such as myorg-myaccount or xy12345.us-east-2.aws, got ${JSON.stringify(account)}`);
  const database = required(connection.database, `${section}.database`, 'the database whose INFORMATION_SCHEMA lists the tables to profile');
  const extra = parseExtraParams(connection.extra_params, section);
  const authenticator = extra.authenticator ?? inferAuthenticator(extra);
  const credentials = credentialOptions(authenticator, connection, extra, section);
  const base: ConnectionOptions = {
    account,
    database,
    ...(connection.username !== undefined ? { username: connection.username } : {}),
    ...(connection.schema !== undefined ? { schema: connection.schema } : {}),
    ...(connection.warehouse !== undefined ? { warehouse: connection.warehouse } : {}),
    ...(connection.role !== undefined ? { role: connection.role } : {}),
    ...(extra.access_url !== undefined ? { accessUrl: extra.access_url.replace(/\/+$/, '') } : {}),
    ...(extra.login_retries !== undefined ? { sfRetryMaxLoginRetries: extra.login_retries } : {}),
    ...credentials,
    // Shown to account admins in LOGIN_HISTORY and QUERY_HISTORY as the client application.
    application: 'Baselinr',
    // NUMBER as its exact text (a double loses integers past 2^53) and timestamps formatted by the
    // session's output formats instead of passing through a millisecond JavaScript Date.
    fetchAsString: ['Number', 'Date', 'JSON'],
    // Without it, a NULL fetched as a string arrives as the text 'NULL' (the SDK's default).
    representNullAsStringNull: false,
  };
  const secrets = [connection.password, extra.token, extra.private_key, credentials.privateKey, extra.private_key_passphrase].filter((s): s is string => !!s);
  return {
    account,
    defaultSchema: resolveIdentifier(connection.schema ?? 'PUBLIC'),
    database: resolveIdentifier(database),
    secrets,
    ...(extra.statement_queued_timeout_seconds !== undefined ? { statementQueuedTimeoutSeconds: extra.statement_queued_timeout_seconds } : {}),
    sdkOptions: (queryTag) => ({ ...base, queryTag }),
  };
}

function required(value: string | undefined, path: string, what: string): string {
  if (value === undefined || value.trim() === '') throw new ConfigError(`${path}: required for snowflake (${what})`);
  return value.trim();
}

function parseExtraParams(raw: Record<string, unknown>, section: string): ExtraParams {
  const parsed = extraParamsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const supported = Object.keys(extraParamsSchema.shape).join(', ');
  const problems = parsed.error.issues.map((issue) =>
    issue.code === 'unrecognized_keys'
      ? `${section}.extra_params: unknown key ${issue.keys.map((k) => `\`${k}\``).join(', ')}; supported keys: ${supported}`
      : `${section}.extra_params.${issue.path.join('.')}: ${issue.message}`,
  );
  throw new ConfigError(problems.join('; '), problems);
}

/** Key material means key-pair auth, a token means OAuth; otherwise a password. */
function inferAuthenticator(extra: ExtraParams): Authenticator {
  if (extra.private_key !== undefined || extra.private_key_path !== undefined) return 'snowflake_jwt';
  if (extra.token !== undefined) return 'oauth';
  return 'snowflake';
}

type Credentials = Pick<ConnectionOptions, 'authenticator' | 'password' | 'privateKey' | 'privateKeyPath' | 'privateKeyPass' | 'token'>;

function credentialOptions(authenticator: Authenticator, connection: ConnectionConfig, extra: ExtraParams, section: string): Credentials {
  const refuse = (key: string, why: string) => {
    throw new ConfigError(`${section}.${key}: not used with ${authenticator} authentication (${why})`);
  };
  if (authenticator !== 'oauth') required(connection.username, `${section}.username`, 'the Snowflake user to log in as');
  if (authenticator === 'snowflake') {
    if (extra.private_key ?? extra.private_key_path) refuse('extra_params.private_key', 'set extra_params.authenticator: snowflake_jwt for key-pair login');
    if (extra.token) refuse('extra_params.token', 'set extra_params.authenticator: oauth for OAuth login');
    const password = required(connection.password, `${section}.password`, 'the password; or use key-pair login with extra_params.private_key_path');
    return { authenticator: 'SNOWFLAKE', password };
  }
  if (connection.password !== undefined && connection.password !== '') refuse('password', 'remove it, the key or token is the credential');
  if (authenticator === 'oauth') {
    const token = required(extra.token, `${section}.extra_params.token`, 'the OAuth access token');
    return { authenticator: 'OAUTH', token };
  }
  if ((extra.private_key === undefined) === (extra.private_key_path === undefined)) {
    throw new ConfigError(`${section}.extra_params: key-pair login needs exactly one of private_key (PEM text) or private_key_path (a PEM file)`);
  }
  const passphrase = extra.private_key_passphrase !== undefined ? { privateKeyPass: extra.private_key_passphrase } : {};
  if (extra.private_key_path !== undefined) {
    const path = extra.private_key_path.replace(/^~(?=\/|$)/, homedir());
    try {
      accessSync(path, constants.R_OK);
    } catch {
      throw new ConfigError(`${section}.extra_params.private_key_path: cannot read ${path}`);
    }
    return { authenticator: 'SNOWFLAKE_JWT', privateKeyPath: path, ...passphrase };
  }
  // A key kept in an environment variable often arrives with its line breaks written as `\n`.
  const privateKey = extra.private_key!.includes('\n') ? extra.private_key! : extra.private_key!.replaceAll('\\n', '\n');
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKey)) {
    throw new ConfigError(`${section}.extra_params.private_key: expected a PEM private key (-----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY-----)`);
  }
  return { authenticator: 'SNOWFLAKE_JWT', privateKey, ...passphrase };
}
