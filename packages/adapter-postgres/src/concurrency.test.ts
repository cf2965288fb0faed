import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { RunResult } from '@baselinr/core';
import { applicationName } from './index.js';
import { adminClient, createTestSchema, engine, engineConfig, tempDir } from './test-support/pg.js';

const TABLES = 40;

let admin: pg.Client;
let sampler: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let store: ReturnType<typeof tempDir>;

beforeAll(async () => {
  admin = await adminClient();
  sampler = await adminClient('baselinr-test-sampler'); // its own connection, not counted as the run's
  schema = await createTestSchema(admin, 'bl_concurrency');
  store = tempDir();
  // Each scan of these views first waits in an InitPlan (evaluated once per statement), so every
  // profiling statement stays active on the server for a while without loading the CPU.
  for (let i = 0; i < TABLES; i++) {
    await admin.query(
      `CREATE VIEW ${schema.q}.t_${String(i).padStart(2, '0')} AS
       SELECT g AS id, (g % 97)::float8 AS f, md5(g::text) AS s
       FROM generate_series(1, 2000) g WHERE g > (SELECT 0 FROM pg_sleep(0.15))`,
    );
  }
});

afterAll(async () => {
  await schema?.drop();
  await sampler?.end();
  await admin?.end();
  store?.remove();
});

interface Sample {
  /** The run's connections. */
  readonly total: number;
  /**
   * Statements running on them, but for the session settings a connection runs as it opens
   * (connections opened ahead of the first tables run theirs beside the catalog queries; the pool's
   * size bounds those).
   */
  readonly active: number;
  readonly profiling: number;
}

/** Profiles while sampling pg_stat_activity for the run's connections every few milliseconds. */
async function profileWhileSampling(workers: number, tables: object[]): Promise<{ result: RunResult; samples: Sample[] }> {
  const runId = `conc-${randomUUID()}`;
  const samples: Sample[] = [];
  let done = false;
  const sampling = (async () => {
    while (!done) {
      const { rows } = await sampler.query(
        `SELECT count(*)::int AS total,
                count(*) FILTER (WHERE state = 'active' AND query NOT LIKE 'SELECT set_config(%')::int AS active,
                count(*) FILTER (WHERE state = 'active' AND query LIKE 'SELECT COUNT(*)%')::int AS profiling
         FROM pg_stat_activity WHERE application_name = $1`,
        [applicationName(runId)],
      );
      samples.push(rows[0] as Sample);
      await sleep(3);
    }
  })();
  try {
    // One table per statement: the sampler needs statements long and many enough to see them running.
    const config = engineConfig({ profiling: { tables } as never, execution: { max_workers: workers, batch_size: 1 } }, store.path);
    const result = await engine(config, { runId }).profile();
    return { result, samples };
  } finally {
    done = true;
    await sampling;
  }
}

const max = (samples: Sample[], key: keyof Sample) => Math.max(0, ...samples.map((s) => s[key]));

describe('concurrency measured on the server', () => {
  it('with 8 workers holds at most 10 connections and runs at most 8 statements at once', async () => {
    const { result, samples } = await profileWhileSampling(8, [{ schema: schema.name, select_schema: true }]);
    expect(result.succeeded).toBe(TABLES);
    expect(result.workers.workers).toBe(8);
    expect(result.workers.pool.size).toBe(10);
    expect(max(samples, 'total')).toBeLessThanOrEqual(10);
    expect(max(samples, 'active')).toBeLessThanOrEqual(8);
    // The sampler saw the run working in parallel, so the bounds above were really exercised.
    expect(samples.filter((s) => s.profiling > 0).length).toBeGreaterThan(5);
    expect(max(samples, 'profiling')).toBeGreaterThanOrEqual(2);
  });

  it('with 1 worker runs one statement at a time on at most 2 connections', async () => {
    const tables = Array.from({ length: 8 }, (_, i) => ({ schema: schema.name, table: `t_0${i}` }));
    const { result, samples } = await profileWhileSampling(1, tables);
    expect(result.succeeded).toBe(8);
    expect(max(samples, 'total')).toBeLessThanOrEqual(2);
    expect(max(samples, 'active')).toBeLessThanOrEqual(1);
    expect(samples.filter((s) => s.profiling > 0).length).toBeGreaterThan(5);
  });
});
