import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load.js';
import { ConfigError } from '../errors.js';
import { defaultPoolName } from './pool-name.js';
import { sharedPoolSettings } from './settings.js';

const source = { type: 'postgres', host: 'db.internal', port: 5432, database: 'analytics' };

function problems(coordination: unknown): readonly string[] {
  try {
    validateConfig({ source, coordination });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('coordination config', () => {
  it('is off without the section', () => {
    expect(sharedPoolSettings(validateConfig({ source }))).toBeUndefined();
  });

  it("defaults to one pool per warehouse, the results store's database, a 30s TTL and a heartbeat of a third of it", () => {
    const config = validateConfig({ source, storage: { connection: { type: 'postgres', host: 'results.internal', database: 'baselinr' } }, coordination: { slots: 8 } });
    expect(sharedPoolSettings(config)).toEqual({
      pool: 'postgres:db.internal:5432/analytics',
      slots: 8,
      leaseTtlMs: 30_000,
      heartbeatMs: 10_000,
      connection: config.storage.connection,
      section: 'storage.connection',
    });
  });

  it('takes a named pool, an explicit connection, TTL and heartbeat', () => {
    const connection = { type: 'mysql', host: 'coord.internal', database: 'locks' };
    const config = validateConfig({ source, coordination: { pool: 'warehouse', slots: 4, connection, lease_ttl_seconds: 12, heartbeat_seconds: 2 } });
    expect(sharedPoolSettings(config)).toMatchObject({ pool: 'warehouse', slots: 4, leaseTtlMs: 12_000, heartbeatMs: 2_000, section: 'coordination.connection' });
  });

  it('refuses slots outside 1-1000, a heartbeat not below the TTL, and a missing slot count, naming the key', () => {
    expect(problems({ slots: 0 })).toEqual(['coordination.slots: must be at least 1, got 0']);
    expect(problems({ slots: 1001 })).toEqual(['coordination.slots: must be at most 1000, got 1001']);
    expect(problems({ slots: 8, lease_ttl_seconds: 10, heartbeat_seconds: 10 })).toEqual([
      'coordination.heartbeat_seconds: must be less than lease_ttl_seconds, so leases are renewed before they expire',
    ]);
    expect(problems({})).toEqual(['coordination.slots: is required (expected number)']);
    expect(problems({ slots: 2, sloots: 3 })[0]).toMatch(/^coordination\.sloots: unknown key; did you mean `slots`\?/);
  });

  it('names default pools by type, host or account, port and database', () => {
    expect(defaultPoolName({ type: 'snowflake', account: 'acme-xy123', database: 'PROD', extra_params: {} })).toBe('snowflake:acme-xy123/PROD');
    expect(defaultPoolName({ type: 'sqlite', filepath: '/data/w.db', extra_params: {} })).toBe('sqlite:/data/w.db');
  });
});
