import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqlResultsStore, type Row } from '@baselinr/core';
import sqlite from './index.js';
import { describeBaselinrInterop } from '../../core/src/store/test-support/baselinr-interop-suite.js';
import { describeStoreHistory } from '../../core/src/store/test-support/history-suite.js';

const TABLES = { resultsTable: 'baselinr_results', runsTable: 'baselinr_runs' };

async function openStore(filepath: string): Promise<SqlResultsStore> {
  return new SqlResultsStore(
    await sqlite.openSqlDriver!({ type: 'sqlite', filepath, extra_params: {} }, { purpose: 'store', connections: 2, configPath: 'storage.connection' }),
    TABLES,
  );
}

async function freshStore(dir = mkdtempSync(join(tmpdir(), 'baselinr-history-'))) {
  const filepath = join(dir, 'results.db');
  const store = await openStore(filepath);
  const raw = async (sql: string): Promise<Row[]> => {
    const db = new Database(filepath);
    try {
      const statement = db.prepare(sql);
      if (statement.reader) return statement.all() as Row[];
      statement.run();
      return [];
    } finally {
      db.close();
    }
  };
  return {
    store,
    raw,
    filepath,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeStoreHistory('SQLite', freshStore);
describeBaselinrInterop('SQLite', 'sqlite', freshStore);

describe('upgrading a version-1 store', () => {
  it('adds the events and run-detail tables and records versions 2 to 8 in its own table, keeping the runs it had and marking them as stored with the earlier metric meanings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baselinr-upgrade-'));
    // The layout version 1 created, before baselinr_events existed.
    const old = new Database(join(dir, 'results.db'));
    old.exec(`
      CREATE TABLE baselinr_schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL, description TEXT);
      CREATE TABLE baselinr_runs (run_id TEXT NOT NULL, dataset_name TEXT NOT NULL, schema_name TEXT NOT NULL, profiled_at TEXT NOT NULL, environment TEXT,
        status TEXT NOT NULL, row_count REAL, column_count INTEGER, duration_seconds REAL, error_message TEXT, PRIMARY KEY (run_id, dataset_name, schema_name));
      CREATE TABLE baselinr_results (id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, dataset_name TEXT NOT NULL, schema_name TEXT NOT NULL,
        column_name TEXT NOT NULL, column_type TEXT, metric_name TEXT NOT NULL, metric_value TEXT, profiled_at TEXT NOT NULL);
      CREATE INDEX baselinr_results_run_idx ON baselinr_results (run_id, dataset_name);
      INSERT INTO baselinr_schema_version VALUES (1, '2025-01-01T00:00:00.000Z', 'baselinr_runs, baselinr_results');
      INSERT INTO baselinr_runs VALUES ('old-run', 'orders', 'main', '2025-01-01T00:00:00.000Z', 'prod', 'succeeded', 3, 1, 0.5, NULL);
      INSERT INTO baselinr_results (run_id, dataset_name, schema_name, column_name, column_type, metric_name, metric_value, profiled_at)
        VALUES ('old-run', 'orders', 'main', 'id', 'INTEGER', 'count', '3', '2025-01-01T00:00:00.000Z');
    `);
    old.close();

    const t = await freshStore(dir);
    try {
      await t.store.ensureSchema();
      const versions = await t.raw('SELECT version, applied_at, description FROM baselinr_store_layout ORDER BY version');
      expect(versions.map((v) => [v.version, v.description])).toEqual([
        [1, 'baselinr_runs, baselinr_results'],
        [2, 'baselinr_drift_events'],
        [3, 'baselinr_run_summaries, baselinr_table_timings'],
        [4, 'text columns hold values of any length'],
        [5, 'baselinr_events as Baselinr reads it'],
        [6, "metric meanings are Baselinr's: count is rows, ratios over rows, min/max of strings and booleans"],
        [7, 'baselinr_row_selections'],
        [8, 'baselinr_run_heartbeats'],
      ]);
      // Version 1 keeps when it was applied; the table it was recorded in is left to Baselinr.
      expect(versions[0]!.applied_at).toBe('2025-01-01T00:00:00.000Z');
      expect(await t.raw(`SELECT name FROM sqlite_master WHERE name = 'baselinr_schema_version'`)).toEqual([]);
      // The old run predates the marker, so drift will not compare it with a run stored from now on.
      expect((await t.store.metricMeaningsSince!())!.getTime()).toBeGreaterThan(Date.parse('2025-01-01T00:00:00.000Z'));
      expect(await t.store.listEvents()).toEqual([]);
      expect(await t.store.listRuns()).toEqual([expect.objectContaining({ runId: 'old-run', table: 'orders', rowCount: 3, profiledAt: new Date('2025-01-01T00:00:00.000Z') })]);
      expect((await t.store.listMetrics({ runIds: ['old-run'] })).map((m) => m.value)).toEqual(['3']);
    } finally {
      await t.close();
    }
  });
});

