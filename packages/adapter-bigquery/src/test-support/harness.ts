import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BigQuery, type BigQueryOptions } from '@google-cloud/bigquery';
import sqliteAdapter from '@baselinr/adapter-sqlite';
import { ProfileEngine, poolPolicy, validateConfig, type BaselinrConfig, type BaselinrConfigInput, type ConnectionConfig, type WarehouseSession } from '@baselinr/core';
import { adapter } from '../index.js';
import type { FakeBigQuery } from './fake-bigquery/server.js';

/** A `source` section pointing the adapter at the fake, authenticating with the fake's own credentials. */
export function bigquerySource(fake: FakeBigQuery, dataset: string, extra: Record<string, unknown> = {}): ConnectionConfig {
  return {
    type: 'bigquery',
    project: fake.project,
    schema: dataset,
    extra_params: { api_endpoint: fake.url, credentials: fake.credentials(), ...extra },
  };
}

/** The official SDK on its own (no adapter), authenticated against the fake, as a user's scripts would use it. */
export function sdkClient(fake: FakeBigQuery, options: BigQueryOptions = { apiEndpoint: fake.url }): BigQuery {
  return new BigQuery({ projectId: fake.project, credentials: fake.credentials() as BigQueryOptions['credentials'], retryOptions: { autoRetry: false }, ...options });
}

export function connect(source: ConnectionConfig, runId: string, workers = 4): Promise<WarehouseSession> {
  return adapter.connect(source, { policy: poolPolicy(adapter.limits(source).pool, workers), runId });
}

/** A temporary directory for the SQLite results store. */
export function tempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'baselinr-bq-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function engineConfig(input: Omit<BaselinrConfigInput, 'source'> & { source: ConnectionConfig }, storeDir: string): BaselinrConfig {
  return validateConfig({
    ...input,
    storage: input.storage ?? { connection: { type: 'sqlite', database: 'results', filepath: join(storeDir, 'r.db') } },
  });
}

export function bigqueryEngine(config: BaselinrConfig, options: { runId?: string; signal?: AbortSignal } = {}): ProfileEngine {
  return new ProfileEngine(config, { adapters: { bigquery: adapter, sqlite: sqliteAdapter }, ...options });
}

/** Polls `condition` every few milliseconds, at most `attempts` times; returns whether it came true. */
export async function eventually(condition: () => boolean | Promise<boolean>, attempts = 1000, intervalMs = 10): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await condition()) return true;
    await sleep(intervalMs);
  }
  return condition();
}
