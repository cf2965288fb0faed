import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { RunResult, TableOutcome, WarehouseSession } from '@baselinr/core';
import { histogramTotals, metricsByColumn } from '@baselinr/adapter-testkit';
import type { FakeDataApi } from './test-support/fake-data-api/server.js';
import { adminClient, connect, createTestSchema, engine, redshiftSource, runConfig, startFake, tempDir, testCredentials } from './test-support/harness.js';

/**
 * Samples on Redshift through the Data API fake: Redshift has no TABLESAMPLE and no seeded
 * RANDOM(), so rows are drawn, and strata ordered, by the MD5 of each row's values.
 */
const credentials = testCredentials();
let admin: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let fake: FakeDataApi;
let store: ReturnType<typeof tempDir>;
const runs: RunResult[] = [];
const ROWS = 20_000;

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'bl_rs_sampling');
  for (const table of ['sampled', 'strata'])
    await admin.query(
      `CREATE TABLE ${schema.q}.${table} AS SELECT g AS id, CASE WHEN g % 7 = 0 THEN NULL ELSE ((g * 7919) % 10007) / 10.0 END::float8 AS amount,
         CASE WHEN g % 11 = 0 THEN NULL ELSE 'label ' || (g * 104729) % 500 END AS label, g % 3 = 0 AS flag,
         CASE WHEN g <= 12000 THEN 'north' WHEN g <= 18000 THEN 'south' WHEN g <= 19997 THEN 'east' ELSE 'west' END AS region
       FROM generate_series(1, ${ROWS}) g`,
    );
  store = tempDir();
  fake = await startFake(credentials);
  const config = runConfig(
    redshiftSource(fake, credentials),
    {
      profiling: { tables: [{ schema: schema.name, select_schema: true }], metrics: ['count', 'null_count', 'min', 'max', 'mean', 'histogram'] },
      datasets: {
        datasets: [
          { table: 'sampled', profiling: { sampling: { enabled: true, fraction: 0.1 } } },
          { table: 'strata', profiling: { partition: { key: 'region' }, sampling: { enabled: true, method: 'stratified', fraction: 0.1 } } },
        ],
      },
    },
    store.path,
  );
  for (let i = 0; i < 2; i++) runs.push(await engine(config).profile());
}, 120_000);

afterAll(async () => {
  await fake?.close();
  await schema?.drop();
  await admin?.end();
  store?.remove();
});

const table = (run: RunResult, name: string): TableOutcome => run.tables.find((t) => t.table === name)!;

describe('samples on Redshift repeat', () => {
  it('draws a tenth of the rows by the MD5 of their values', () => {
    const sampled = table(runs[0]!, 'sampled');
    expect(sampled.status, sampled.error?.message).toBe('succeeded');
    expect(sampled.statements[0]!.sql).toContain(`WHERE MD5(COALESCE(CAST("id" AS VARCHAR), '(null)') || '|' || `);
    expect(sampled.statements[0]!.sql).toContain(`COALESCE(CASE WHEN "flag" THEN '1' WHEN NOT "flag" THEN '0' END, '(null)')`);
    expect(sampled.rowSelection?.sampling).toMatchObject({ sql: `hash of every column < '1999999a'`, repeatable: true });
    expect(sampled.rowCount).toBeGreaterThan(0.08 * ROWS);
    expect(sampled.rowCount).toBeLessThan(0.12 * ROWS);
  });

  it('orders each stratum by the same hash and keeps a tenth of each, rounded up', () => {
    const strata = table(runs[0]!, 'strata');
    expect(strata.status, strata.error?.message).toBe('succeeded');
    expect(strata.statements[0]!.sql).toContain('ROW_NUMBER() OVER (PARTITION BY "region" ORDER BY MD5(');
    expect(strata.rowCount).toBe(1200 + 600 + 200 + 1);
  });

  it.each(['sampled', 'strata'])('%s: two runs give the same metrics, and the histograms count the rows the aggregates counted', (name) => {
    const [first, second] = runs.map((run) => table(run, name));
    expect(metricsByColumn(second!)).toEqual(metricsByColumn(first!));
    for (const t of histogramTotals(first!)) expect(t.binned, t.column).toBe(t.nonNull);
    expect(histogramTotals(first!).map((t) => t.column)).toEqual(['id', 'amount']);
  });
});

describe('the fake refuses the hash functions Redshift lacks', () => {
  let session: WarehouseSession;
  beforeAll(async () => {
    session = await connect(redshiftSource(fake, credentials));
  });
  afterAll(() => session?.close());

  it.each(["hashtext('a')", "digest('a', 'sha1')"])('%s', async (call) => {
    await expect(session.execute(`SELECT ${call}`)).rejects.toThrow(/does not exist/);
  });
});
