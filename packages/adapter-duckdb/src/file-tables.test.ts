import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ProfileEngine, connectionSchema, poolPolicy, validateConfig, type RunResult } from '@baselinr/core';
import { adapter } from './index.js';
import { tempDir, write } from './test-support/database.js';

let dir: ReturnType<typeof tempDir>;
const at = (...parts: string[]) => join(dir.path, ...parts);
const ROWS = 1200;

beforeAll(async () => {
  dir = tempDir('files');
  mkdirSync(at('data'));
  const db = at('warehouse.duckdb');
  await write(db, `CREATE TABLE main.local AS SELECT i AS id FROM range(10) r(i)`);
  const out = (name: string) => `'${at('data', name).replaceAll("'", "''")}'`;
  await write(
    ':memory:',
    `COPY (SELECT i AS id, CASE WHEN i = 7 THEN 9007199254740993 ELSE i * 3 END AS big, 'név ' || (i % 9) AS label, CASE WHEN i % 10 = 0 THEN NULL ELSE i / 4 END AS q
           FROM range(${ROWS}) r(i)) TO ${out('orders.parquet')} (FORMAT parquet);
     COPY (SELECT i AS id, 'city ' || (i % 4) AS city FROM range(300) r(i)) TO ${out('customers.csv')} (HEADER);
     COPY (SELECT i AS id, i % 3 AS day FROM range(900) r(i)) TO ${out('events')} (FORMAT parquet, PARTITION_BY (day))`.replaceAll('\n', ' '),
  );
});
afterAll(() => dir.remove());

async function profile(source: Record<string, unknown>): Promise<RunResult> {
  const config = validateConfig({ source: { type: 'duckdb', ...source }, storage: { connection: { type: 'duckdb', filepath: at('results', `${Math.random()}.duckdb`) } } });
  return new ProfileEngine(config, { adapters: { duckdb: adapter } }).profile();
}

describe('Parquet and CSV files as tables', () => {
  it('profiles every file of a folder, a partitioned subfolder as one table', async () => {
    const result = await profile({ filepath: at('data') });
    expect(result.tables.map((t) => [t.schema, t.table, t.status, t.rowCount]).sort()).toEqual([
      ['main', 'customers', 'succeeded', 300],
      ['main', 'events', 'succeeded', 900],
      ['main', 'orders', 'succeeded', ROWS],
    ]);
    const orders = result.tables.find((t) => t.table === 'orders')!;
    const metric = (column: string) => orders.columns.find((c) => c.column === column)!.metrics;
    expect(metric('big').max).toBe('9007199254740993');
    // count is the rows (Baselinr's meaning), a tenth of them null.
    expect(metric('q')).toMatchObject({ null_count: ROWS / 10, count: ROWS });
    expect(metric('label')).toMatchObject({ distinct_count: 9, min_length: 5, max_length: 5 });
  });

  it('lists file tables as tables of main, with the Parquet footers as row estimates', async () => {
    const session = await adapter.connect(connectionSchema.parse({ type: 'duckdb', filepath: at('data') }), {
      policy: poolPolicy(adapter.limits(connectionSchema.parse({ type: 'duckdb' })).pool, 1),
      runId: 'files',
    });
    try {
      const tables = await session.listTables({ schemas: ['main'] });
      expect(tables).toEqual([
        { schema: 'main', table: 'customers', type: 'table' },
        { schema: 'main', table: 'events', type: 'table', rowEstimate: 900 },
        { schema: 'main', table: 'orders', type: 'table', rowEstimate: ROWS },
      ]);
    } finally {
      await session.close();
    }
  });

  it('adds named files next to a database, and refuses a name the database already uses', async () => {
    const result = await profile({ filepath: at('warehouse.duckdb'), extra_params: { files: { clients: 'data/customers.csv' } } });
    expect(result.tables.map((t) => [t.table, t.rowCount]).sort()).toEqual([
      ['clients', 300],
      ['local', 10],
    ]);
    const clash = connectionSchema.parse({ type: 'duckdb', filepath: at('warehouse.duckdb'), extra_params: { files: { LOCAL: 'data/customers.csv' } } });
    await expect(adapter.connect(clash, { policy: poolPolicy(adapter.limits(clash).pool, 1), runId: 'clash' })).rejects.toThrow(ConfigError);
  });

  it('leaves the database file untouched: it is opened read-only', async () => {
    const before = statSync(at('warehouse.duckdb')).mtimeMs;
    await profile({ filepath: at('warehouse.duckdb') });
    expect(statSync(at('warehouse.duckdb')).mtimeMs).toBe(before);
  });
});
