import { describe, expect, it } from 'vitest';
import { ConfigError, type ConnectionConfig } from '@baselinr/core';
import { applicationName, poolConfig } from './pool-config.js';

const settings = { size: 10, applicationName: 'baselinr run', section: 'source' };
const connection = (extra: Partial<ConnectionConfig> = {}): ConnectionConfig => ({ type: 'postgres', extra_params: {}, ...extra });

function problems(extra: Record<string, unknown>): readonly string[] {
  try {
    poolConfig(connection({ extra_params: extra }), settings);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('accepted');
}

describe('application_name', () => {
  it('is baselinr plus the run id', () => {
    expect(applicationName('0b7c-run')).toBe('baselinr 0b7c-run');
  });

  it('fits PostgreSQL 63-byte limit and shows non-ASCII as the server would', () => {
    const name = applicationName(`ü${'x'.repeat(100)}`);
    expect(Buffer.byteLength(name)).toBe(63);
    expect(name.startsWith('baselinr ?xxx')).toBe(true);
  });
});

describe('pool config', () => {
  it('sizes the pool from the policy and names its connections', () => {
    const config = poolConfig(connection({ host: 'db', port: 6543, database: 'w', username: 'u', password: 'p' }), settings);
    expect(config).toMatchObject({ host: 'db', port: 6543, database: 'w', user: 'u', password: 'p', max: 10, application_name: 'baselinr run', keepAlive: true });
    expect(poolConfig(connection({ extra_params: { keepAlive: false } }), settings).keepAlive).toBe(false);
  });

  it('leaves empty credentials unset so PGPASSWORD and .pgpass still apply', () => {
    const config = poolConfig(connection({ username: '', password: '' }), settings);
    expect(config.user).toBeUndefined();
    expect(config.password).toBeUndefined();
  });

  it('maps libpq sslmode names and timeouts', () => {
    expect(poolConfig(connection({ extra_params: { sslmode: 'require' } }), settings).ssl).toEqual({ rejectUnauthorized: false });
    expect(poolConfig(connection({ extra_params: { sslmode: 'verify-full' } }), settings).ssl).toEqual({ rejectUnauthorized: true });
    expect(poolConfig(connection({ extra_params: { sslmode: 'disable' } }), settings).ssl).toBe(false);
    const timed = poolConfig(connection({ extra_params: { connect_timeout: '5', statement_timeout: 60000 } }), settings);
    expect(timed).toMatchObject({ connectionTimeoutMillis: 5000, statement_timeout: 60000 });
  });

  it('refuses unknown and Baselinr-owned options with their path', () => {
    expect(problems({ sslmod: 'require' })[0]).toMatch(/^source\.extra_params\.sslmod: unknown option/);
    expect(problems({ application_name: 'x', max: 50 })).toHaveLength(2);
    expect(problems({ sslmode: 'sometimes' })[0]).toMatch(/sslmode: expected disable, require/);
    expect(problems({ connect_timeout: 'soon' })[0]).toMatch(/connect_timeout: must be a non-negative number/);
  });
});
