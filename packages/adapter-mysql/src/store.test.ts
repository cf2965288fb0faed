import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_SCHEMA_VERSION, validateConfig, type ResultsStore, type TableRunRecord } from '@baselinr/core';
import { createTestDatabase, openStore, type TestDatabase } from './test-support/db.js';

let db: TestDatabase;
let resultsDb: string;
let store: ResultsStore;

const OPTIONS = { resultsTable: 'my_results', runsTable: 'my_runs' };

function record(overrides: Partial<TableRunRecord> = {}): TableRunRecord {
  return {
    runId: 'run-1',
    schema: 'sales',
    table: 'Bestellungen_ü',
    environment: 'test',
    profiledAt: new Date('2024-05-01T12:34:56.789Z'),
    status: 'succeeded',
    durationSeconds: 1.5,
    rowCount: 3,
    columnCount: 2,
    error: null,
    columns: [
      {
        column: 'amount',
        dataType: 'decimal(10,2)',
        kind: 'decimal',
        metrics: { count: 3, null_ratio: 0, max: '12345678901234567890.12', histogram: [{ lower: 0, upper: 1, count: 3 }] },
      },
      { column: 'naïve 名前', dataType: 'varchar(20)', kind: 'string', metrics: { count: 2, min_length: null } },
    ],
    ...overrides,
  };
}

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const [result] = await db.admin.query(sql, params);
  return result as T[];
}

beforeAll(async () => {
  db = await createTestDatabase('store');
  // A separate results database with a latin1 default: the store must still hold any name.
  resultsDb = `${db.name}_results`;
  await db.admin.query(`CREATE DATABASE \`${resultsDb}\` CHARACTER SET latin1`);
  store = await openStore(validateConfig({ source: db.connection(resultsDb) }).source, OPTIONS);
});

afterAll(async () => {
  await store?.close();
  await db?.admin.query(`DROP DATABASE IF EXISTS \`${resultsDb}\``);
  await db?.drop();
});

