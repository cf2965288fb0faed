import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import sqliteAdapter from '@baselinr/adapter-sqlite';
import {
  ProfileEngine,
  SqlResultsStore,
  poolPolicy,
  validateConfig,
  type BaselinrConfig,
  type BaselinrConfigInput,
  type ConnectionConfig,
  type PoolPolicy,
  type SqlStoreTables,
} from '@baselinr/core';
import { adapter } from '../index.js';

/** The test server: PostgreSQL 15 with trust auth (override with PGHOST/PGPORT). */
export const PG = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: 'postgres',
  database: 'test',
};

export function sourceConnection(extra: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return { type: 'postgres', host: PG.host, port: PG.port, database: PG.database, username: PG.user, extra_params: {}, ...extra };
}

/** A plain client for setup, checks and sampling, outside the adapter under test. */
export async function adminClient(applicationName = 'baselinr-test-admin'): Promise<pg.Client> {
  const client = new pg.Client({ ...PG, application_name: applicationName });
  await client.connect();
  return client;
}

export function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A schema only this test file uses, so files run in parallel; `drop()` removes it and everything in it. */
export async function createTestSchema(admin: pg.Client, prefix: string): Promise<{ name: string; q: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomUUID().slice(0, 8)}`;
  const q = quote(name);
  await admin.query(`CREATE SCHEMA ${q}`);
  return { name, q, drop: async () => void (await admin.query(`DROP SCHEMA IF EXISTS ${q} CASCADE`)) };
}

/** A temporary directory for the SQLite results store. */
export function tempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'baselinr-pg-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function engineConfig(input: Omit<BaselinrConfigInput, 'source'> & { source?: Partial<ConnectionConfig> }, storeDir: string): BaselinrConfig {
  return validateConfig({
    ...input,
    source: sourceConnection(input.source),
    storage: input.storage ?? { connection: { type: 'sqlite', database: 'results', filepath: join(storeDir, 'r.db') } },
  });
}

export function engine(config: BaselinrConfig, options: { runId?: string; signal?: AbortSignal } = {}): ProfileEngine {
  return new ProfileEngine(config, { adapters: { postgres: adapter, sqlite: sqliteAdapter }, ...options });
}

/** The pool core would size for a run of `workers` workers on the test server. */
export function policy(workers: number): PoolPolicy {
  return poolPolicy(adapter.limits(sourceConnection()).pool, workers);
}

/** Core's results store on the adapter's SQL driver, its two connections named `baselinr <purpose>`. */
export async function openStore(connection: ConnectionConfig, tables: SqlStoreTables, purpose = 'store'): Promise<SqlResultsStore> {
  const driver = await adapter.openSqlDriver!(connection, { purpose, connections: 2, configPath: 'storage.connection' });
  return new SqlResultsStore(driver, tables);
}
