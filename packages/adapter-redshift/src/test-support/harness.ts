import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import postgresAdapter from '@baselinr/adapter-postgres';
import sqliteAdapter from '@baselinr/adapter-sqlite';
import { ProfileEngine, poolPolicy, validateConfig, type BaselinrConfig, type BaselinrConfigInput, type ConnectionConfig, type WarehouseSession } from '@baselinr/core';
import { adapter } from '../index.js';
import { FakeDataApi, type FakeDataApiOptions } from './fake-data-api/server.js';
import type { FakeCredentials } from './fake-data-api/sigv4.js';

/** The local PostgreSQL 15 the fake runs statements on (trust auth; PGHOST/PGPORT override). */
export const PG = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: 'postgres',
  database: 'test',
};

export const REGION = 'us-east-1';

/** Fresh static credentials per test file: values a leak check can search for. */
export function testCredentials(withSessionToken = false): FakeCredentials {
  return {
    accessKeyId: `AKIATEST${randomBytes(6).toString('hex').toUpperCase()}`,
    secretAccessKey: `secret-${randomBytes(16).toString('hex')}`,
    ...(withSessionToken ? { sessionToken: `token-${randomBytes(24).toString('hex')}` } : {}),
  };
}

export function startFake(credentials: FakeCredentials, options: Partial<FakeDataApiOptions> = {}): Promise<FakeDataApi> {
  return FakeDataApi.start({ pg: PG, credentials, ...options });
}

/** A `source` section pointing the adapter at the fake: static keys, fast polling. */
export function redshiftSource(fake: FakeDataApi, credentials: FakeCredentials, extra: Record<string, unknown> = {}): ConnectionConfig {
  return {
    type: 'redshift',
    database: fake.database,
    extra_params: {
      cluster_identifier: fake.clusterIdentifier,
      region: REGION,
      endpoint: fake.url,
      access_key_id: credentials.accessKeyId,
      secret_access_key: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { session_token: credentials.sessionToken } : {}),
      poll_interval_ms: 5,
      max_poll_interval_ms: 40,
      ...extra,
    },
  };
}

export function connect(source: ConnectionConfig, runId = `test-${randomUUID()}`, workers = 4): Promise<WarehouseSession> {
  return adapter.connect(source, { policy: poolPolicy(adapter.limits(source).pool, workers), runId });
}

/** A plain client for setup and checks, outside the adapter and the fake. */
export async function adminClient(): Promise<pg.Client> {
  const client = new pg.Client({ ...PG, application_name: 'baselinr-redshift-test-admin' });
  await client.connect();
  return client;
}

export function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export interface TestSchema {
  readonly name: string;
  /** The name quoted for SQL. */
  readonly q: string;
  drop(): Promise<void>;
}

/** A schema only this test file uses, so files run in parallel. */
export async function createTestSchema(admin: pg.Client, prefix: string): Promise<TestSchema> {
  const name = `${prefix}_${process.pid}_${randomUUID().slice(0, 8)}`;
  await admin.query(`CREATE SCHEMA ${quote(name)}`);
  return { name, q: quote(name), drop: async () => void (await admin.query(`DROP SCHEMA IF EXISTS ${quote(name)} CASCADE`)) };
}

/** A scratch directory for the SQLite results store. */
export function tempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'baselinr-redshift-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A validated config with the results in SQLite under `storeDir`; retries kept short for tests. */
export function runConfig(source: ConnectionConfig, input: Omit<BaselinrConfigInput, 'source'>, storeDir: string): BaselinrConfig {
  return validateConfig({
    retry: { min_backoff: 0.02, max_backoff: 0.2 },
    ...input,
    source,
    storage: { connection: { type: 'sqlite', database: 'results', filepath: join(storeDir, `${randomUUID()}.db`) } },
  });
}

export function engine(config: BaselinrConfig, options: { runId?: string; signal?: AbortSignal } = {}): ProfileEngine {
  return new ProfileEngine(config, { adapters: { redshift: adapter, postgres: postgresAdapter, sqlite: sqliteAdapter }, ...options });
}

/** Polls `check` every few milliseconds until it holds, at most `tries` times. */
export async function waitFor(check: () => boolean | Promise<boolean>, tries = 500, everyMs = 10): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return false;
}
