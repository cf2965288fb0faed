import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { EngineEvent } from '@baselinr/core';
import { adapter, BIGQUERY_LIMITS } from './index.js';
import { FakeBigQuery, type FakeBigQueryOptions } from './test-support/fake-bigquery/server.js';
import { bigqueryEngine, bigquerySource, engineConfig, tempDir } from './test-support/harness.js';
import { PG, adminClient, createTestDataset, type TestDataset } from './test-support/pg.js';

const TABLES = 24;
const SERVER_LIMIT = 4;

let admin: pg.Client;
let dataset: TestDataset;
let store: ReturnType<typeof tempDir>;
let fake: FakeBigQuery | undefined;

beforeAll(async () => {
  admin = await adminClient();
  dataset = await createTestDataset(admin, 'bq_concurrency');
  store = tempDir();
  // Each scan of these views first waits in an InitPlan (once per statement), so statements stay
  // running on the server for a while without loading the CPU.
  for (let i = 0; i < TABLES; i++) {
    await admin.query(
      `CREATE VIEW ${dataset.q}.t_${String(i).padStart(2, '0')} AS
       SELECT g AS id, (g % 7)::float8 AS f FROM generate_series(1, 50) g WHERE g > (SELECT 0 FROM pg_sleep(0.1))`,
    );
  }
});

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

afterAll(async () => {
  await dataset?.drop();
  await admin?.end();
  store?.remove();
});

async function profile(workers: number, options: Omit<FakeBigQueryOptions, 'pg'> = {}, pattern = 't_*') {
  fake = await FakeBigQuery.start({ pg: PG, ...options });
  const config = engineConfig(
    {
      source: bigquerySource(fake, dataset.name),
      profiling: { tables: [{ schema: dataset.name, pattern }] },
      execution: { max_workers: workers },
      retry: { retries: 3, min_backoff: 0.05, max_backoff: 0.4 },
    },
    store.path,
  );
  const engine = bigqueryEngine(config, { runId: `conc-${randomUUID()}` });
  const events: EngineEvent[] = [];
  engine.on('concurrency_changed', (e) => events.push(e));
  engine.on('retry', (e) => events.push(e));
  const result = await engine.profile();
  return { result, events, fake };
}

describe('concurrency measured on the fake server', () => {
  it(`finishes every table with 15 workers against a limit of ${SERVER_LIMIT} concurrent queries, lowering its concurrency`, async () => {
    const { result, events, fake } = await profile(15, { concurrentQueryLimit: SERVER_LIMIT });
    expect(result.succeeded).toBe(TABLES);
    expect(result.failed).toBe(0);
    // The server really refused queries, and never ran more than its limit.
    expect(fake.jobs.rejected).toBeGreaterThan(0);
    expect(fake.jobs.maxRunning).toBeLessThanOrEqual(SERVER_LIMIT);
    // The refusals were rate limits: the run lowered its concurrency and retried.
    expect(result.concurrency.initial).toBe(15);
    expect(result.concurrency.minimum).toBeLessThanOrEqual(SERVER_LIMIT);
    expect(events.some((e) => e.type === 'concurrency_changed')).toBe(true);
    expect(events.some((e) => e.type === 'retry' && e.kind === 'rate_limited')).toBe(true);
  });

  it('runs at most 15 statements at once with 15 workers, and really in parallel', async () => {
    const { result, fake } = await profile(15);
    expect(result.succeeded).toBe(TABLES);
    expect(result.workers.workers).toBe(15);
    expect(result.workers.pool).toMatchObject({ size: 15, maxConcurrentStatements: 15 });
    expect(fake.jobs.maxRunning).toBeLessThanOrEqual(15);
    expect(fake.jobs.maxRunning).toBeGreaterThanOrEqual(2);
    expect(fake.jobs.rejected).toBe(0);
  });

  it('runs one statement at a time with one worker', async () => {
    const { result, fake } = await profile(1, {}, 't_0*');
    expect(result.succeeded).toBe(10);
    expect(fake.jobs.maxRunning).toBe(1);
  });

  const ceiling = BIGQUERY_LIMITS.ceiling!.workers;
  it(`clamps max_workers to the adapter's ceiling of ${ceiling}, saying why`, async () => {
    fake = await FakeBigQuery.start({ pg: PG });
    const config = engineConfig(
      { source: bigquerySource(fake, dataset.name), profiling: { tables: [{ schema: dataset.name, table: 't_00' }] }, execution: { max_workers: 64 } },
      store.path,
    );
    const plan = await bigqueryEngine(config).plan();
    expect(plan.workers.workers).toBe(ceiling);
    expect(plan.workers.clamps).toEqual([expect.objectContaining({ by: 'adapter_ceiling', from: 64, to: ceiling })]);
    expect(plan.workers.pool).toMatchObject({ size: ceiling, maxConcurrentStatements: ceiling });
    expect(adapter.limits(config.source).recommended).toEqual({ min: 10, max: 15 });
  });
});
