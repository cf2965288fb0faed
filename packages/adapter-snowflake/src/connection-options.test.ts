import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, type ConnectionConfig } from '@baselinr/core';
import { snowflakeSettings } from './connection-options.js';

const PASSWORD = 'Sup3r-secret-pw';

function source(extra: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return { type: 'snowflake', account: 'myorg-acct', username: 'PROFILER', password: PASSWORD, database: 'ANALYTICS', ...extra, extra_params: extra.extra_params ?? {} };
}

function problem(connection: ConnectionConfig): string {
  try {
    snowflakeSettings(connection);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('snowflake connection options', () => {
  it('maps a password login to SDK options with exact numbers and the run id as query tag', () => {
    const settings = snowflakeSettings(source({ schema: 'sales', warehouse: 'WH', role: 'R' }));
    expect(settings.sdkOptions('run-1')).toMatchObject({
      account: 'myorg-acct',
      username: 'PROFILER',
      password: PASSWORD,
      authenticator: 'SNOWFLAKE',
      database: 'ANALYTICS',
      schema: 'sales',
      warehouse: 'WH',
      role: 'R',
      queryTag: 'run-1',
      fetchAsString: ['Number', 'Date', 'JSON'],
      representNullAsStringNull: false,
    });
    expect(settings.secrets).toEqual([PASSWORD]);
  });

  it('gives each session its own options object, since the SDK writes into it', () => {
    const settings = snowflakeSettings(source());
    expect(settings.sdkOptions('a')).not.toBe(settings.sdkOptions('a'));
  });

  it('folds the default schema like Snowflake: unquoted to upper case, quoted kept', () => {
    expect(snowflakeSettings(source({ schema: 'sales' })).defaultSchema).toBe('SALES');
    expect(snowflakeSettings(source({ schema: '"Sales"' })).defaultSchema).toBe('Sales');
    expect(snowflakeSettings(source()).defaultSchema).toBe('PUBLIC');
  });

  it('infers key-pair and OAuth logins from the credential given', () => {
    const key = '-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----';
    const jwt = snowflakeSettings(source({ password: undefined, extra_params: { private_key: key } })).sdkOptions('r');
    expect(jwt).toMatchObject({ authenticator: 'SNOWFLAKE_JWT', privateKey: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----' });
    const oauth = snowflakeSettings(source({ password: undefined, username: undefined, extra_params: { token: 'tok' } })).sdkOptions('r');
    expect(oauth).toMatchObject({ authenticator: 'OAUTH', token: 'tok' });
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's own ${VAR} syntax, named in the title
  it('accepts numbers written as text after ${VAR} interpolation, and a private-link access_url', () => {
    const settings = snowflakeSettings(
      source({ extra_params: { login_retries: '2', statement_queued_timeout_seconds: '60', access_url: 'https://acct.privatelink.snowflakecomputing.com/' } }),
    );
    expect(settings.sdkOptions('r')).toMatchObject({ sfRetryMaxLoginRetries: 2, accessUrl: 'https://acct.privatelink.snowflakecomputing.com' });
    expect(settings.statementQueuedTimeoutSeconds).toBe(60);
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's own ${VAR} syntax, named in the title
  it('takes an empty value from ${VAR:-} as unset, and ~ as the home directory', () => {
    const options = snowflakeSettings(source({ password: undefined, extra_params: { private_key_path: '/etc/hostname', private_key_passphrase: '', token: '' } })).sdkOptions('r');
    expect(options).toMatchObject({ authenticator: 'SNOWFLAKE_JWT', privateKeyPath: '/etc/hostname' });
    expect(options).not.toHaveProperty('privateKeyPass');
    expect(problem(source({ password: undefined, extra_params: { private_key_path: '~/no-such-key.p8' } }))).toContain(`cannot read ${join(homedir(), 'no-such-key.p8')}`);
  });

  it.each<[string, Partial<ConnectionConfig>, RegExp]>([
    ['a missing account', { account: undefined }, /^source\.account: required/],
    ['a malformed account', { account: 'https://x.snowflakecomputing.com' }, /^source\.account: expected an account identifier/],
    ['a missing database', { database: undefined }, /^source\.database: required/],
    ['a host', { host: 'x.snowflakecomputing.com' }, /^source\.host: .*extra_params\.access_url/],
    ['a credentials_path', { credentials_path: '/k.p8' }, /^source\.credentials_path: .*private_key_path/],
    ['an unknown extra_params key', { extra_params: { warehouse_size: 'XL' } }, /^source\.extra_params: unknown key `warehouse_size`; supported keys: authenticator, /],
    ['an unknown authenticator', { extra_params: { authenticator: 'externalbrowser' } }, /^source\.extra_params\.authenticator: /],
    ['an http(s)-less access_url', { extra_params: { access_url: 'ftp://x' } }, /^source\.extra_params\.access_url: /],
    ['a password login without password', { password: undefined }, /^source\.password: required/],
    ['a key together with a password', { extra_params: { private_key_path: '/etc/hostname' } }, /^source\.password: not used with snowflake_jwt/],
    ['both key forms', { password: undefined, extra_params: { private_key: 'x', private_key_path: '/etc/hostname' } }, /exactly one of private_key .* or private_key_path/],
    ['an unreadable key file', { password: undefined, extra_params: { private_key_path: '/nonexistent/k.p8' } }, /^source\.extra_params\.private_key_path: cannot read/],
    ['a key that is not PEM', { password: undefined, extra_params: { private_key: 'not a key' } }, /^source\.extra_params\.private_key: expected a PEM private key/],
    ['OAuth without token', { password: undefined, extra_params: { authenticator: 'OAUTH' } }, /^source\.extra_params\.token: required/],
  ])('refuses %s with the key and the fix', (_what, change, message) => {
    expect(problem(source(change))).toMatch(message);
  });

  it('never repeats a secret value in its messages', () => {
    const key = 'not a key but a secret 9f8e7d';
    expect(problem(source({ password: undefined, extra_params: { private_key: key } }))).not.toContain(key);
    expect(problem(source({ extra_params: { token: 'tok-secret-123' } }))).not.toContain('tok-secret-123');
    expect(problem(source({ extra_params: { private_key_passphrase: 12345 } }))).not.toContain('12345');
  });
});

describe('warehouse sizing from the config', () => {
  it('raises the worker ceiling for a larger warehouse', async () => {
    const { adapter } = await import('./index.js');
    const { resolveWorkers, validateConfig } = await import('@baselinr/core');
    const config = validateConfig({
      source: { type: 'snowflake', account: 'a', username: 'u', password: 'p', extra_params: { max_concurrency_level: 16, max_cluster_count: 2 } },
      execution: { max_workers: 64 },
    });
    const sized = resolveWorkers(adapter, config.source, config.execution);
    const standard = resolveWorkers(adapter, { ...config.source, extra_params: {} }, config.execution);
    expect(standard.clamps.map((c) => c.by)).toContain('adapter_ceiling');
    expect(sized.clamps.map((c) => c.by)).not.toContain('adapter_ceiling');
    expect(sized.workers).toBeGreaterThan(standard.workers);
    const small = resolveWorkers(adapter, { ...config.source, extra_params: { max_concurrency_level: 2 } }, config.execution);
    expect(small.clamps.find((c) => c.by === 'adapter_ceiling')?.reason).toContain('runs 2 statements per cluster');
  });
});
