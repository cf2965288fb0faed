import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { SqlResultsStore, type ColumnProfile, type ResultsStore, type Row, type TableRunRecord } from '@baselinr/core';
import type { TestNamespace } from '../harness.js';
import { metricsTable } from '../fixtures/metric-tables.js';
import { profile } from '../engine/run-engine.js';
import { parseConnection, type SuiteContext } from './context.js';

const TABLES = { resultsTable: 'baselinr_results', runsTable: 'baselinr_runs' };
const STORED = ['kit_store_a', 'kit_store_b'];

const count = (rows: Row[]) => Number(Object.values(rows[0] ?? {})[0]);
/** Literals only: the back door takes plain SQL. Run ids are UUIDs, so quoting them is safe. */
const forRun = (runId: string) => `WHERE run_id = '${runId}'`;

function record(runId: string, table: string, columns: readonly ColumnProfile[]): TableRunRecord {
  return {
    runId,
    schema: 'kit',
    table,
    environment: 'kit',
    profiledAt: new Date(),
    status: 'succeeded',
    durationSeconds: 0.5,
    rowCount: 10,
    columnCount: columns.length,
    error: null,
    columns,
  };
}

/** 150 metric rows, more than one insert slice, so a failure at the end comes after rows were written. */
const manyColumns = (): ColumnProfile[] =>
  Array.from({ length: 50 }, (_, i) => ({ column: `c${i}`, dataType: 'INTEGER', kind: 'integer', metrics: { count: i, null_count: 0, max: String(i) } }));

/**
 * If the adapter offers a SQL driver: core's results store on it (schema, one transaction per
 * table, history read back as written) and the database clock the shared slots rely on.
 */
export function storeChecks(ctx: SuiteContext): void {
  ctx.group('results-store', 'SQL driver: results store schema, one transaction per table, history, clock', () => {
    const { adapter } = ctx.subject;
    if (!adapter.openSqlDriver) {
      ctx.notApplicable('the adapter offers no SQL driver (no openSqlDriver), so no results store');
      return;
    }
    const ns = ctx.namespace('store', async (n) => {
      for (const name of STORED) await n.createTable(metricsTable(name));
    });
    const target = () => storeTarget(ns());
    const openDriver = () => adapter.openSqlDriver!(parseConnection(target().connection), { purpose: 'store kit', connections: 2, configPath: 'storage.connection' });
    const openStore = async (): Promise<ResultsStore> => new SqlResultsStore(await openDriver(), TABLES);
    const withStore = async (check: (store: ResultsStore) => Promise<void>) => {
      const store = await openStore();
      try {
        await check(store);
      } finally {
        await store.close();
      }
    };

    ctx.test('ensureSchema creates the tables and records the layout version, idempotently', () =>
      withStore(async (store) => {
        await store.ensureSchema();
        await store.ensureSchema();
        expect(count(await target().query('SELECT COUNT(*) AS n FROM baselinr_runs'))).toBe(0);
        expect(count(await target().query('SELECT COUNT(*) AS n FROM baselinr_results'))).toBe(0);
        expect(count(await target().query('SELECT COUNT(*) AS n FROM baselinr_store_layout'))).toBeGreaterThanOrEqual(1);
      }),
    );

    ctx.test('a run writes every table: one run row each, and exactly the metrics profiled', async () => {
      const runId = randomUUID();
      const result = await profile(
        adapter,
        ns(),
        { storage: { connection: target().connection }, profiling: { tables: STORED.map((table) => ({ schema: ns().schema, table })) } },
        { runId },
      );
      expect(result.tables.map((t) => [t.table, t.status, t.error?.message]).sort()).toEqual(STORED.map((t) => [t, 'succeeded', undefined]));
      const runs = await target().query(`SELECT dataset_name, status, row_count FROM baselinr_runs ${forRun(runId)} ORDER BY dataset_name`);
      // `completed`: Baselinr's name for a successful table, so its readers take these runs as theirs.
      expect(runs.map((r) => [r.dataset_name, r.status, Number(r.row_count)])).toEqual(result.tables.map((t) => [t.table, 'completed', t.rowCount]).sort());
      for (const table of result.tables) {
        const stored = await target().query(`SELECT column_name, metric_name, metric_value FROM baselinr_results ${forRun(runId)} AND dataset_name = '${table.table}'`);
        const profiled = table.columns.flatMap((c) => Object.keys(c.metrics).map((m) => `${c.column}.${m}`));
        expect(stored.map((r) => `${r.column_name}.${r.metric_name}`).sort()).toEqual(profiled.sort());
        const big = stored.find((r) => r.column_name === 'big' && r.metric_name === 'max');
        expect(big?.metric_value).toBe('9007199254740993');
      }
    });

    ctx.test('one transaction per table: a write that fails half-way leaves nothing, and the store goes on', () =>
      withStore(async (store) => {
        const failed = randomUUID();
        // column_name is NOT NULL: the last row fails after the run row and the first slice of results went in.
        const poisoned = [...manyColumns(), { column: null as unknown as string, dataType: 'INTEGER', kind: 'integer' as const, metrics: { count: 1 } }];
        await expect(store.saveTableRun(record(failed, 'kit_poisoned', poisoned))).rejects.toBeDefined();
        expect(count(await target().query(`SELECT COUNT(*) AS n FROM baselinr_runs ${forRun(failed)}`))).toBe(0);
        expect(count(await target().query(`SELECT COUNT(*) AS n FROM baselinr_results ${forRun(failed)}`))).toBe(0);
        const ok = randomUUID();
        await store.saveTableRun(record(ok, 'kit_whole', manyColumns()));
        expect(count(await target().query(`SELECT COUNT(*) AS n FROM baselinr_results ${forRun(ok)}`))).toBe(150);
      }),
    );

    ctx.test("the driver's clock reads the database's time in milliseconds since the epoch", async () => {
      const driver = await openDriver();
      try {
        const [row] = await driver.query(`SELECT ${driver.clockMs} AS now_ms`);
        const ms = Number(Object.values(row ?? {})[0]);
        expect(Math.abs(ms - Date.now()), `clock ${ms}`).toBeLessThan(5 * 60_000);
      } finally {
        await driver.close();
        await driver.close(); // idempotent
      }
    });

    ctx.test('reads history back as the tables hold it', () =>
      withStore(async (store) => {
        const runId = randomUUID();
        await store.saveTableRun(record(runId, 'kit_history', manyColumns()));
        const runs = await store.listRuns({ runId });
        expect(runs.map((r) => [r.table, r.status, r.rowCount, r.columnCount])).toEqual([['kit_history', 'succeeded', 10, 50]]);
        const metrics = await store.listMetrics({ runIds: [runId] });
        const raw = await target().query(`SELECT column_name, metric_name, metric_value FROM baselinr_results ${forRun(runId)}`);
        const key = (c: unknown, m: unknown, v: unknown) => `${String(c)}.${String(m)}=${String(v)}`;
        expect(metrics.map((m) => key(m.column, m.metric, m.value)).sort()).toEqual(raw.map((r) => key(r.column_name, r.metric_name, r.metric_value)).sort());
        const durations = await store.lastDurations([{ schema: 'kit', table: 'kit_history' }]);
        expect(durations.get('kit.kit_history')).toBe(0.5);
      }),
    );
  });
}

function storeTarget(ns: TestNamespace) {
  return ns.store ?? { connection: ns.connection, query: (sql: string) => ns.query(sql) };
}
