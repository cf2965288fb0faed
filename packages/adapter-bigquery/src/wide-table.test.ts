import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { WarehouseError, type RunResult } from '@baselinr/core';
import { DEFAULT_MAX_EXPRESSIONS } from './options.js';
import { quoteIdentifier } from './dialect.js';
import type { FakeJob } from './test-support/fake-bigquery/fake-job.js';
import { FakeBigQuery } from './test-support/fake-bigquery/server.js';
import { bigqueryEngine, bigquerySource, connect, engineConfig, tempDir } from './test-support/harness.js';
import { PG, adminClient, createTestDataset, type TestDataset } from './test-support/pg.js';

const COLUMNS = 300;
const ROWS = 4;

let admin: pg.Client;
let dataset: TestDataset;
let store: ReturnType<typeof tempDir>;
let fake: FakeBigQuery;
let result: RunResult;
let aggregates: FakeJob[];

beforeAll(async () => {
  admin = await adminClient();
  dataset = await createTestDataset(admin, 'bq_wide');
  store = tempDir();
  const names = Array.from({ length: COLUMNS }, (_, i) => `c${String(i).padStart(3, '0')}`);
  await admin.query(`CREATE TABLE ${dataset.q}.wide (${names.map((n) => `${n} integer`).join(', ')})`);
  await admin.query(`INSERT INTO ${dataset.q}.wide SELECT ${names.map((_, i) => `g * ${i + 1}`).join(', ')} FROM generate_series(1, ${ROWS}) g`);
  // The server refuses, as too complex, any select list longer than the adapter's default cap.
  fake = await FakeBigQuery.start({ pg: PG, maxSelectExpressions: DEFAULT_MAX_EXPRESSIONS });
  const runId = `wide-${randomUUID()}`;
  const config = engineConfig({ source: bigquerySource(fake, dataset.name), profiling: { tables: [{ schema: dataset.name, table: 'wide' }] } }, store.path);
  result = await bigqueryEngine(config, { runId }).profile();
  aggregates = fake.jobs.all().filter((j) => j.spec.labels.baselinr_run_id === runId && / AS m0\b/.test(j.spec.query));
});

afterAll(async () => {
  await fake?.close();
  await dataset?.drop();
  await admin?.end();
  store?.remove();
});

describe(`a ${COLUMNS}-column table`, () => {
  it('profiles every column without a "too complex" refusal', () => {
    expect(result.tables[0]).toMatchObject({ status: 'succeeded', rowCount: ROWS, columnCount: COLUMNS });
    expect(result.tables[0]!.columns.every((c) => c.metrics.count === ROWS && c.metrics.histogram !== null)).toBe(true);
    expect(fake.jobs.all().filter((j) => j.error?.reason === 'resourcesExceeded')).toEqual([]);
  });

  it('splits its aggregates into as few statements as the cap allows', () => {
    expect(aggregates.length).toBeGreaterThan(1);
    for (const job of aggregates) expect(job.widestSelect).toBeLessThanOrEqual(DEFAULT_MAX_EXPRESSIONS);
    // No two consecutive statements could have been one: together (sharing one COUNT(*)) they exceed the cap.
    for (let i = 1; i < aggregates.length; i++) {
      expect(aggregates[i - 1]!.widestSelect + aggregates[i]!.widestSelect - 1).toBeGreaterThan(DEFAULT_MAX_EXPRESSIONS);
    }
  });

  it('is refused by the server past the cap, as BigQuery refuses a query too complex to plan', async () => {
    const session = await connect(bigquerySource(fake, dataset.name), `wide-${randomUUID()}`);
    const select = Array.from({ length: DEFAULT_MAX_EXPRESSIONS + 1 }, (_, i) => `COUNT(c${String(i % COLUMNS).padStart(3, '0')}) AS m${i}`);
    const err: unknown = await session.execute(`SELECT ${select.join(', ')} FROM ${[fake.project, dataset.name, 'wide'].map(quoteIdentifier).join('.')}`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    expect([(err as WarehouseError).kind, (err as WarehouseError).driverCode]).toEqual(['syntax', 'resourcesExceeded']);
  });
});