describe('an upgrade that fails half-way', () => {
  it('changes nothing: the whole upgrade is one transaction', async () => {
    const t = await freshStore();
    try {
      await t.store.ensureSchema();
      // A layout-4 store, and a table in the way of an index layout 5 creates late in the upgrade.
      for (const sql of [
        'DROP TABLE baselinr_events',
        'ALTER TABLE baselinr_drift_events RENAME TO baselinr_events',
        'CREATE TABLE baselinr_schema_version AS SELECT version, applied_at, description FROM baselinr_store_layout WHERE version <= 4',
        'DROP TABLE baselinr_store_layout',
        'CREATE TABLE idx_events_run_id (x INTEGER)',
      ])
        await t.raw(sql);
      const tables = () => t.raw(`SELECT type, name, tbl_name FROM sqlite_master ORDER BY name`);
      const before = await tables();
      await expect(t.store.ensureSchema()).rejects.toThrow(/already a table named idx_events_run_id/);
      expect(await tables()).toEqual(before);
      expect(await t.store.schemaVersion()).toBe(4);
    } finally {
      await t.close();
    }
  });
});

describe('a layout-2 store left as it is (storage.create_tables: false)', () => {
  it('still takes every table run, and keeps no run summary or timings', async () => {
    const t = await freshStore();
    try {
      await t.store.ensureSchema();
      for (const sql of ['DROP TABLE baselinr_run_summaries', 'DROP TABLE baselinr_table_timings', 'DELETE FROM baselinr_store_layout WHERE version >= 3']) await t.raw(sql);
      const old = await openStore(t.filepath);
      try {
        const startedAt = new Date('2025-01-01T00:00:00.000Z');
        await old.saveRunSummary!({
          runId: 'r1',
          environment: 'e',
          warehouse: 'sqlite',
          status: 'running',
          startedAt,
          finishedAt: null,
          requestedWorkers: 1,
          effectiveWorkers: 1,
          clamps: [],
          poolSize: 1,
          tableCount: 1,
          concurrencyChanges: [],
        });
        await old.saveTableRun({
          runId: 'r1',
          schema: 'main',
          table: 'orders',
          environment: 'e',
          profiledAt: startedAt,
          status: 'succeeded',
          durationSeconds: 1,
          rowCount: 1,
          columnCount: 0,
          error: null,
          columns: [],
          timing: { worker: 0, finishedAt: startedAt, statementCount: 1, statementAttempts: 1, retries: 0 },
        });
        expect((await old.listRuns({ runId: 'r1' })).map((r) => r.table)).toEqual(['orders']);
        expect(await old.listRunSummaries!()).toEqual([]);
        expect(await old.listTableTimings!('r1')).toEqual([]);
        expect(await t.raw(`SELECT name FROM sqlite_master WHERE name IN ('baselinr_run_summaries', 'baselinr_table_timings')`)).toEqual([]);
      } finally {
        await old.close();
      }
    } finally {
      await t.close();
    }
  });
});
