import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { ConfigError, type ConnectionConfig } from '@baselinr/core';
import type pg from 'pg';

/** PostgreSQL keeps the first NAMEDATALEN - 1 bytes of application_name and drops the rest. */
const APPLICATION_NAME_MAX_BYTES = 63;

/**
 * `baselinr <run id>` (or `baselinr store`, `baselinr leases host:pid`): what a DBA sees in pg_stat_activity. PostgreSQL turns anything but
 * printable ASCII into `?`, so we do it first: then the name we compute (and tests and docs
 * filter on) is exactly the name the server shows, and one character is one byte.
 */
export function applicationName(suffix: string): string {
  const printable = `baselinr ${suffix}`.replace(/[^\x20-\x7e]/g, '?');
  return printable.slice(0, APPLICATION_NAME_MAX_BYTES);
}

const DEFAULT_CONNECT_TIMEOUT_SECONDS = 30;

/** Keys accepted in `extra_params`: anything else is refused, so a typo is not silently ignored. */
const EXTRA_PARAMS = [
  'sslmode',
  'sslrootcert',
  'ssl',
  'connect_timeout',
  'statement_timeout',
  'lock_timeout',
  'idle_in_transaction_session_timeout',
  'query_timeout',
  'keepAlive',
  'options',
] as const;
export type ExtraParam = (typeof EXTRA_PARAMS)[number];

/** Keys Baselinr sets itself; a user value would break the run's identification or its pool sizing. */
const OWNED: Record<string, string> = {
  application_name: 'Baselinr sets application_name to `baselinr <run id>` so the run can be found in pg_stat_activity',
  max: 'the pool is sized from execution.max_workers (see the adapter docs)',
  min: 'the pool is sized from execution.max_workers (see the adapter docs)',
};

export interface PoolSettings {
  /** Connections the pool may hold: the policy's size, never more. */
  readonly size: number;
  readonly applicationName: string;
  /** `source`, `storage.connection` or `coordination.connection`, for error messages. */
  readonly section: string;
  /** The `extra_params` keys accepted (default: all of PostgreSQL's), and the engine named when one is refused. */
  readonly extraParams?: { readonly allowed: readonly ExtraParam[]; readonly engine: string };
}

/** Maps Baselinr's connection config onto a pg pool config. */
export function poolConfig(connection: ConnectionConfig, settings: PoolSettings): pg.PoolConfig {
  const extra = checkExtraParams(connection.extra_params ?? {}, settings.section, settings.extraParams ?? { allowed: EXTRA_PARAMS, engine: 'postgres' });
  const connectTimeout = numberParam(extra, 'connect_timeout', settings.section) ?? DEFAULT_CONNECT_TIMEOUT_SECONDS;
  const config: pg.PoolConfig = {
    // Empty strings come from `${PGPASSWORD:-}`-style defaults: leave them unset so pg falls back
    // to its own environment variables and ~/.pgpass, as psql would.
    host: nonEmpty(connection.host),
    port: connection.port,
    database: nonEmpty(connection.database),
    user: nonEmpty(connection.username),
    password: nonEmpty(connection.password),
    application_name: settings.applicationName,
    max: settings.size,
    // A timeout on connecting also bounds the wait for a free pooled connection, so a stuck
    // server fails the statement (and lets retries work) instead of hanging the run.
    connectionTimeoutMillis: connectTimeout * 1000,
    idleTimeoutMillis: 30_000,
    // A long aggregate sends nothing until it finishes; keep-alive stops NAT gateways and
    // firewalls from dropping the idle-looking socket mid-scan.
    keepAlive: true,
  };
  const ssl = sslConfig(extra, settings.section);
  if (ssl !== undefined) config.ssl = ssl;
  for (const key of ['statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout', 'query_timeout'] as const) {
    const value = numberParam(extra, key, settings.section);
    if (value !== undefined) config[key] = value;
  }
  if (extra.keepAlive !== undefined) config.keepAlive = extra.keepAlive === true || extra.keepAlive === 'true';
  if (extra.options !== undefined) config.options = String(extra.options);
  return config;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function checkExtraParams(
  extra: Record<string, unknown>,
  section: string,
  accepted: { readonly allowed: readonly ExtraParam[]; readonly engine: string },
): Partial<Record<ExtraParam, unknown>> {
  const problems: string[] = [];
  for (const key of Object.keys(extra)) {
    if (OWNED[key]) problems.push(`${section}.extra_params.${key}: not allowed: ${OWNED[key]}`);
    else if (!(accepted.allowed as readonly string[]).includes(key)) {
      problems.push(`${section}.extra_params.${key}: unknown option for ${accepted.engine}; expected one of ${accepted.allowed.join(', ')}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems.join('\n'), problems);
  return extra as Partial<Record<ExtraParam, unknown>>;
}

function numberParam(extra: Partial<Record<ExtraParam, unknown>>, key: ExtraParam, section: string): number | undefined {
  const raw = extra[key];
  if (raw === undefined) return undefined;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(`${section}.extra_params.${key}: must be a non-negative number, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** libpq's sslmode names, since that is what users copy from their other tools. */
function sslConfig(extra: Partial<Record<ExtraParam, unknown>>, section: string): boolean | ConnectionOptions | undefined {
  if (extra.ssl !== undefined && extra.sslmode !== undefined) {
    throw new ConfigError(`${section}.extra_params: give either ssl or sslmode, not both`);
  }
  if (extra.ssl !== undefined) {
    if (typeof extra.ssl === 'boolean' || (typeof extra.ssl === 'object' && extra.ssl !== null)) return extra.ssl as boolean | ConnectionOptions;
    if (extra.ssl === 'true' || extra.ssl === 'false') return extra.ssl === 'true';
    throw new ConfigError(`${section}.extra_params.ssl: must be true, false or an object of TLS options`);
  }
  const ca = extra.sslrootcert !== undefined ? readCertificate(String(extra.sslrootcert), section) : undefined;
  switch (extra.sslmode) {
    case undefined:
      return ca ? { ca, rejectUnauthorized: true } : undefined;
    case 'disable':
      return false;
    case 'require':
      // libpq's require encrypts without checking the certificate (unless a root cert is given).
      return ca ? { ca, rejectUnauthorized: true, checkServerIdentity: () => undefined } : { rejectUnauthorized: false };
    case 'verify-ca':
      return { ...(ca ? { ca } : {}), rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { ...(ca ? { ca } : {}), rejectUnauthorized: true };
    default:
      throw new ConfigError(`${section}.extra_params.sslmode: expected disable, require, verify-ca or verify-full, got ${JSON.stringify(extra.sslmode)}`);
  }
}

function readCertificate(path: string, section: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${section}.extra_params.sslrootcert: cannot read ${path} (${(err as Error).message})`);
  }
}
