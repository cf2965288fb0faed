import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { ColumnProfile, RunResult, TableOutcome } from '@baselinr/core';
import type { FakeDataApi } from './test-support/fake-data-api/server.js';
import { PG, adminClient, createTestSchema, engine, redshiftSource, runConfig, startFake, tempDir, testCredentials, type TestSchema } from './test-support/harness.js';
import { BIG, loadSample, sampleColumns, type SampleColumn } from './test-support/sample-table.js';

/**
 * The same rows profiled twice: directly by the PostgreSQL adapter, and by the Redshift adapter
 * through the real SDK, the fake Data API and the same PostgreSQL. Every metric must agree.
 */
const ROWS = 300;
/** Means computed over doubles here and over exact numerics by PostgreSQL differ in the last bits. */
const FLOATING = new Set(['mean', 'stddev', 'avg_length']);

const credentials = testCredentials();
let fake: FakeDataApi;
let admin: pg.Client;
let schema: TestSchema;
let store: ReturnType<typeof tempDir>;
let columns: SampleColumn[];
let viaPostgres: RunResult;
let viaRedshift: RunResult;

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'rs_metrics');
  store = tempDir();
  fake = await startFake(credentials);
  columns = sampleColumns(ROWS, 20240611);
  await loadSample(admin, `${schema.q}.main`, columns);
  await loadSample(admin, `${schema.q}.empty`, sampleColumns(0, 1));
  const profiling = { tables: [{ schema: schema.name, select_schema: true }] };
  const postgresSource = { type: 'postgres', host: PG.host, port: PG.port, database: PG.database, username: PG.user, schema: schema.name, extra_params: {} };
  viaPostgres = await engine(runConfig(postgresSource, { profiling }, store.path)).profile();
  viaRedshift = await engine(runConfig(redshiftSource(fake, credentials), { profiling, execution: { max_workers: 2 } }, store.path)).profile();
});

afterAll(async () => {
  await fake?.close();
  await schema?.drop();
  await admin?.end();
  store?.remove();
});

function table(result: RunResult, name: string): TableOutcome {
  const found = result.tables.find((t) => t.table === name);
  expect(found?.error, `${result.warehouse} ${name}`).toBeUndefined();
  expect(found?.status).toBe('succeeded');
  return found!;
}

function column(outcome: TableOutcome, name: string): ColumnProfile {
  const found = outcome.columns.find((c) => c.column === name);
  expect(found, `${outcome.table}.${name}`).toBeDefined();
  return found!;
}

function expectClose(actual: unknown, expected: unknown, label: string): void {
  if (expected === null) return void expect(actual, label).toBeNull();
  expect(typeof actual, label).toBe('number');
  const scale = Math.max(1, Math.abs(expected as number));
  expect(Math.abs((actual as number) - (expected as number)) / scale, label).toBeLessThan(1e-9);
}

describe.each(['main', 'empty'])('table %s: Redshift adapter against the PostgreSQL adapter', (name) => {
  it('has the same row count and columns of the same types and kinds', () => {
    const expected = table(viaPostgres, name);
    const actual = table(viaRedshift, name);
    expect(actual.rowCount).toBe(expected.rowCount);
    const shape = (t: TableOutcome) => t.columns.map((c) => ({ column: c.column, dataType: c.dataType, kind: c.kind, countsOnly: c.note !== undefined }));
    expect(shape(actual)).toEqual(shape(expected));
  });

  it('has every metric of every column equal', () => {
    const expected = table(viaPostgres, name);
    const actual = table(viaRedshift, name);
    for (const reference of expected.columns) {
      const metrics = column(actual, reference.column).metrics as Record<string, unknown>;
      expect(Object.keys(metrics).sort(), reference.column).toEqual(Object.keys(reference.metrics).sort());
      for (const [metric, value] of Object.entries(reference.metrics)) {
        const label = `${name}.${reference.column}.${metric}`;
        if (FLOATING.has(metric)) expectClose(metrics[metric], value, label);
        else expect(metrics[metric], label).toEqual(value);
      }
    }
  });
});

describe('values checked against the generated rows', () => {
  const present = (name: string) => columns.find((c) => c.name === name)!.values.filter((v) => v !== null);

  it('counts rows and nulls', () => {
    const main = table(viaRedshift, 'main');
    expect(main.rowCount).toBe(ROWS);
    expect(column(main, 'i_val').metrics.null_count).toBe(ROWS - present('i_val').length);
    expect(column(main, 'all_null').metrics).toMatchObject({ count: ROWS, null_count: ROWS, min: null, max: null, mean: null, histogram: null });
  });

  it('keeps 2^53 + 1 and wide decimals exact', () => {
    const main = table(viaRedshift, 'main');
    expect(present('big')).toContain(BIG);
    expect(column(main, 'big').metrics).toMatchObject({ max: BIG, min: `-${BIG}` });
    const largestDecimal = present('dec').reduce((a, b) => (Number(a) > Number(b) ? a : b));
    expect(column(main, 'dec').metrics.max).toBe(largestDecimal);
  });

  it('measures lengths in characters', () => {
    const lengths = present('s').map((s) => [...s].length);
    expect(column(table(viaRedshift, 'main'), 's').metrics).toMatchObject({ min_length: Math.min(...lengths), max_length: Math.max(...lengths) });
  });

  it('sent Redshift SQL: approximate distinct counts and double-precision means', () => {
    const sql = table(viaRedshift, 'main')
      .statements.map((s) => s.sql)
      .join('\n');
    expect(sql).toContain('APPROXIMATE COUNT(DISTINCT "s")');
    expect(sql).toContain('AVG(CAST("big" AS DOUBLE PRECISION))');
  });
});
