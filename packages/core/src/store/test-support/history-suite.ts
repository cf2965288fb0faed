import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Row } from '../../adapter/contract.js';
import { validateConfig } from '../../config/index.js';
import type { MetricName } from '../../config/schema.js';
import { detectDrift } from '../../drift/detect-drift.js';
import type { MetricValue } from '../../plan/metrics.js';
import { STORE_SCHEMA_VERSION, type DriftEvent, type ResultsStore, type RunSummaryRecord, type TableRunRecord } from '../contract.js';

/** A fresh, empty results store of one database, and a way to read its tables behind its back. */
export interface StoreUnderTest {
  readonly store: ResultsStore;
  /** Plain SQL outside the store (reads, and DDL to age a store), without parameters (literals only). */
  raw(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}

const minute = 60_000;
const start = Date.parse('2025-03-01T08:00:00.000Z');

function tableRun(
  runId: string,
  table: string,
  minutes: number,
  metrics: Record<string, Partial<Record<MetricName, MetricValue>>>,
  status: TableRunRecord['status'] = 'succeeded',
): TableRunRecord {
  return {
    runId,
    schema: 'main',
    table,
    environment: 'test',
    profiledAt: new Date(start + minutes * minute),
    status,
    durationSeconds: 0.25,
    rowCount: status === 'succeeded' ? 100 : null,
    columnCount: status === 'succeeded' ? Object.keys(metrics).length : null,
    error: status === 'succeeded' ? null : 'boom',
    columns: Object.entries(metrics).map(([column, m]) => ({ column, dataType: 'INTEGER', kind: 'integer' as const, metrics: m })),
  };
}

/**
 * The run-history half of the store contract, the same on every database: what the drift and
 * query commands read must be what `baselinr_runs` and `baselinr_results` hold.
 */
export function describeStoreHistory(label: string, open: () => Promise<StoreUnderTest>): void {
  describe(`run history on ${label}`, () => {
    let t: StoreUnderTest;
    beforeEach(async () => {
      t = await open();
      await t.store.ensureSchema();
    });
    afterEach(async () => t.close());

    it('reports layout 0 for a store that has no tables, without creating any', async () => {
      const empty = await open();
      try {
        expect(await empty.store.schemaVersion()).toBe(0);
        expect(await empty.store.schemaVersion()).toBe(0);
        await empty.store.ensureSchema();
        expect(await empty.store.schemaVersion()).toBe(STORE_SCHEMA_VERSION);
      } finally {
        await empty.close();
      }
    });

    it('records every layout version and creates baselinr_events and the run-detail tables, idempotently', async () => {
      await t.store.ensureSchema();
      const versions = (await t.raw('SELECT version FROM baselinr_schema_version ORDER BY version')).map((r) => Number(r.version));
      expect(versions).toEqual(Array.from({ length: STORE_SCHEMA_VERSION }, (_, i) => i + 1));
      expect(await t.raw('SELECT event_id FROM baselinr_events')).toEqual([]);
      expect(await t.raw('SELECT run_id FROM baselinr_run_summaries')).toEqual([]);
      expect(await t.raw('SELECT run_id FROM baselinr_table_timings')).toEqual([]);
    });

    it('keeps a run summary from its start to its end, one row per run', async () => {
      const runId = randomUUID();
      const started: RunSummaryRecord = {
        runId,
        environment: 'test',
        warehouse: 'postgres',
        status: 'running',
        startedAt: new Date(start + 123),
        finishedAt: null,
        requestedWorkers: 8,
        effectiveWorkers: 2,
        clamps: [
          { from: 8, to: 4, by: 'warehouse_limits', reason: 'execution.warehouse_limits.postgres is 4' },
          { from: 4, to: 2, by: 'pool_policy', reason: 'pool of 4 "connections" <at most>' },
        ],
        poolSize: 4,
        tableCount: 3,
        concurrencyChanges: [],
      };
      await t.store.saveRunSummary!(started);
      // A run killed now is still readable: running, no end.
      expect(await t.store.listRunSummaries!({ runId })).toEqual([started]);
      const finished = { ...started, status: 'failed' as const, finishedAt: new Date(start + 9_876), concurrencyChanges: [{ from: 2, to: 1, reason: 'too many connections' }] };
      await t.store.saveRunSummary!(finished);
      expect(await t.store.listRunSummaries!({ runId })).toEqual([finished]);
      const later = { ...started, runId: randomUUID(), startedAt: new Date(start + minute) };
      await t.store.saveRunSummary!(later);
      expect((await t.store.listRunSummaries!()).map((s) => s.runId)).toEqual([later.runId, runId]);
      expect((await t.store.listRunSummaries!({ limit: 1 })).map((s) => s.runId)).toEqual([later.runId]);
      expect(await t.store.listRunSummaries!({ runId: 'no-such-run' })).toEqual([]);
    });

    it('keeps one heartbeat per run, the latest, and reads them by run', async () => {
      const [runId, other] = [randomUUID(), randomUUID()];
      expect(await t.store.listRunHeartbeats!([runId])).toEqual([]);
      await t.store.saveRunHeartbeat!({ runId, host: 'box-a', pid: 4242, at: new Date(start) });
      const latest = { runId, host: 'box-a', pid: 4242, at: new Date(start + minute) };
      await t.store.saveRunHeartbeat!(latest);
      await t.store.saveRunHeartbeat!({ runId: other, host: 'box-b', pid: 7, at: new Date(start) });
      expect(await t.store.listRunHeartbeats!([runId])).toEqual([latest]);
      expect((await t.store.listRunHeartbeats!([runId, other, 'no-such-run'])).map((h) => h.runId).sort()).toEqual([runId, other].sort());
    });

    it("writes each table's timing with its run row, and reads a run's timings by start", async () => {
      const runId = randomUUID();
      const timed = (table: string, minutes: number, worker: number | null, retries: number): TableRunRecord => ({
        ...tableRun(runId, table, minutes, { id: { count: 1 } }),
        timing: { worker, finishedAt: new Date(start + minutes * minute + 1_500), statementCount: 2, statementAttempts: 2 + retries, retries },
      });
      await t.store.saveTableRun(timed('orders', 1, 1, 0));
      await t.store.saveTableRun(timed('customers', 0, 0, 3));
      await t.store.saveTableRun(timed('ghost', 0, null, 0));
      await t.store.saveTableRun(tableRun(randomUUID(), 'orders', 2, {}));
      const timings = await t.store.listTableTimings!(runId);
      expect(timings.map((x) => ({ ...x, startedAt: x.startedAt.getTime(), finishedAt: x.finishedAt.getTime() }))).toEqual([
        { runId, schema: 'main', table: 'customers', worker: 0, startedAt: start, finishedAt: start + 1_500, statementCount: 2, statementAttempts: 5, retries: 3 },
        { runId, schema: 'main', table: 'ghost', worker: null, startedAt: start, finishedAt: start + 1_500, statementCount: 2, statementAttempts: 2, retries: 0 },
        { runId, schema: 'main', table: 'orders', worker: 1, startedAt: start + minute, finishedAt: start + minute + 1_500, statementCount: 2, statementAttempts: 2, retries: 0 },
      ]);
      expect(await t.store.listTableTimings!('no-such-run')).toEqual([]);
    });

    it('upgrades a layout-2 store to the current layout in place, keeping its runs', async () => {
      const runId = randomUUID();
      await t.store.saveTableRun(tableRun(runId, 'orders', 0, { id: { count: 1 } }));
      // Age the store: what a layout-2 store looks like.
      await t.raw('DROP TABLE baselinr_run_summaries');
      await t.raw('DROP TABLE baselinr_table_timings');
      await t.raw('DELETE FROM baselinr_schema_version WHERE version >= 3');
      await t.store.ensureSchema();
      expect(await t.store.schemaVersion()).toBe(STORE_SCHEMA_VERSION);
      expect(await t.raw('SELECT run_id FROM baselinr_run_summaries')).toEqual([]);
      expect((await t.store.listRuns({ runId })).map((r) => r.table)).toEqual(['orders']);
      await t.store.saveTableRun({
        ...tableRun(runId, 'customers', 1, {}),
        timing: { worker: 0, finishedAt: new Date(start + minute), statementCount: 0, statementAttempts: 0, retries: 0 },
      });
      expect((await t.store.listTableTimings!(runId)).map((x) => x.table)).toEqual(['customers']);
    });

    it('lists datasets, and runs newest first with each filter', async () => {
      const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      await t.store.saveTableRun(tableRun(ids[0]!, 'orders', 0, { id: { count: 1 } }));
      await t.store.saveTableRun(tableRun(ids[0]!, 'customers', 1, { id: { count: 1 } }));
      await t.store.saveTableRun(tableRun(ids[1]!, 'orders', 10, { id: { count: 2 } }));
      await t.store.saveTableRun(tableRun(ids[2]!, 'orders', 20, {}, 'failed'));
      await t.store.saveTableRun(tableRun(ids[3]!, 'orders', 30, { id: { count: 3 } }));

      expect(await t.store.listDatasets()).toEqual([
        { schema: 'main', table: 'customers' },
        { schema: 'main', table: 'orders' },
      ]);
      const orders = { schema: 'main', table: 'orders' };
      const all = await t.store.listRuns({ dataset: orders });
      expect(all.map((r) => r.runId)).toEqual([ids[3], ids[2], ids[1], ids[0]]);
      expect(all.map((r) => r.profiledAt.getTime())).toEqual([30, 20, 10, 0].map((m) => start + m * minute));
      expect(all[1]).toMatchObject({ status: 'failed', error: 'boom', rowCount: null });
      expect(all[0]).toMatchObject({ status: 'succeeded', rowCount: 100, columnCount: 1, durationSeconds: 0.25, environment: 'test' });

      const succeeded = await t.store.listRuns({ dataset: orders, status: 'succeeded' });
      expect(succeeded.map((r) => r.runId)).toEqual([ids[3], ids[1], ids[0]]);
      expect((await t.store.listRuns({ dataset: orders, status: 'succeeded', before: succeeded[0]!, limit: 1 })).map((r) => r.runId)).toEqual([ids[1]]);
      expect((await t.store.listRuns({ limit: 2 })).map((r) => r.runId)).toEqual([ids[3], ids[2]]);
      expect((await t.store.listRuns({ runId: ids[0]! })).map((r) => r.table).sort()).toEqual(['customers', 'orders']);
      expect(await t.store.listRuns({ runId: 'no-such-run' })).toEqual([]);
    });

    it("filters runs as Baselinr's `query runs` does: schema, table, environment, since, a page by offset", async () => {
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      await t.store.saveTableRun(tableRun(ids[0]!, 'orders', 0, { id: { count: 1 } }));
      await t.store.saveTableRun({ ...tableRun(ids[1]!, 'orders', 10, { id: { count: 1 } }), schema: 'sales', environment: 'prod' });
      await t.store.saveTableRun(tableRun(ids[2]!, 'customers', 20, { id: { count: 1 } }));
      const runIds = async (filter: Parameters<ResultsStore['listRuns']>[0]) => (await t.store.listRuns(filter)).map((r) => r.runId);
      expect(await runIds({ schema: 'sales' })).toEqual([ids[1]]);
      expect(await runIds({ table: 'orders' })).toEqual([ids[1], ids[0]]);
      expect(await runIds({ environment: 'test' })).toEqual([ids[2], ids[0]]);
      expect(await runIds({ since: new Date(start + 10 * minute) })).toEqual([ids[2], ids[1]]);
      expect(await runIds({ limit: 1, offset: 1 })).toEqual([ids[1]]);
      expect(await runIds({ limit: 5, offset: 3 })).toEqual([]);
    });

    it('reads back exactly the metric text baselinr_results holds, in written order', async () => {
      const runId = randomUUID();
      const histogram = [
        { lower: 0, upper: 5, count: 3 },
        { lower: 5, upper: 10, count: 1 },
      ];
      await t.store.saveTableRun(tableRun(runId, 'orders', 0, { id: { count: 4, max: '9007199254740993', mean: 0.1 + 0.2, histogram }, total: { null_ratio: null, min: '12.5' } }));
      const raw = await t.raw(`SELECT column_name, metric_name, metric_value FROM baselinr_results WHERE run_id = '${runId}' ORDER BY id`);
      const read = await t.store.listMetrics({ runIds: [runId] });
      expect(read.map((m) => [m.column, m.metric, m.value])).toEqual(raw.map((r) => [r.column_name, r.metric_name, r.metric_value]));
      expect(read.find((m) => m.metric === 'histogram')!.value).toBe(JSON.stringify(histogram));
      expect(read.every((m) => m.columnType === 'INTEGER' && m.table === 'orders')).toBe(true);
      expect((await t.store.listMetrics({ dataset: { schema: 'main', table: 'orders' }, column: 'id', metric: 'max' })).map((m) => m.value)).toEqual(['9007199254740993']);
      expect(await t.store.listMetrics({ runIds: [] })).toEqual([]);
    });

    it('stores one set of events per dataset and pair of runs, and reads them back', async () => {
      const scope = { schema: 'main', table: 'orders', runId: randomUUID(), baselineRunId: randomUUID() };
      const detectedAt = new Date(start);
      const events: DriftEvent[] = [
        { ...scope, eventType: 'drift', column: 'id', metric: 'mean', baselineValue: '10', currentValue: '12.5', changePercent: 25, severity: 'medium', note: '+25%', detectedAt },
        {
          ...scope,
          eventType: 'column_removed',
          column: 'legacy',
          metric: null,
          baselineValue: 'TEXT',
          currentValue: null,
          changePercent: null,
          severity: 'high',
          note: 'column removed',
          detectedAt,
        },
      ];
      await t.store.replaceEvents(scope, events);
      await t.store.replaceEvents(scope, events);
      const stored = await t.store.listEvents({ runId: scope.runId });
      expect(stored.map(({ eventId, ...rest }) => ({ ...rest, detectedAt: rest.detectedAt.getTime() }))).toEqual(events.map((e) => ({ ...e, detectedAt: e.detectedAt.getTime() })));
      expect(stored[0]!.eventId).toBeLessThan(stored[1]!.eventId);
      expect((await t.raw('SELECT COUNT(*) AS n FROM baselinr_events')).map((r) => Number(r.n))).toEqual([2]);
    });

    it("filters events as Baselinr's `query drift` does: table, severity, since, newest first by page", async () => {
      const scope = (table: string) => ({ schema: 'main', table, runId: randomUUID(), baselineRunId: randomUUID() });
      const event = (table: string, severity: DriftEvent['severity'], minutes: number): DriftEvent => ({
        ...scope(table),
        eventType: 'drift',
        column: 'id',
        metric: 'mean',
        baselineValue: '1',
        currentValue: '2',
        changePercent: 100,
        severity,
        note: null,
        detectedAt: new Date(start + minutes * minute),
      });
      const [a, b, c] = [event('orders', 'high', 0), event('orders', 'low', 10), event('customers', 'high', 20)];
      for (const e of [a, b, c]) await t.store.replaceEvents(e, [e]);
      const runIds = async (filter: Parameters<ResultsStore['listEvents']>[0]) => (await t.store.listEvents(filter)).map((e) => e.runId);
      expect(await runIds({ table: 'orders' })).toEqual([a.runId, b.runId]);
      expect(await runIds({ severity: 'high', limit: 10 })).toEqual([c.runId, a.runId]);
      expect(await runIds({ since: new Date(start + 10 * minute), limit: 10 })).toEqual([c.runId, b.runId]);
      expect(await runIds({ limit: 1, offset: 1 })).toEqual([b.runId]);
    });

    it('detectDrift compares the latest two successful runs and stores what it finds once', async () => {
      const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
      await t.store.saveTableRun(tableRun(first!, 'orders', 0, { id: { count: 100, null_count: 0, mean: 50 }, note: { count: 10 } }));
      await t.store.saveTableRun(tableRun(second!, 'orders', 10, {}, 'failed'));
      await t.store.saveTableRun(tableRun(third!, 'orders', 20, { id: { count: 80, null_count: 20, mean: 50 } }));
      const settings = validateConfig({ source: { type: 'sqlite' } }).drift_detection;
      const report = await detectDrift(t.store, settings);
      expect(report.compared).toEqual([expect.objectContaining({ table: 'orders', baselineRunId: first, currentRunId: third })]);
      expect(report.events.map((e) => [e.column, e.metric ?? e.eventType, e.severity])).toEqual([
        ['id', 'count', 'medium'],
        ['id', 'null_count', 'high'],
        ['note', 'column_removed', 'high'],
      ]);
      await detectDrift(t.store, settings);
      const stored = await t.raw(`SELECT run_id, baseline_run_id, severity FROM baselinr_events ORDER BY event_id`);
      expect(stored.map((r) => [r.run_id, r.baseline_run_id, r.severity])).toEqual(report.events.map((e) => [third, first, e.severity]));
    });

    it('standard_deviation measures against the last `window` runs up to the baseline, and no further back', async () => {
      // An old outlier (100), then 10, 12, 14, and the current 16.
      for (const [i, mean] of [100, 10, 12, 14, 16].entries()) await t.store.saveTableRun(tableRun(randomUUID(), 'orders', i * 10, { v: { mean } }));
      const settings = (window: number) =>
        validateConfig({ source: { type: 'sqlite' }, drift_detection: { strategy: 'standard_deviation', standard_deviation: { window } } }).drift_detection;
      // 10, 12, 14: mean 12, sample stddev 2, so 16 lies 2 deviations out: medium.
      const recent = await detectDrift(t.store, settings(3), { save: false });
      expect(recent.compared[0]!.historyRuns).toBe(3);
      expect(recent.events).toEqual([
        expect.objectContaining({ metric: 'mean', severity: 'medium', baselineValue: '14', currentValue: '16', note: '+14.29%, 2.00σ from mean 12 of 3 runs' }),
      ]);
      // Reaching back to the outlier widens the spread so much that 16 is unremarkable.
      expect((await detectDrift(t.store, settings(4), { save: false })).events).toEqual([]);
      expect(await t.raw('SELECT event_id FROM baselinr_events')).toEqual([]);
    });
  });
}
