import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import postgresAdapter from '@baselinr/adapter-postgres';
import sqliteAdapter from '@baselinr/adapter-sqlite';
import { ProfileEngine, type ColumnProfile, type RunResult, type TableOutcome } from '@baselinr/core';
import { FakeBigQuery } from './test-support/fake-bigquery/server.js';
import { bigqueryEngine, bigquerySource, engineConfig, tempDir } from './test-support/harness.js';
import { PG, adminClient, createTestDataset, type TestDataset } from './test-support/pg.js';
import { BIG, SAMPLE_COLUMNS, sampleRows } from './test-support/sample-rows.js';

const ROWS: Readonly<Record<string, number>> = { sample: 300, empty_sample: 0 };
const TABLES = Object.keys(ROWS);
/** Means and standard deviations are doubles summed in a different order by each path. */
const APPROXIMATE = new Set(['mean', 'stddev', 'avg_length']);

let admin: pg.Client;
let fake: FakeBigQuery;
let dataset: TestDataset;
let store: ReturnType<typeof tempDir>;
let viaPostgres: RunResult;
let viaBigQuery: RunResult;

beforeAll(async () => {
  admin = await adminClient();
  dataset = await createTestDataset(admin, 'bq_metrics');
  store = tempDir();
  const columns = Object.entries(SAMPLE_COLUMNS)
    .map(([name, type]) => `${name} ${type}`)
    .join(', ');
  for (const table of TABLES) await admin.query(`CREATE TABLE ${dataset.q}.${table} (${columns})`);
  await admin.query(`INSERT INTO ${dataset.q}.sample SELECT * FROM json_populate_recordset(NULL::${dataset.q}.sample, $1)`, [JSON.stringify(sampleRows(ROWS.sample!, 20240611))]);
  fake = await FakeBigQuery.start({ pg: PG });

  const profiling = { tables: [{ schema: dataset.name, select_schema: true }] };
  const postgresConfig = engineConfig(
    { source: { type: 'postgres', host: PG.host, port: PG.port, database: PG.database, username: PG.user, schema: dataset.name, extra_params: {} }, profiling },
    store.path,
  );
  viaPostgres = await new ProfileEngine(postgresConfig, { adapters: { postgres: postgresAdapter, sqlite: sqliteAdapter } }).profile();
  viaBigQuery = await bigqueryEngine(engineConfig({ source: bigquerySource(fake, dataset.name), profiling }, store.path)).profile();
});

afterAll(async () => {
  await fake?.close();
  await dataset?.drop();
  await admin?.end();
  store?.remove();
});

const byTable = (result: RunResult, table: string): TableOutcome => result.tables.find((t) => t.table === table)!;
const byColumn = (outcome: TableOutcome): Map<string, ColumnProfile> => new Map(outcome.columns.map((c) => [c.column, c]));

describe('the same rows profiled through PostgreSQL directly and through the BigQuery SDK', () => {
  it('profiles every table on both paths', () => {
    for (const result of [viaPostgres, viaBigQuery]) {
      expect(result.tables.map((t) => [t.table, t.status, t.error?.message]).sort()).toEqual(TABLES.map((t) => [t, 'succeeded', undefined]).sort());
    }
  });

  it.each(TABLES)('gives %s the same row count, column kinds and every metric', (table) => {
    const expected = byTable(viaPostgres, table);
    const actual = byTable(viaBigQuery, table);
    expect(expected.rowCount).toBe(ROWS[table]);
    expect(actual.rowCount).toBe(expected.rowCount);
    const reference = byColumn(expected);
    const got = byColumn(actual);
    expect([...got.keys()]).toEqual([...reference.keys()]);
    for (const [name, column] of reference) {
      const other = got.get(name)!;
      expect({ column: name, kind: other.kind, metrics: Object.keys(other.metrics) }).toEqual({ column: name, kind: column.kind, metrics: Object.keys(column.metrics) });
      for (const [metric, value] of Object.entries(column.metrics)) {
        const mine = other.metrics[metric as keyof typeof other.metrics];
        if (APPROXIMATE.has(metric) && typeof value === 'number') {
          expect(mine, `${name}.${metric}`).toBeCloseTo(value, 6);
        } else {
          expect(mine, `${name}.${metric}`).toEqual(value);
        }
      }
    }
  });

  it('keeps integers beyond 2^53, decimals and microsecond timestamps exact', () => {
    const columns = byColumn(byTable(viaBigQuery, 'sample'));
    expect(columns.get('big')!.metrics.max).toBe(BIG);
    expect(columns.get('big')!.metrics.min).toBe(`-${BIG}`);
    expect(columns.get('dec')!.metrics.max).toBe('12345678901234.567891');
    expect(String(columns.get('ts')!.metrics.min)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+\+00$/);
    // count is the rows (Baselinr's meaning), every one of them null here.
    expect(columns.get('all_null')!.metrics).toMatchObject({ count: ROWS.sample, null_count: ROWS.sample, null_ratio: 1, min: null, max: null });
  });

  it("reports each statement's job id and bytes processed as the server recorded them", () => {
    const statements = viaBigQuery.tables.flatMap((t) => t.statements);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      const job = fake.jobs.get(statement.queryId!);
      expect(job?.spec.query).toBe(statement.sql);
      expect(statement.bytesProcessed).toBe(job!.bytesProcessed);
    }
    expect(statements.some((s) => (s.bytesProcessed ?? 0) > 0)).toBe(true);
  });
});
