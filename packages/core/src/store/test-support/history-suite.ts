import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Row } from '../../adapter/contract.js';
import { validateConfig } from '../../config/index.js';
import type { MetricName } from '../../config/schema.js';
import { detectDrift, meaningsReason } from '../../drift/detect-drift.js';
import type { MetricValue } from '../../plan/metrics.js';
import { METRIC_MEANINGS_LAYOUT_VERSION, STORE_SCHEMA_VERSION, type DriftEvent, type ResultsStore, type RunSummaryRecord, type TableRunRecord } from '../contract.js';

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

    it('records every layout version in its own table and creates both events tables and the run-detail tables, idempotently', async () => {
      await t.store.ensureSchema();
      const versions = (await t.raw('SELECT version FROM baselinr_store_layout ORDER BY version')).map((r) => Number(r.version));
      expect(versions).toEqual(Array.from({ length: STORE_SCHEMA_VERSION }, (_, i) => i + 1));
      // Baselinr's version table is left for Baselinr to create, with its own numbering.
      await expect(t.raw('SELECT version FROM baselinr_schema_version')).rejects.toThrow();
      expect(await t.raw('SELECT event_id FROM baselinr_drift_events')).toEqual([]);
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
      await t.raw('DELETE FROM baselinr_store_layout WHERE version >= 3');
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

    it("upgrades a layout-4 store in one step: its events move out of Baselinr's table name, its versions into its own table", async () => {
      const runId = randomUUID();
      await t.store.saveTableRun(tableRun(runId, 'orders', 0, { id: { count: 1 } }));
      const scope = { schema: 'main', table: 'orders', runId, baselineRunId: randomUUID() };
      const event: DriftEvent = {
        ...scope,
        eventType: 'drift',
        column: 'id',
        metric: 'count',
        baselineValue: '2',
        currentValue: '1',
        changePercent: -50,
        severity: 'high',
        note: null,
        detectedAt: new Date(start),
      };
      await t.store.replaceEvents(scope, [event]);
      // Age the store: what layout 4 looked like, its events and versions under the names Baselinr uses.
      for (const sql of [
        'DROP TABLE baselinr_events',
        'ALTER TABLE baselinr_drift_events RENAME TO baselinr_events',
        'CREATE TABLE baselinr_schema_version AS SELECT version, applied_at, description FROM baselinr_store_layout WHERE version <= 4',
        'DROP TABLE baselinr_store_layout',
      ])
        await t.raw(sql);
      expect(await t.store.schemaVersion()).toBe(4);
      await t.store.ensureSchema();
      expect(await t.store.schemaVersion()).toBe(STORE_SCHEMA_VERSION);
      expect((await t.raw('SELECT version FROM baselinr_store_layout ORDER BY version')).map((r) => Number(r.version))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      await expect(t.raw('SELECT version FROM baselinr_schema_version')).rejects.toThrow();
      expect((await t.store.listEvents({ runId })).map((e) => e.changePercent)).toEqual([-50]);
      expect(await t.raw('SELECT event_id FROM baselinr_events')).toEqual([]);
      expect((await t.store.listRuns({ runId })).map((r) => r.status)).toEqual(['succeeded']);
    });

    it('finishes an upgrade to layout 5 that was cut short after its first statements (as MySQL, whose DDL does not roll back, can leave it)', async () => {
      const runId = randomUUID();
      await t.store.saveTableRun(tableRun(runId, 'orders', 0, { id: { count: 1 } }));
      // Cut short: the events renamed and two versions copied, Baselinr's events table not yet created, the old version table still there.
      for (const sql of [
        'DROP TABLE baselinr_events',
        'CREATE TABLE baselinr_schema_version AS SELECT version, applied_at, description FROM baselinr_store_layout WHERE version <= 4',
        'DELETE FROM baselinr_store_layout WHERE version >= 3',
      ])
        await t.raw(sql);
      await t.store.ensureSchema();
      expect((await t.raw('SELECT version FROM baselinr_store_layout ORDER BY version')).map((r) => Number(r.version))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      await expect(t.raw('SELECT version FROM baselinr_schema_version')).rejects.toThrow();
      expect(await t.raw('SELECT event_id FROM baselinr_events')).toEqual([]);
      expect((await t.store.listRuns({ runId })).map((r) => r.table)).toEqual(['orders']);
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
      // Baselinr's shape, which its readers parse.
      expect(JSON.parse(read.find((m) => m.metric === 'histogram')!.value!)).toEqual([
        { bin_start: 0, bin_end: 5, count: 3 },
        { bin_start: 5, bin_end: 10, count: 1 },
      ]);
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
      expect((await t.raw('SELECT COUNT(*) AS n FROM baselinr_drift_events')).map((r) => Number(r.n))).toEqual([2]);
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
      const stored = await t.raw(`SELECT run_id, baseline_run_id, severity FROM baselinr_drift_events ORDER BY event_id`);
      expect(stored.map((r) => [r.run_id, r.baseline_run_id, r.severity])).toEqual(report.events.map((e) => [third, first, e.severity]));
    });

    it('never compares a run stored before the change of metric meanings with one stored after, and says so once', async () => {
      // A store no earlier release wrote to has Baselinr's meanings from the start.
      expect(await t.store.metricMeaningsSince!()).toEqual(new Date(0));
      // A store an earlier release wrote to (layouts 1-5 recorded) takes them when it is upgraded.
      await t.raw(`DELETE FROM baselinr_store_layout WHERE version = ${METRIC_MEANINGS_LAYOUT_VERSION}`);
      await t.store.ensureSchema();
      const since = await t.store.metricMeaningsSince!();
      expect(since!.getTime(), 'ensureSchema records when the store took the new meanings').toBeGreaterThan(Date.parse('2026-01-01T00:00:00Z'));
      // A store's history from before the change (profiled in 2025), then runs after it.
      const after = (minutes: number) => ({ profiledAt: new Date(since!.getTime() + minutes * minute) });
      const [old, first, second] = [randomUUID(), randomUUID(), randomUUID()];
      await t.store.saveTableRun(tableRun(old, 'orders', 0, { id: { count: 80, mean: 100 } }));
      await t.store.saveTableRun({ ...tableRun(first!, 'orders', 0, { id: { count: 100, mean: 10 } }), ...after(1) });
      await t.store.saveTableRun(tableRun(old, 'customers', 0, { id: { count: 5 } }));
      await t.store.saveTableRun({ ...tableRun(first!, 'customers', 0, { id: { count: 9 } }), ...after(1) });
      const settings = validateConfig({ source: { type: 'sqlite' }, drift_detection: { strategy: 'standard_deviation', standard_deviation: { window: 5 } } }).drift_detection;

      const across = await detectDrift(t.store, settings, { save: false });
      expect(across.events).toEqual([]);
      expect(across.compared).toEqual([]);
      expect(across.meaningsChanged).toEqual({
        version: METRIC_MEANINGS_LAYOUT_VERSION,
        since,
        datasets: [
          { schema: 'main', table: 'customers' },
          { schema: 'main', table: 'orders' },
        ],
      });
      expect(across.skipped.map((s) => s.reason)).toEqual([meaningsReason(METRIC_MEANINGS_LAYOUT_VERSION), meaningsReason(METRIC_MEANINGS_LAYOUT_VERSION)]);

      // Runs after the change are compared with each other; the window does not reach back before it.
      await t.store.saveTableRun({ ...tableRun(second!, 'orders', 0, { id: { count: 100, mean: 12 } }), ...after(2) });
      const report = await detectDrift(t.store, settings, { save: false, datasets: ['orders'] });
      expect(report.meaningsChanged).toBeUndefined();
      expect(report.compared).toEqual([expect.objectContaining({ baselineRunId: first, currentRunId: second, historyRuns: 1 })]);
    });

    it('compares a sampled run with a full one without the metrics that count rows, and says how their rows differ', async () => {
      const sample = (fraction: number, sql: string) => ({
        sampling: { method: 'random' as const, fraction, setBy: 'default_sample_ratio' as const, sql, repeatable: true },
        notes: ['a note is not a difference'],
      });
      const run = (runId: string, minutes: number, rowCount: number, v: Partial<Record<MetricName, MetricValue>>) => ({
        ...tableRun(runId, 'events', minutes, { v }),
        rowCount,
      });
      const [full, sampled, resampled, other] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      // A partition choice of `all` filters nothing: the same rows as none.
      await t.store.saveTableRun({
        ...run(full, 0, 1000, { count: 1000, null_count: 100, null_ratio: 0.1, distinct_count: 900, mean: 50 }),
        rowSelection: { partition: { key: 'day', strategy: 'all' }, notes: [] },
      });
      await t.store.saveTableRun({
        ...run(sampled, 10, 100, { count: 100, null_count: 10, null_ratio: 0.1, distinct_count: 95, mean: 80 }),
        rowSelection: sample(0.1, 'TABLESAMPLE (10)'),
      });
      const settings = validateConfig({ source: { type: 'sqlite' } }).drift_detection;

      const across = await detectDrift(t.store, settings);
      expect(across.compared).toEqual([
        expect.objectContaining({
          baselineRunId: full,
          currentRunId: sampled,
          rowSelection: {
            current: 'random 10% of rows (TABLESAMPLE (10))',
            baseline: 'full table',
            uncompared: [
              { column: null, metric: 'row_count' },
              { column: 'v', metric: 'count' },
              { column: 'v', metric: 'null_count' },
              { column: 'v', metric: 'distinct_count' },
            ],
          },
        }),
      ]);
      // Counts fell tenfold and are not compared; the ratio held; the mean moved and is reported.
      expect(across.events.map((e) => [e.column, e.metric, e.severity])).toEqual([['v', 'mean', 'high']]);
      expect((await t.store.listEvents({ runId: sampled })).map((e) => e.metric)).toEqual(['mean']);

      // Two runs of the same sample compare every metric, counts included.
      await t.store.saveTableRun({
        ...run(resampled, 20, 120, { count: 120, null_count: 12, null_ratio: 0.1, distinct_count: 114, mean: 80 }),
        rowSelection: sample(0.1, 'TABLESAMPLE (10)'),
      });
      const alike = await detectDrift(t.store, settings, { save: false });
      expect(alike.compared[0]!.rowSelection).toBeUndefined();
      expect(alike.events.map((e) => e.metric)).toEqual(['row_count', 'count', 'null_count', 'distinct_count']);

      // Another fraction is other rows.
      await t.store.saveTableRun({
        ...run(other, 30, 120, { count: 120, null_count: 12, null_ratio: 0.1, distinct_count: 114, mean: 80 }),
        rowSelection: sample(0.2, 'TABLESAMPLE (20)'),
      });
      const refraction = await detectDrift(t.store, settings, { save: false });
      expect(refraction.compared[0]!.rowSelection).toMatchObject({ current: 'random 20% of rows (TABLESAMPLE (20))', baseline: 'random 10% of rows (TABLESAMPLE (10))' });
      expect(refraction.events).toEqual([]);

      expect(await t.store.listRowSelections!({ dataset: { schema: 'main', table: 'events' }, runIds: [full, resampled, randomUUID()] })).toEqual(
        expect.arrayContaining([
          { runId: full, schema: 'main', table: 'events', partition: { key: 'day', strategy: 'all' }, notes: [] },
          { runId: resampled, schema: 'main', table: 'events', ...sample(0.1, 'TABLESAMPLE (10)') },
        ]),
      );
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
      expect(await t.raw('SELECT event_id FROM baselinr_drift_events')).toEqual([]);
    });
  });
}
