import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import sqliteAdapter from '@baselinr/adapter-sqlite';
import { openResultsStore, type BaselinrConfig, type RunResult } from '@baselinr/core';
import { adminClient, createTestSchema, engine, engineConfig, tempDir } from './test-support/pg.js';

let admin: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let store: ReturnType<typeof tempDir>;
let config: BaselinrConfig;
let result: RunResult;

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'bl_overflow');
  store = tempDir();
  // float8 sums of squares overflow past about 1e154 ("value out of range: overflow"); this
  // column's stddev (1.7e308 * sqrt(2)) is beyond a double however it is computed.
  await admin.query(`CREATE TABLE ${schema.q}.wide (f float8, i integer)`);
  await admin.query(`INSERT INTO ${schema.q}.wide VALUES (-1.7e308, 1), (1.7e308, 2), (NULL, 3), (NULL, 4)`);
  config = engineConfig({ profiling: { tables: [{ schema: schema.name, table: 'wide' }] } }, store.path);
  result = await engine(config).profile();
});

afterAll(async () => {
  await schema?.drop();
  await admin?.end();
  store?.remove();
});

describe('a metric that cannot be computed', () => {
  it('is null with a note, and the table keeps every other metric', () => {
    const [table] = result.tables;
    expect([table!.status, table!.error]).toEqual(['succeeded', undefined]);
    const f = table!.columns.find((c) => c.column === 'f')!;
    expect(f.metrics).toMatchObject({ count: 4, null_count: 2, min: -1.7e308, max: 1.7e308, mean: 0, stddev: null });
    expect(f.notComputed).toEqual({ stddev: expect.stringMatching(/^stddev not computed: .*beyond the range of a double/) });
    const i = table!.columns.find((c) => c.column === 'i')!;
    expect(i.metrics).toMatchObject({ count: 4, mean: 2.5, min: '1', max: '4' });
    expect(i.metrics.stddev).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(i.notComputed).toBeUndefined();
  });

  it('is stored as null beside the metrics that were computed', async () => {
    const results = await openResultsStore(config, { adapters: { sqlite: sqliteAdapter }, access: 'read' });
    try {
      const stored = await results.listMetrics({ runIds: [result.runId] });
      const arithmetic = stored.filter((m) => m.metric === 'mean' || m.metric === 'stddev').map((m) => [m.column, m.metric, m.value]);
      expect(arithmetic).toEqual([
        ['f', 'mean', '0'],
        ['f', 'stddev', null],
        ['i', 'mean', '2.5'],
        ['i', 'stddev', String(Math.sqrt(5 / 3))],
      ]);
    } finally {
      await results.close();
    }
  });
});
