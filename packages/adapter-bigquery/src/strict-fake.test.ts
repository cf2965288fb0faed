import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { WarehouseError } from '@baselinr/core';
import { quoteIdentifier } from './dialect.js';
import { FakeBigQuery } from './test-support/fake-bigquery/server.js';
import { bigquerySource, connect } from './test-support/harness.js';
import { PG, adminClient, createTestDataset, type TestDataset } from './test-support/pg.js';

/**
 * The fake refuses, with BigQuery's messages, what BigQuery refuses but the PostgreSQL behind it
 * would run: so a dialect mistake fails the adapter's own tests, not a customer's first run.
 */
let admin: pg.Client;
let dataset: TestDataset;
let fake: FakeBigQuery;
let from: string;

beforeAll(async () => {
  admin = await adminClient();
  dataset = await createTestDataset(admin, 'bq_strict');
  await admin.query(`CREATE TABLE ${dataset.q}.t AS SELECT g AS id, g * 1.5 AS amount FROM generate_series(1, 3) g`);
  fake = await FakeBigQuery.start({ pg: PG });
  from = [fake.project, dataset.name, 't'].map(quoteIdentifier).join('.');
});

afterAll(async () => {
  await fake?.close();
  await dataset?.drop();
  await admin?.end();
});

async function outcome(sql: string): Promise<string> {
  const session = await connect(bigquerySource(fake, dataset.name), `strict-${randomUUID()}`);
  return session.execute(sql).then(
    () => 'accepted',
    (err: unknown) => (err instanceof WarehouseError ? `${err.kind}: ${err.message}` : String(err)),
  );
}

describe('the fake refuses what BigQuery refuses', () => {
  it.each([
    ['an integer literal past INT64', () => `SELECT COUNT(CASE WHEN amount < 25000000000000000000 THEN 1 END) AS h0 FROM ${from}`, 'Invalid integer literal: 25000000000000000000'],
    ['a negative one past INT64', () => `SELECT COUNT(CASE WHEN amount >= -9223372036854775809 THEN 1 END) AS h0 FROM ${from}`, 'Invalid integer literal: -9223372036854775809'],
    ['CAST(... AS VARCHAR)', () => `SELECT CAST(MIN(id) AS VARCHAR) AS m0 FROM ${from}`, 'Type not found: VARCHAR'],
    ['CAST(... AS TEXT)', () => `SELECT CAST(MIN(id) AS TEXT) AS m0 FROM ${from}`, 'Type not found: TEXT'],
    ["Snowflake's and Presto's APPROX_DISTINCT", () => `SELECT APPROX_DISTINCT(id) AS m0 FROM ${from}`, 'Function not found: APPROX_DISTINCT'],
    ["Redshift's APPROXIMATE COUNT(DISTINCT ...)", () => `SELECT APPROXIMATE COUNT(DISTINCT id) AS m0 FROM ${from}`, 'Unexpected identifier "APPROXIMATE"'],
    ["PostgreSQL's own functions", () => `SELECT pg_sleep(0) AS m0`, 'Function not found: pg_sleep'],
    ["Snowflake's HLL", () => `SELECT HLL(id) AS m0 FROM ${from}`, 'Function not found: HLL'],
  ])('%s', async (_name, sql, message) => {
    const result = await outcome(sql());
    expect(result).toContain('syntax: ');
    expect(result).toContain(message);
  });

  it('and still runs what BigQuery runs: INT64 extremes, exponent literals, GoogleSQL casts and functions', async () => {
    const sql = `SELECT COUNT(CASE WHEN id >= -9223372036854775808 AND id < 9223372036854775807 THEN 1 END) AS m0,
      COUNT(CASE WHEN amount < 2.5e+19 THEN 1 END) AS m1, CAST(MAX(amount) AS STRING) AS m2, APPROX_COUNT_DISTINCT(id) AS m3,
      STDDEV_SAMP(amount) AS m4, MAX(CHAR_LENGTH(CAST(id AS STRING))) AS m5 FROM ${from}`;
    expect(await outcome(sql)).toBe('accepted');
  });
});
