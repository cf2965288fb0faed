import './test-support/sdk-env.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { poolPolicy, queuedMs, resolveWorkers, validateConfig, type RunResult } from '@baselinr/core';
import { adapter, createSnowflakeAdapter } from './index.js';
import { FakeSnowflake } from './test-support/fake-snowflake/server.js';
import { USER, adminClient, createTestSchema, engine, engineConfig, sourceConnection, tempDir } from './test-support/harness.js';

const TABLES = 12;
const LEVEL = 4;

let admin: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let fake: FakeSnowflake;
let store: ReturnType<typeof tempDir>;
let result: RunResult;

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'bl_sf_concurrency');
  store = tempDir();
  // Each scan first waits in an InitPlan (once per statement), so statements stay running on the
  // warehouse for a while without loading the CPU.
  for (let i = 0; i < TABLES; i++) {
    await admin.query(
      `CREATE VIEW ${schema.q}."T_${String(i).padStart(2, '0')}" AS
       SELECT g AS "ID", (g % 7)::float8 AS "F" FROM generate_series(1, 200) g WHERE g > (SELECT 0 FROM pg_sleep(0.25))`,
    );
  }
  fake = await FakeSnowflake.start({ users: [USER], concurrencyLevel: LEVEL, longPollMs: 300 });
  const config = engineConfig({ source: sourceConnection(fake, schema.name), profiling: { tables: [{ select_schema: true }] }, execution: { max_workers: 20 } }, store.path);
  result = await engine(config).profile();
});

afterAll(async () => {
  await fake?.stop();
  await schema?.drop();
  await admin?.end();
  store?.remove();
});

describe('20 workers on a warehouse that runs 4 statements at once', () => {
  it('keeps all 20 workers: the warehouse queues instead of refusing', () => {
    expect(result.workers.workers).toBe(20);
    expect(result.workers.clamps).toEqual([]);
  });

  it('finishes every table', () => {
    expect(result.succeeded).toBe(TABLES);
    expect(result.failed).toBe(0);
    expect(result.concurrency.minimum).toBe(result.concurrency.initial);
  });

  it('never ran more than the concurrency level at once on the server, and did fill it', () => {
    expect(fake.warehouse.maxRunning).toBe(LEVEL);
  });

  it('queued statements on the server and reports the time they spent queued', () => {
    const queuedOnServer = fake.queries().filter((q) => q.queuedMs > 100);
    expect(queuedOnServer.length).toBeGreaterThan(0);
    expect(queuedMs(result)).toBeGreaterThan(0);
    const reported = result.tables.flatMap((t) => t.statements).filter((s) => (s.queuedMs ?? 0) > 0);
    expect(reported.length).toBeGreaterThan(0);
    // Each report names its statement: the server saw that very statement wait in the queue.
    const byId = new Map<string, { queuedMs: number }>(fake.queries().map((q) => [q.id, q]));
    for (const statement of reported) expect(byId.get(statement.queryId!)!.queuedMs).toBeGreaterThan(0);
  });

  it('logged in one session per worker at most, plus one for catalog queries', () => {
    expect(fake.logins.length).toBeLessThanOrEqual(result.workers.pool.size);
    expect(fake.openSessions).toBe(0);
  });
});

describe('limits', () => {
  const { source: connection } = validateConfig({ source: { type: 'snowflake' } });

  it('recommends 10-20 workers and caps at 20 for the default warehouse', () => {
    const limits = adapter.limits(connection);
    expect(limits).toMatchObject({ ceiling: { workers: 20 }, recommended: { min: 10, max: 20 } });
    // One session per worker and one for catalog queries; a sequential run keeps one beside its statement.
    expect(poolPolicy(limits.pool, 12)).toMatchObject({ size: 13, maxConcurrentStatements: 12 });
    expect(poolPolicy(limits.pool, 20)).toMatchObject({ size: 21, maxConcurrentStatements: 20 });
    expect(poolPolicy(limits.pool, 1)).toMatchObject({ size: 2, maxConcurrentStatements: 1 });
  });

  it('raises the ceiling with the warehouse concurrency level and clusters, and states why it clamps', () => {
    const large = createSnowflakeAdapter({ maxConcurrencyLevel: 8, maxClusterCount: 2 });
    expect(large.limits(connection).ceiling?.workers).toBe(40);
    const small = createSnowflakeAdapter({ maxConcurrencyLevel: 2 });
    const { source, execution } = validateConfig({ source: { type: 'snowflake' }, execution: { max_workers: 20 } });
    const plan = resolveWorkers(small, source, execution);
    expect(plan.workers).toBe(5);
    expect(plan.clamps[0]!.reason).toMatch(/MAX_CONCURRENCY_LEVEL/);
  });
});
