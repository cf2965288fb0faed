import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { RunResult, TableOutcome, WarehouseSession } from '@baselinr/core';
import { FakeBigQuery } from './test-support/fake-bigquery/server.js';
import { PARTITIONING_COMMENT, REQUIRE_FILTER_COMMENT } from './test-support/fake-bigquery/translate.js';
import { bigqueryEngine, bigquerySource, connect, engineConfig, tempDir } from './test-support/harness.js';
import { PG, adminClient, createTestDataset, type TestDataset } from './test-support/pg.js';

// Three daily partitions of 100, 50 and 20 rows; `amount` numbers the rows 1..170 in day order.
const DAYS: Array<[string, number]> = [
  ['2024-01-01', 100],
  ['2024-01-02', 50],
  ['2024-01-03', 20],
];

let admin: pg.Client;
let fake: FakeBigQuery;
let dataset: TestDataset;
let store: ReturnType<typeof tempDir>;
let session: WarehouseSession;
let run: RunResult;

/** A table partitioned by day on `event_date`, created with require_partition_filter unless `required` is false. */
async function partitionedTable(name: string, required = true): Promise<void> {
  await admin.query(`CREATE TABLE ${dataset.q}.${name} (amount integer, event_date date)`);
  let first = 1;
  for (const [day, rows] of DAYS) {
    await admin.query(`INSERT INTO ${dataset.q}.${name} SELECT g, $1::date FROM generate_series($2::int, $3::int) g`, [day, first, first + rows - 1]);
    first += rows;
  }
  await admin.query(`COMMENT ON COLUMN ${dataset.q}.${name}.event_date IS '${PARTITIONING_COMMENT}'`);
  if (required) await admin.query(`COMMENT ON TABLE ${dataset.q}.${name} IS '${REQUIRE_FILTER_COMMENT}'`);
}

beforeAll(async () => {
  admin = await adminClient();
  dataset = await createTestDataset(admin, 'bq_partitions');
  store = tempDir();
  await partitionedTable('events');
  await partitionedTable('events_chosen');
  await partitionedTable('events_free', false);
  fake = await FakeBigQuery.start({ pg: PG });
  session = await connect(bigquerySource(fake, dataset.name), `partitions-${randomUUID()}`);
  const config = engineConfig(
    {
      source: bigquerySource(fake, dataset.name),
      profiling: { tables: [{ schema: dataset.name, select_schema: true }], metrics: ['count', 'min', 'max'] },
      datasets: {
        datasets: [
          { table: 'events_chosen', profiling: { partition: { key: 'event_date', strategy: 'recent_n', recent_n: 2 } } },
          { table: 'events_free', profiling: { sampling: { enabled: true, fraction: 0.5 } } },
        ],
      },
    },
    store.path,
  );
  run = await bigqueryEngine(config).profile();
});

afterAll(async () => {
  await session?.close();
  await fake?.close();
  await dataset?.drop();
  await admin?.end();
  store?.remove();
});

const table = (name: string): TableOutcome => run.tables.find((t) => t.table === name)!;
const extremes = (outcome: TableOutcome) => {
  const metrics = outcome.columns.find((c) => c.column === 'amount')!.metrics;
  return [outcome.rowCount, String(metrics.min), String(metrics.max)];
};

describe('tables created with require_partition_filter', () => {
  it('are refused by the fake without a constant filter on the partition column, as by BigQuery', async () => {
    const path = `\`${fake.project}\`.\`${dataset.name}\`.\`events\``;
    await expect(session.execute(`SELECT COUNT(*) AS n FROM ${path}`)).rejects.toThrow(/without a filter over column\(s\) 'event_date'/);
    await expect(session.execute(`SELECT COUNT(*) AS n FROM ${path} WHERE event_date = (SELECT MAX(event_date) FROM ${path})`)).rejects.toThrow(/without a filter/);
    const filtered = await session.execute(`SELECT COUNT(*) AS n FROM ${path} WHERE event_date >= '2024-01-02'`);
    const rows = Array.isArray(filtered) ? filtered : filtered.rows;
    expect(Number(rows[0]!.n)).toBe(70);
  });

  it('are described with their partition column, the option, and their partitions newest first', async () => {
    const [events, free] = await session.describeTables([
      { schema: dataset.name, table: 'events' },
      { schema: dataset.name, table: 'events_free' },
    ]);
    expect(events!.partitioning).toEqual({ column: 'event_date', requireFilter: true, newestStarts: ['2024-01-03', '2024-01-02', '2024-01-01'] });
    expect(free!.partitioning).toEqual({ column: 'event_date', requireFilter: false });
  });

  it('are profiled over their latest partition when the config chooses none, and the output says so', () => {
    expect(table('events').status).toBe('succeeded');
    expect(extremes(table('events'))).toEqual([20, '151', '170']);
    expect(table('events').statements[0]!.sql).toContain("WHERE `event_date` >= '2024-01-03'");
    expect(table('events').rowSelection?.notes).toEqual([
      'the warehouse requires a filter on partition column event_date: profiled its latest partition (set datasets[].profiling.partition to choose others)',
    ]);
  });

  it("are profiled over the partitions a dataset's partition config chooses", () => {
    expect(extremes(table('events_chosen'))).toEqual([70, '101', '170']);
    expect(table('events_chosen').rowSelection?.notes).toEqual([]);
  });
});

describe('sampling on BigQuery', () => {
  it('uses TABLESAMPLE SYSTEM with a percent, and a table that requires no filter is not filtered', () => {
    expect(table('events_free').status).toBe('succeeded');
    expect(table('events_free').statements[0]!.sql).toContain('TABLESAMPLE SYSTEM (50 PERCENT)');
    expect(table('events_free').rowSelection?.partition).toBeUndefined();
  });
});
