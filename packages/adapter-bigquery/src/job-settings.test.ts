import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { EngineEvent } from '@baselinr/core';
import { FakeBigQuery } from './test-support/fake-bigquery/server.js';
import { bigqueryEngine, bigquerySource, engineConfig, tempDir } from './test-support/harness.js';
import { PG, adminClient, createTestDataset, type TestDataset } from './test-support/pg.js';

let admin: pg.Client;
let dataset: TestDataset;
let store: ReturnType<typeof tempDir>;
let fake: FakeBigQuery;
/** Answers at once, so every job is polled, and finds a job outside the US only by its location. */
let polling: FakeBigQuery;
/** Holds every job in its queue for a while before running it. */
let queueing: FakeBigQuery;

beforeAll(async () => {
  admin = await adminClient();
  dataset = await createTestDataset(admin, 'bq_cost');
  store = tempDir();
  await admin.query(`CREATE TABLE ${dataset.q}.small AS SELECT 1 AS id`);
  await admin.query(`CREATE TABLE ${dataset.q}.big AS SELECT g AS id, md5(g::text) AS s FROM generate_series(1, 3000) g`);
  // Bill exactly the bytes read (no 10 MiB minimum), so a small guard can split the two tables.
  fake = await FakeBigQuery.start({ pg: PG, minimumBytesBilled: 0 });
  // The dataset lives where the jobs are sent: a job sees only the datasets of its location.
  polling = await FakeBigQuery.start({ pg: PG, maxWaitMs: 0, datasetLocations: { [dataset.name]: 'asia-northeast1' } });
  queueing = await FakeBigQuery.start({ pg: PG, queueDelayMs: 100 });
});

afterAll(async () => {
  await fake?.close();
  await polling?.close();
  await queueing?.close();
  await dataset?.drop();
  await admin?.end();
  store?.remove();
});

async function tableBytes(table: string): Promise<number> {
  const { rows } = await admin.query(`SELECT pg_table_size($1::regclass)::bigint AS size`, [`${dataset.q}.${table}`]);
  return Number(rows[0].size);
}

async function run(server: FakeBigQuery, extra: Record<string, unknown>, execution: Record<string, unknown> = {}) {
  const runId = `settings-${randomUUID()}`;
  const config = engineConfig({ source: bigquerySource(server, dataset.name, extra), execution, profiling: { tables: [{ schema: dataset.name, table: 'small' }] } }, store.path);
  const result = await bigqueryEngine(config, { runId }).profile();
  return { result, jobs: server.jobs.all().filter((j) => j.spec.labels.baselinr_run_id === runId) };
}

describe('job settings', () => {
  it('runs every job in the configured location, and finds them there while polling', async () => {
    const polls = polling.requests.filter((r) => r.endpoint === 'jobs.getQueryResults').length;
    const { result, jobs } = await run(polling, { location: 'asia-northeast1' });
    expect(result.succeeded).toBe(1);
    expect(jobs.length).toBeGreaterThan(2);
    expect(new Set(jobs.map((j) => j.location))).toEqual(new Set(['asia-northeast1']));
    expect(polling.requests.filter((r) => r.endpoint === 'jobs.getQueryResults').length).toBeGreaterThan(polls);
  });

  it("reports the time each statement waited in BigQuery's queue, as the server recorded it", async () => {
    const { result, jobs } = await run(queueing, {});
    const statements = result.tables.flatMap((t) => t.statements);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      const job = jobs.find((j) => j.id === statement.queryId)!;
      expect(statement.queuedMs).toBe(job.startTime! - job.creationTime);
      expect(statement.queuedMs).toBeGreaterThan(0);
    }
  });

  it("gives every job the run's statement timeout as its job timeout", async () => {
    const { result, jobs } = await run(fake, {}, { statement_timeout_seconds: 42 });
    expect(result.succeeded).toBe(1);
    expect(new Set(jobs.map((j) => j.spec.jobTimeoutMs))).toEqual(new Set(['42000']));
  });

  it('sends maximum_bytes_billed with every job, failing a table that would bill more without retrying it', async () => {
    const [small, big] = [await tableBytes('small'), await tableBytes('big')];
    expect(big).toBeGreaterThan(small);
    const guard = big - 1;
    const runId = `cost-${randomUUID()}`;
    const config = engineConfig(
      // One table per job: the byte cap is judged per table here.
      { source: bigquerySource(fake, dataset.name, { maximum_bytes_billed: guard }), retry: { retries: 2, min_backoff: 0.01, max_backoff: 0.02 }, execution: { batch_size: 1 } },
      store.path,
    );
    const engine = bigqueryEngine(config, { runId });
    const retries: EngineEvent[] = [];
    engine.on('retry', (e) => retries.push(e));
    const result = await engine.profile();

    const outcome = (name: string) => result.tables.find((t) => t.table === name)!;
    expect(outcome('small').status).toBe('succeeded');
    expect(outcome('big')).toMatchObject({ status: 'failed', error: { kind: 'permission_denied' } });
    expect(outcome('big').error?.message).toContain('bytes billed');
    expect(retries).toEqual([]);
    const jobs = fake.jobs.all().filter((j) => j.spec.labels.baselinr_run_id === runId);
    expect(jobs.length).toBeGreaterThan(2);
    for (const job of jobs) expect(job.spec.maximumBytesBilled).toBe(String(guard));
    expect(jobs.filter((j) => j.error?.reason === 'bytesBilledLimitExceeded').map((j) => j.bytesBilled)).toEqual([big]);
  });
});
