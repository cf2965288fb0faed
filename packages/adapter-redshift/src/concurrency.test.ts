import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { concurrencyNote, type EngineEvent, type RunResult } from '@baselinr/core';
import { adapter } from './index.js';
import type { FakeDataApi } from './test-support/fake-data-api/server.js';
import { adminClient, createTestSchema, engine, redshiftSource, runConfig, startFake, tempDir, testCredentials, type TestSchema } from './test-support/harness.js';

const TABLES = 16;
const credentials = testCredentials();
let fake: FakeDataApi;
let admin: pg.Client;
let schema: TestSchema;
let store: ReturnType<typeof tempDir>;

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'rs_concurrency');
  store = tempDir();
  fake = await startFake(credentials, { poolSize: 14 });
  for (let i = 0; i < TABLES; i++) {
    await admin.query(`CREATE TABLE ${schema.q}.t_${String(i).padStart(2, '0')} AS SELECT g AS id, (g % 7)::float8 AS f FROM generate_series(1, 50) g`);
  }
});

afterAll(async () => {
  await fake?.close();
  await schema?.drop();
  await admin?.end();
  store?.remove();
});

beforeEach(() => {
  // Every statement holds its PostgreSQL backend a while, so overlapping statements overlap on the server.
  fake.configure({ runMs: 60, maxActiveStatements: undefined });
  fake.resetStats();
});

async function profile(workers: number): Promise<{ result: RunResult; changes: Extract<EngineEvent, { type: 'concurrency_changed' }>[] }> {
  const config = runConfig(
    redshiftSource(fake, credentials),
    { profiling: { tables: [{ schema: schema.name, select_schema: true }] }, execution: { max_workers: workers } },
    store.path,
  );
  const run = engine(config);
  const changes: Extract<EngineEvent, { type: 'concurrency_changed' }>[] = [];
  run.on('concurrency_changed', (event) => changes.push(event));
  return { result: await run.profile(), changes };
}

describe('statements in flight, counted by the Data API server', () => {
  it('with 8 workers never has more than 8 statements active, and does run several at once', async () => {
    const { result } = await profile(8);
    expect(result.succeeded).toBe(TABLES);
    expect(result.workers).toMatchObject({ workers: 8, pool: { size: 8, maxConcurrentStatements: 8 } });
    const { peakActive, peakRunning } = fake.stats();
    expect(peakActive).toBeLessThanOrEqual(8);
    expect(peakRunning).toBeGreaterThanOrEqual(2);
  });

  it('with 1 worker runs one statement at a time', async () => {
    const { result } = await profile(1);
    expect(result.succeeded).toBe(TABLES);
    expect(fake.stats().peakActive).toBe(1);
  });

  it('with the server refusing above 4 active statements and 10 workers, finishes every table at a reduced concurrency', async () => {
    fake.configure({ maxActiveStatements: 4 });
    const { result, changes } = await profile(10);
    expect(result.succeeded).toBe(TABLES);
    expect(result.failed).toBe(0);
    expect(fake.stats().refused).toBeGreaterThan(0);
    expect(fake.stats().peakActive).toBeLessThanOrEqual(4);
    expect(result.concurrency.initial).toBe(10);
    expect(result.concurrency.minimum).toBeLessThan(10);
    expect(changes[0]).toMatchObject({ from: 10, to: 5 });
    expect(concurrencyNote(result)).toMatch(/reduced from 10/);
  });
});

describe('limits', () => {
  it('recommends 8 to 12 workers and clamps a run to its ceiling, saying why', async () => {
    const config = runConfig(
      redshiftSource(fake, credentials),
      { profiling: { tables: [{ schema: schema.name, select_schema: true }] }, execution: { max_workers: 64 } },
      store.path,
    );
    const limits = adapter.limits(config.source);
    expect(limits.recommended).toEqual({ min: 8, max: 12 });
    const ceiling = limits.ceiling!.workers;
    const plan = await engine(config).plan();
    expect(plan.workers.workers).toBe(ceiling);
    expect(plan.workers.clamps).toEqual([expect.objectContaining({ by: 'adapter_ceiling', to: ceiling, reason: expect.stringMatching(/active-statement quota/) })]);
    expect(plan.workers.pool).toMatchObject({ size: ceiling, maxConcurrentStatements: ceiling });
  });
});
