import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import sqliteAdapter from '@baselinr/adapter-sqlite';
import { ProfileEngine, poolPolicy, validateConfig, type BaselinrConfig, type BaselinrConfigInput, type ConnectionConfig, type WarehouseAdapter } from '@baselinr/core';
import { adapter } from '../index.js';
import { SnowflakeSession } from '../session.js';
import { PG, type FakeSnowflake } from './fake-snowflake/server.js';

export const ACCOUNT = 'baselinr_test';
export const USER = { name: 'PROFILER', password: 'Pw-never-in-messages-7f3a' } as const;
/** The database name sessions log in with; the fake maps every database to PostgreSQL's `test`. */
export const DATABASE = 'TEST';

/** A `source` section pointing the adapter at the fake server through access_url. */
export function sourceConnection(fake: FakeSnowflake, schema: string, extra: Partial<ConnectionConfig> = {}): ConnectionConfig {
  const { extra_params: params = {}, ...rest } = extra;
  return {
    type: 'snowflake',
    account: ACCOUNT,
    username: USER.name,
    password: USER.password,
    database: DATABASE,
    schema,
    warehouse: 'PROFILING_WH',
    role: 'PROFILER_ROLE',
    ...rest,
    extra_params: { access_url: fake.url, login_retries: 0, ...params },
  };
}

/** A plain PostgreSQL client for setup and checks, outside the adapter and the fake server. */
export async function adminClient(): Promise<pg.Client> {
  const client = new pg.Client({ ...PG, application_name: 'baselinr-snowflake-test-admin' });
  await client.connect();
  return client;
}

export const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A schema only this test file uses, named in upper case as Snowflake stores unquoted names. */
export async function createTestSchema(admin: pg.Client, prefix: string): Promise<{ name: string; q: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomUUID().slice(0, 8)}`.toUpperCase();
  const q = quote(name);
  await admin.query(`CREATE SCHEMA ${q}`);
  return { name, q, drop: async () => void (await admin.query(`DROP SCHEMA IF EXISTS ${q} CASCADE`)) };
}

export function tempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'baselinr-sf-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function engineConfig(input: Omit<BaselinrConfigInput, 'source'> & { source: ConnectionConfig }, storeDir: string): BaselinrConfig {
  return validateConfig({ ...input, storage: input.storage ?? { connection: { type: 'sqlite', database: 'results', filepath: join(storeDir, 'r.db') } } });
}

export function engine(config: BaselinrConfig, options: { runId?: string; signal?: AbortSignal; snowflake?: WarehouseAdapter } = {}): ProfileEngine {
  const { snowflake = adapter, ...rest } = options;
  return new ProfileEngine(config, { adapters: { snowflake, sqlite: sqliteAdapter }, ...rest });
}

/** A session straight from the adapter, for catalog and execute checks without the engine. */
export function openSession(connection: ConnectionConfig, options: { runId?: string; workers?: number; statementSeconds?: number } = {}): Promise<SnowflakeSession> {
  return SnowflakeSession.open(connection, {
    policy: poolPolicy(adapter.limits(connection).pool, options.workers ?? 2),
    runId: options.runId ?? `test-${randomUUID()}`,
    ...(options.statementSeconds !== undefined ? { timeouts: { statementSeconds: options.statementSeconds } } : {}),
  });
}

/** Polls `check` until it returns a value, for at most `timeoutMs`. */
export async function until<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(25);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