describe('results store on MySQL/MariaDB', () => {
  it('creates its tables (InnoDB) and records the schema version, idempotently', async () => {
    await store.ensureSchema();
    await store.ensureSchema();
    const tables = await rows<{ name: string; engine: string }>(
      'SELECT TABLE_NAME AS name, ENGINE AS engine FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME',
      [resultsDb],
    );
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['baselinr_store_layout', 'my_results', 'my_runs']));
    expect(new Set(tables.map((t) => t.engine))).toEqual(new Set(['InnoDB']));
    const versions = await rows<{ version: number }>(`SELECT version FROM \`${resultsDb}\`.baselinr_store_layout`);
    expect(Math.max(...versions.map((v) => Number(v.version)))).toBe(STORE_SCHEMA_VERSION);
    // Nothing was created in the source database.
    expect(await rows('SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [db.name])).toEqual([]);
  });

  it('writes one table run with its metrics, exact text and UTC timestamps', async () => {
    await store.saveTableRun(record());
    const runs = await rows<Record<string, unknown>>(
      `SELECT run_id, dataset_name, schema_name, CAST(profiled_at AS CHAR) AS profiled_at, status, row_count, column_count, duration_seconds FROM \`${resultsDb}\`.my_runs`,
    );
    expect(runs).toEqual([
      {
        run_id: 'run-1',
        dataset_name: 'Bestellungen_ü',
        schema_name: 'sales',
        profiled_at: '2024-05-01 12:34:56.789',
        status: 'completed',
        row_count: 3,
        column_count: record().columnCount,
        duration_seconds: 1.5,
      },
    ]);
    const results = await rows<{ column_name: string; metric_name: string; metric_value: string | null }>(
      `SELECT column_name, metric_name, metric_value FROM \`${resultsDb}\`.my_results WHERE run_id = ? ORDER BY id`,
      ['run-1'],
    );
    const expected = record().columns.flatMap((c) =>
      Object.entries(c.metrics).map(([metric, value]) => ({
        column_name: c.column,
        metric_name: metric,
        // A histogram in Baselinr's shape, which Baselinr's readers parse.
        metric_value:
          value === null ? null : typeof value === 'object' ? JSON.stringify(value.map((b) => ({ bin_start: b.lower, bin_end: b.upper, count: b.count }))) : String(value),
      })),
    );
    expect(results).toEqual(expected);
  });

  it('reads runs back with the exact timestamp written (UTC, milliseconds)', async () => {
    const [run] = await store.listRuns({ runId: 'run-1' });
    expect(run?.profiledAt.toISOString()).toBe(record().profiledAt.toISOString());
    expect(run?.table).toBe('Bestellungen_ü');
  });

  it('writes a table all or nothing: a failing insert rolls back the whole table', async () => {
    // A column name past VARCHAR(255) fails the results insert after the runs row was inserted.
    const broken = record({ runId: 'run-broken', columns: [{ column: 'x'.repeat(300), dataType: 'int', kind: 'integer', metrics: { count: 1 } }] });
    await expect(store.saveTableRun(broken)).rejects.toThrow();
    expect(await rows(`SELECT run_id FROM \`${resultsDb}\`.my_runs WHERE run_id = ?`, ['run-broken'])).toEqual([]);
    expect(await rows(`SELECT run_id FROM \`${resultsDb}\`.my_results WHERE run_id = ?`, ['run-broken'])).toEqual([]);
  });

  // A PostgreSQL numeric can be 10^70000: its max is 70,001 digits, past MySQL's TEXT (64 KB).
  const HUGE = `1${'0'.repeat(70_000)}`;
  const huge = (runId: string) => record({ runId, columns: [{ column: 'n', dataType: 'numeric', kind: 'decimal', metrics: { max: HUGE } }] });

  it('holds a value of any length', async () => {
    await store.saveTableRun(huge('run-huge'));
    expect(await store.listMetrics({ runIds: ['run-huge'] })).toEqual([expect.objectContaining({ column: 'n', metric: 'max', value: HUGE })]);
  });

  it('upgrades a store whose text columns were TEXT, once', async () => {
    const column = async () =>
      (
        await rows<{ type: string }>(
          `SELECT DATA_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'my_results' AND COLUMN_NAME = 'metric_value'`,
          [resultsDb],
        )
      )[0]!.type;
    // The layout before version 4 (which could not have held the long value stored above).
    await db.admin.query(`DELETE FROM \`${resultsDb}\`.my_results WHERE run_id = 'run-huge'`);
    await db.admin.query(`ALTER TABLE \`${resultsDb}\`.my_results MODIFY COLUMN metric_value TEXT CHARACTER SET utf8mb4`);
    await db.admin.query(`DELETE FROM \`${resultsDb}\`.baselinr_store_layout WHERE version = 4`);
    expect(await column()).toBe('text');
    const upgraded = await openStore(validateConfig({ source: db.connection(resultsDb) }).source, OPTIONS);
    try {
      await upgraded.ensureSchema();
      expect(await column()).toBe('longtext');
      await upgraded.saveTableRun(huge('run-huge-upgraded'));
      expect((await upgraded.listMetrics({ runIds: ['run-huge-upgraded'] }))[0]?.value).toBe(HUGE);
    } finally {
      await upgraded.close();
    }
  });

  it('reads back the latest successful duration per table', async () => {
    const at = (iso: string) => new Date(iso);
    await store.saveTableRun(record({ runId: 'run-2', profiledAt: at('2024-05-02T00:00:00Z'), durationSeconds: 7.25 }));
    await store.saveTableRun(record({ runId: 'run-3', profiledAt: at('2024-05-03T00:00:00Z'), durationSeconds: 99, status: 'failed', error: 'boom' }));
    await store.saveTableRun(record({ runId: 'run-2', table: 'bestellungen_ü', profiledAt: at('2024-05-02T00:00:00Z'), durationSeconds: 3 }));
    const durations = await store.lastDurations([
      { schema: 'sales', table: 'Bestellungen_ü' },
      { schema: 'sales', table: 'bestellungen_ü' },
      { schema: 'sales', table: 'never_profiled' },
    ]);
    expect(Object.fromEntries(durations)).toEqual({ 'sales.Bestellungen_ü': 7.25, 'sales.bestellungen_ü': 3 });
  });
});
