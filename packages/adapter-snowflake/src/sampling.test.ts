import './test-support/sdk-env.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { RunResult, TableOutcome } from '@baselinr/core';
import { FakeSnowflake } from './test-support/fake-snowflake/server.js';
import { USER, adminClient, createTestSchema, engine, engineConfig, sourceConnection, tempDir } from './test-support/harness.js';

let admin: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let fake: FakeSnowflake;
let store: ReturnType<typeof tempDir>;
const runs: RunResult[] = [];

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'bl_sf_sampling');
  store = tempDir();
  await admin.query(`CREATE TABLE ${schema.q}."BIG" AS SELECT g AS "ID" FROM generate_series(1, 10000) g`);
  await admin.query(`CREATE TABLE ${schema.q}."EVENTS" AS SELECT g AS "AMOUNT", DATE '2024-01-01' + (g > 100)::int + (g > 150)::int AS "DAY" FROM generate_series(1, 170) g`);
  // Three regions of 1,000, 100 and 1 rows.
  await admin.query(
    `CREATE TABLE ${schema.q}."REGIONS" AS SELECT CASE WHEN g <= 1000 THEN 'big' WHEN g <= 1100 THEN 'mid' ELSE 'one' END AS "REGION" FROM generate_series(1, 1101) g`,
  );
  fake = await FakeSnowflake.start({ users: [USER], longPollMs: 200 });
  const config = engineConfig(
    {
      source: sourceConnection(fake, schema.name),
      profiling: { tables: [{ schema: schema.name, select_schema: true }], metrics: ['count', 'min', 'max', 'distinct_count'] },
      datasets: {
        datasets: [
          { table: 'BIG', profiling: { sampling: { enabled: true, fraction: 0.1 } } },
          { table: 'EVENTS', profiling: { partition: { key: 'DAY', strategy: 'specific_values', values: ['2024-01-02'] } } },
          { table: 'REGIONS', profiling: { partition: { key: 'REGION' }, sampling: { enabled: true, method: 'stratified', fraction: 0.1, max_rows: 1000 } } },
        ],
      },
    },
    store.path,
  );
  for (let i = 0; i < 2; i++) runs.push(await engine(config).profile());
});

afterAll(async () => {
  await fake?.stop();
  await schema?.drop();
  await admin?.end();
  store?.remove();
});

const table = (run: RunResult, name: string): TableOutcome => run.tables.find((t) => t.table === name)!;

describe('sampling and partitions on Snowflake', () => {
  it('samples with SAMPLE BERNOULLI and a seed: about a tenth of the rows, the same rows each run', () => {
    const [first, second] = runs.map((run) => table(run, 'BIG'));
    expect(first!.statements[0]!.sql).toContain('SAMPLE BERNOULLI (10) SEED (1)');
    // Binomial(10,000, 0.1): 700 and 1,300 are ten standard deviations away.
    expect(first!.rowCount).toBeGreaterThan(700);
    expect(first!.rowCount).toBeLessThan(1300);
    expect(second!.rowCount).toBe(first!.rowCount);
  });

  it('draws a stratified sample: a tenth of each region, rounded up, so the one-row region is kept', () => {
    const regions = table(runs[0]!, 'REGIONS');
    expect(regions.statements[0]!.sql).toContain(`ROW_NUMBER() OVER (PARTITION BY "REGION" ORDER BY MD5(COALESCE(CAST("REGION" AS VARCHAR), '(null)')))`);
    // 100 + 10 + 1.
    expect(regions.rowCount).toBe(111);
    expect(regions.columns.find((c) => c.column === 'REGION')!.metrics.distinct_count).toBe(3);
    expect(regions.rowSelection?.sampling).toMatchObject({ method: 'stratified', key: 'REGION', repeatable: true });
  });

  it('profiles only the listed partition', () => {
    const events = table(runs[0]!, 'EVENTS');
    const amount = events.columns.find((c) => c.column === 'AMOUNT')!.metrics;
    expect([events.rowCount, String(amount.min), String(amount.max)]).toEqual([50, '101', '150']);
  });
});
