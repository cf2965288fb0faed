import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { STORE_SCHEMA_VERSION, type ResultsStore, type TableRunRecord } from '@baselinr/core';
import { applicationName } from './index.js';
import { adminClient, createTestSchema, engine, engineConfig, openStore, quote, sourceConnection, tempDir } from './test-support/pg.js';

const OPTIONS = { resultsTable: 'my results', runsTable: 'my runs' };

let admin: pg.Client;
let source: Awaited<ReturnType<typeof createTestSchema>>;
let storeSchema: string;
let store: ResultsStore;
const purpose = `store ${randomUUID()}`;

beforeAll(async () => {
  admin = await adminClient();
  source = await createTestSchema(admin, 'bl_store_src');
  // Not created here: the driver must create it. Spaces and quotes check search_path quoting.
  storeSchema = `bl store "r" ${process.pid}_${randomUUID().slice(0, 8)}`;
  store = await openStore(sourceConnection({ schema: storeSchema }), OPTIONS, purpose);
});

afterAll(async () => {
  await store?.close();
  await admin?.query(`DROP SCHEMA IF EXISTS ${quote(storeSchema)} CASCADE`);
  await source?.drop();
  await admin?.end();
});

function record(overrides: Partial<TableRunRecord> = {}): TableRunRecord {
  return {
    runId: randomUUID(),
    schema: 'sales',
    table: 'orders',
    environment: 'test',
    profiledAt: new Date(),
    status: 'succeeded',
    durationSeconds: 1.5,
    rowCount: 3,
    columnCount: 2,
    error: null,
    columns: [
      { column: 'id', dataType: 'bigint', kind: 'integer', metrics: { count: 3, max: '9007199254740993', histogram: [{ lower: 1, upper: 2, count: 3 }] } },
      { column: 'name', dataType: 'text', kind: 'string', metrics: { count: 2, null_ratio: 1 / 3, max_length: 7 } },
    ],
    ...overrides,
  };
}

async function count(table: string, runId: string): Promise<number> {
  const { rows } = await admin.query(`SELECT count(*)::int AS n FROM ${quote(storeSchema)}.${quote(table)} WHERE run_id = $1`, [runId]);
  return rows[0].n as number;
}

describe('results store on PostgreSQL', () => {
  it('creates its schema, tables and schema version in the configured schema', async () => {
    await store.ensureSchema();
    await store.ensureSchema(); // idempotent
    const { rows } = await admin.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY 1`, [storeSchema]);
    expect(rows.map((r: { tablename: string }) => r.tablename)).toEqual(expect.arrayContaining(['baselinr_store_layout', 'my results', 'my runs']));
    const { rows: elsewhere } = await admin.query(`SELECT schemaname FROM pg_tables WHERE tablename IN ('my results', 'my runs') AND schemaname <> $1`, [storeSchema]);
    expect(elsewhere).toEqual([]);
    const version = await admin.query(`SELECT max(version)::int AS v FROM ${quote(storeSchema)}.baselinr_store_layout`);
    expect(version.rows[0].v).toBe(STORE_SCHEMA_VERSION);
  });

  it('names its connections for DBAs, and keeps them through expected errors', async () => {
    await store.ensureSchema(); // a third time: its "index already exists" errors must not cost connections
    const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1`, [applicationName(purpose)]);
    expect(rows[0].n).toBeGreaterThanOrEqual(1);
  });

  it('writes a table run and its metrics, keeping values exact', async () => {
    const run = record();
    await store.saveTableRun(run);
    expect(await count('my runs', run.runId)).toBe(1);
    expect(await count('my results', run.runId)).toBe(6);
    const { rows } = await admin.query(`SELECT metric_value FROM ${quote(storeSchema)}."my results" WHERE run_id = $1 AND column_name = 'id' AND metric_name = 'max'`, [run.runId]);
    expect(rows[0].metric_value).toBe('9007199254740993');
  });

  it('stores a table entirely or not at all', async () => {
    // The second insert (results) violates NOT NULL after the runs row was written: both must roll back.
    const broken = record({ columns: [{ column: null as unknown as string, dataType: 'int', kind: 'integer', metrics: { count: 1 } }] });
    await expect(store.saveTableRun(broken)).rejects.toThrow(/null value/);
    expect(await count('my runs', broken.runId)).toBe(0);
    expect(await count('my results', broken.runId)).toBe(0);
    // The pool is still usable after the rollback.
    const next = record();
    await store.saveTableRun(next);
    expect(await count('my runs', next.runId)).toBe(1);
  });

  it('reads back the latest successful duration per table', async () => {
    const t0 = Date.now();
    const ref = { schema: 'hist', table: `t_${randomUUID().slice(0, 6)}` };
    await store.saveTableRun(record({ ...ref, profiledAt: new Date(t0 - 3000), durationSeconds: 9 }));
    await store.saveTableRun(record({ ...ref, profiledAt: new Date(t0 - 2000), durationSeconds: 4.25 }));
    await store.saveTableRun(record({ ...ref, profiledAt: new Date(t0 - 1000), durationSeconds: 99, status: 'failed', error: 'boom' }));
    const durations = await store.lastDurations([ref, { schema: 'hist', table: 'never_profiled' }]);
    expect([...durations]).toEqual([[`${ref.schema}.${ref.table}`, 4.25]]);
  });

  it('holds the results of an engine run profiling PostgreSQL', async () => {
    await admin.query(`CREATE TABLE ${source.q}.items AS SELECT g AS id FROM generate_series(1, 10) g`);
    const dir = tempDir();
    try {
      const config = engineConfig(
        {
          profiling: { tables: [{ schema: source.name, table: 'items' }] },
          storage: { connection: sourceConnection({ schema: storeSchema }), results_table: OPTIONS.resultsTable, runs_table: OPTIONS.runsTable },
        },
        dir.path,
      );
      const result = await engine(config).profile();
      expect(result.succeeded).toBe(1);
      expect(await count('my runs', result.runId)).toBe(1);
      const { rows } = await admin.query(`SELECT metric_value FROM ${quote(storeSchema)}."my results" WHERE run_id = $1 AND column_name = 'id' AND metric_name = 'count'`, [
        result.runId,
      ]);
      expect(rows[0].metric_value).toBe('10');
    } finally {
      dir.remove();
    }
  });
});
