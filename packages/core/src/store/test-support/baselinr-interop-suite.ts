import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Row } from '../../adapter/contract.js';
import { validateConfig } from '../../config/load.js';
import { detectDrift } from '../../drift/detect-drift.js';
import { listDriftEvents } from '../../drift/list-events.js';
import { STORE_SCHEMA_VERSION, type TableRunRecord } from '../contract.js';
import { StoreLayoutError } from '../store-shape.js';
import {
  BASELINR_EVENT_ID,
  BASELINR_RUNS,
  BASELINR_TABLES,
  baselinrReaders,
  baselinrStoreDdl,
  baselinrStoreRows,
  baselinrWrites,
  type StoreDialect,
} from './baselinr-store-fixture.js';
import type { StoreUnderTest } from './history-suite.js';

const orders = { schema: 'public', table: 'orders' };

/** A table run of `public.orders` as this product's profiler records it. */
function ourRun(runId: string, profiledAt: Date, mean: number, status: TableRunRecord['status'] = 'succeeded'): TableRunRecord {
  const succeeded = status === 'succeeded';
  return {
    runId,
    ...orders,
    environment: 'test',
    profiledAt,
    status,
    durationSeconds: 1.5,
    rowCount: succeeded ? 100 : null,
    columnCount: succeeded ? 2 : null,
    error: succeeded ? null : 'permission denied',
    columns: succeeded
      ? [
          { column: 'id', dataType: 'INTEGER', kind: 'integer', metrics: { count: 100, null_count: 0, null_ratio: 0, mean } },
          { column: 'status', dataType: 'VARCHAR(20)', kind: 'string', metrics: { distinct_count: 3 } },
        ]
      : [],
  };
}

/** Every row of Baselinr's tables, in a stable order: what its CLI and dashboard can read. */
async function baselinrSnapshot(t: StoreUnderTest): Promise<Record<string, Row[]>> {
  const snapshot: Record<string, Row[]> = {};
  for (const [table, order] of Object.entries(BASELINR_TABLES)) snapshot[table] = await t.raw(`SELECT * FROM ${table} ORDER BY ${order}`);
  return snapshot;
}

/** A table's presence, read behind the store's back. */
async function exists(t: StoreUnderTest, table: string): Promise<boolean> {
  return t.raw(`SELECT 1 FROM ${table} WHERE 1 = 0`).then(
    () => true,
    () => false,
  );
}

const driftSettings = validateConfig({ source: { type: 'sqlite' } }).drift_detection;

/**
 * One results store for both tools, on one database. Direction 1: a store Baselinr made and filled
 * is read and added to without changing what Baselinr reads. Direction 2: a store this product
 * made answers the SELECTs Baselinr's readers issue with what they expect.
 */
export function describeBaselinrInterop(label: string, dialect: StoreDialect, open: () => Promise<StoreUnderTest>): void {
  describe(`one store for Baselinr and this product on ${label}`, () => {
    let t: StoreUnderTest;
    beforeEach(async () => {
      t = await open();
    });
    afterEach(async () => t.close());

    async function baselinrMadeStore(): Promise<void> {
      for (const sql of [...baselinrStoreDdl(dialect), ...baselinrStoreRows()]) await t.raw(sql);
    }

    it("reads the history of a store Baselinr made, and adds a run and drift beside it without changing Baselinr's rows or columns", async () => {
      await baselinrMadeStore();
      const before = await baselinrSnapshot(t);
      const [older, latest] = BASELINR_RUNS;
      // Before any upgrade, Baselinr's runs and results read as layout 1.
      expect(await t.store.schemaVersion()).toBe(1);
      expect((await t.store.listRuns()).map((r) => r.runId)).toEqual([latest.runId, older.runId]);

      await t.store.ensureSchema();
      await t.store.ensureSchema();
      expect(await t.store.schemaVersion()).toBe(STORE_SCHEMA_VERSION);
      expect(await baselinrSnapshot(t)).toEqual(before);

      // Baselinr's history, as `query` and `report` read it: `completed` is a success.
      const runs = await t.store.listRuns({ dataset: orders, status: 'succeeded' });
      expect(runs.map((r) => [r.runId, r.status, r.rowCount, r.columnCount, r.environment])).toEqual([
        [latest.runId, 'succeeded', 100, 2, 'development'],
        [older.runId, 'succeeded', 100, 2, 'development'],
      ]);
      const metrics = await t.store.listMetrics({ runIds: [latest.runId], dataset: orders });
      expect(metrics.find((m) => m.metric === 'mean')?.value).toBe('51.0');
      expect(metrics.find((m) => m.metric === 'histogram')?.value).toContain("'bin_start': 1.0");

      // Our profile adds a run; drift compares it with Baselinr's last run.
      const ours = randomUUID();
      await t.store.saveTableRun(ourRun(ours, new Date(), 76.5));
      const report = await detectDrift(t.store, driftSettings);
      expect(report.compared).toEqual([expect.objectContaining({ ...orders, baselineRunId: latest.runId, currentRunId: ours })]);
      expect(report.events).toEqual([expect.objectContaining({ column: 'id', metric: 'mean', baselineValue: '51.0', currentValue: '76.5', severity: 'high' })]);
      expect(await t.store.listEvents({ runId: ours })).toEqual([expect.objectContaining({ metric: 'mean', baselineRunId: latest.runId })]);

      // Baselinr's rows are as they were; its tables gained only rows of the shape it writes.
      const after = await baselinrSnapshot(t);
      const added = (table: keyof typeof BASELINR_TABLES, key: string) => after[table]!.filter((row) => !before[table]!.some((old) => String(old[key]) === String(row[key])));
      const kept = (table: keyof typeof BASELINR_TABLES, key: string) => after[table]!.filter((row) => before[table]!.some((old) => String(old[key]) === String(row[key])));
      for (const [table, key] of [
        ['baselinr_runs', 'run_id'],
        ['baselinr_results', 'id'],
        ['baselinr_events', 'event_id'],
        ['baselinr_schema_version', 'version'],
      ] as const) {
        expect(kept(table, key)).toEqual(before[table]);
        for (const row of added(table, key)) expect(Object.keys(row).sort()).toEqual(Object.keys(before[table]![0]!).sort());
      }
      expect(added('baselinr_runs', 'run_id')).toEqual([expect.objectContaining({ run_id: ours, status: 'completed', schema_name: 'public' })]);
      expect(added('baselinr_results', 'id')).toHaveLength(5);
      expect(added('baselinr_events', 'event_id')).toEqual([expect.objectContaining({ run_id: ours, event_type: 'DataDriftDetected', drift_severity: 'high' })]);
      expect(added('baselinr_schema_version', 'version')).toEqual([]);

      // What Baselinr has no column for is kept beside its table, and read back.
      await t.store.saveTableRun({ ...ourRun(randomUUID(), new Date(), 0, 'failed'), table: 'customers' });
      const [failed] = await t.store.listRuns({ table: 'customers' });
      expect(failed).toMatchObject({ status: 'failed', error: 'permission denied', durationSeconds: 1.5 });
      expect((await t.store.listRuns({ runId: ours }))[0]!.durationSeconds).toBe(1.5);
      expect((await t.store.lastDurations([orders])).get('public.orders')).toBe(1.5);
    });

    it("reads Baselinr's runs as the whole table: a sampled run of ours is compared with them without the metrics that count rows", async () => {
      await baselinrMadeStore();
      await t.store.ensureSchema();
      const ours = randomUUID();
      const sampled = { sampling: { method: 'random' as const, fraction: 0.5, setBy: 'default_sample_ratio' as const, sql: 'TABLESAMPLE (50)', repeatable: true }, notes: [] };
      // Half the rows, so half the counts: drift if compared; the mean (51.0 before) is compared.
      const half = ourRun(ours, new Date(), 76.5);
      await t.store.saveTableRun({
        ...half,
        rowCount: 50,
        columns: half.columns.map((c) => (c.column === 'id' ? { ...c, metrics: { ...c.metrics, count: 50 } } : c)),
        rowSelection: sampled,
      });
      const report = await detectDrift(t.store, driftSettings, { save: false });
      expect(report.compared[0]!.rowSelection).toMatchObject({ current: 'random 50% of rows (TABLESAMPLE (50))', baseline: 'full table' });
      expect(report.events.map((e) => [e.column, e.metric])).toEqual([['id', 'mean']]);
    });

    it("marks the events of a comparison across different rows, listed and in their copies' metadata, and lists a run's events of both tools", async () => {
      await baselinrMadeStore();
      await t.store.ensureSchema();
      const sample = { sampling: { method: 'random' as const, fraction: 0.5, setBy: 'default_sample_ratio' as const, sql: 'TABLESAMPLE (50)', repeatable: true }, notes: [] };
      const sampled = randomUUID();
      await t.store.saveTableRun({ ...ourRun(sampled, new Date(), 76.5), rowSelection: sample });
      await detectDrift(t.store, driftSettings);
      const acrossRows = { current: 'random 50% of rows (TABLESAMPLE (50))', baseline: 'full table' };
      expect(await listDriftEvents(t.store, { runId: sampled })).toEqual([
        expect.objectContaining({ writtenBy: 'baselinr-ts', runId: sampled, metric: 'mean', rowSelection: acrossRows }),
      ]);
      // The copy Baselinr's readers see says so in its metadata.
      const [copy] = await t.raw(`SELECT metadata FROM baselinr_events WHERE run_id = '${sampled}'`);
      expect(JSON.parse(String(copy!.metadata))).toMatchObject({ baseline_run_id: BASELINR_RUNS[1].runId, row_selection: acrossRows });

      // Another sample alike: compared with the first, its events carry no mark, and neither does their copy.
      const resampled = randomUUID();
      await t.store.saveTableRun({ ...ourRun(resampled, new Date(Date.now() + 1000), 150), rowSelection: sample });
      await detectDrift(t.store, driftSettings);
      expect(await listDriftEvents(t.store, { runId: resampled })).toEqual([expect.objectContaining({ baselineRunId: sampled, metric: 'mean', rowSelection: null })]);
      const [alike] = await t.raw(`SELECT metadata FROM baselinr_events WHERE run_id = '${resampled}'`);
      expect(JSON.parse(String(alike!.metadata))).not.toHaveProperty('row_selection');

      // Baselinr's own event of its run is found by the run's id, with no mark: Baselinr records no rows.
      expect(await listDriftEvents(t.store, { runId: BASELINR_RUNS[1].runId })).toEqual([
        expect.objectContaining({ eventId: BASELINR_EVENT_ID, writtenBy: 'baselinr', rowSelection: null }),
      ]);
      expect(await listDriftEvents(t.store, { runId: BASELINR_RUNS[0].runId })).toEqual([]);
    });

    it("lists Baselinr's own drift and schema events beside this product's, each once, with the same filters and who wrote each", async () => {
      await baselinrMadeStore();
      // Baselinr's hook also writes a schema change (its severity only in the metadata) and events that are not drift.
      const schemaChangeId = '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70';
      const insert = (id: string, type: string, at: string, metadata: object) =>
        t.raw(
          `INSERT INTO baselinr_events (event_id, event_type, run_id, table_name, column_name, metric_name, baseline_value, current_value, change_percent, drift_severity, timestamp, metadata) ` +
            `VALUES ('${id}', '${type}', NULL, 'orders', 'note', NULL, NULL, NULL, NULL, NULL, '${at}', '${JSON.stringify(metadata)}')`,
        );
      await insert(schemaChangeId, 'SchemaChangeDetected', '2025-03-01 09:00:00.000000', {
        table: 'orders',
        change_type: 'column_added',
        column: 'note',
        new_type: 'TEXT',
        change_severity: 'medium',
      });
      await insert(randomUUID(), 'ProfilingStarted', '2025-03-02 07:59:00.000000', { table: 'orders' });
      const ids = async (filter: Parameters<typeof listDriftEvents>[1]) => (await listDriftEvents(t.store, filter)).map((e) => [e.eventId, e.writtenBy]);

      // Read-only before any upgrade: Baselinr's events are there already.
      expect(await ids({ limit: 100 })).toEqual([
        [BASELINR_EVENT_ID, 'baselinr'],
        [schemaChangeId, 'baselinr'],
      ]);

      // This product's drift writes its event to both tables; it is listed once, as its own.
      await t.store.ensureSchema();
      const ours = randomUUID();
      await t.store.saveTableRun(ourRun(ours, new Date(), 76.5));
      await detectDrift(t.store, driftSettings);
      const all = await listDriftEvents(t.store, { limit: 100 });
      expect(all).toHaveLength(3);
      const [own, baselinrDrift, schemaChange] = all;
      expect(own).toMatchObject({ writtenBy: 'baselinr-ts', runId: ours, baselineRunId: BASELINR_RUNS[1].runId, schema: 'public', metric: 'mean', severity: 'high' });
      expect(baselinrDrift).toMatchObject({
        writtenBy: 'baselinr',
        runId: BASELINR_RUNS[1].runId,
        baselineRunId: null,
        schema: null,
        table: 'orders',
        column: 'id',
        metric: 'mean',
        eventType: 'drift',
        baselineValue: '50.5',
        currentValue: '51',
        // Baselinr's FLOAT is single precision on MySQL.
        changePercent: expect.closeTo(0.99, 6),
        severity: 'low',
        detectedAt: new Date('2025-03-02T08:00:00.000Z'),
      });
      expect(schemaChange).toMatchObject({ eventType: 'column_added', column: 'note', baselineValue: null, currentValue: 'TEXT', severity: 'medium' });

      expect(await ids({ severity: 'medium', limit: 100 })).toEqual([[schemaChangeId, 'baselinr']]);
      expect(await ids({ severity: 'low', limit: 100 })).toEqual([[BASELINR_EVENT_ID, 'baselinr']]);
      expect(await ids({ severity: 'high', limit: 100 })).toEqual([[own!.eventId, 'baselinr-ts']]);
      expect(await ids({ table: 'customers', limit: 100 })).toEqual([]);
      expect(await ids({ since: new Date('2025-03-02T00:00:00Z'), limit: 100 })).toEqual([
        [own!.eventId, 'baselinr-ts'],
        [BASELINR_EVENT_ID, 'baselinr'],
      ]);
      expect(await ids({ limit: 1, offset: 1 })).toEqual([[BASELINR_EVENT_ID, 'baselinr']]);
      expect(await ids({ limit: 2, offset: 2 })).toEqual([[schemaChangeId, 'baselinr']]);
    });

    it('upgrades nothing and says why when a table has a name both tools use but neither layout', async () => {
      await baselinrMadeStore();
      await t.raw('DROP TABLE baselinr_events');
      await t.raw('CREATE TABLE baselinr_events (id INTEGER, note VARCHAR(20))');
      const error = await t.store.ensureSchema().then(
        () => undefined,
        (err: unknown) => err,
      );
      // By name: the store under test may come from core's build, this file from its source.
      expect(error).toMatchObject({ name: StoreLayoutError.name, code: 'CONFIG_INVALID' });
      expect((error as Error).message).toMatch(/table baselinr_events has neither Baselinr's columns .* nothing was changed/);
      for (const table of ['baselinr_store_layout', 'baselinr_drift_events', 'baselinr_run_summaries', 'baselinr_table_outcomes']) expect(await exists(t, table)).toBe(false);
    });

    it("answers Baselinr's readers on a store this product made: completed runs, their metrics, and events with Baselinr's columns", async () => {
      await t.store.ensureSchema();
      const [baseline, current, failed] = [randomUUID(), randomUUID(), randomUUID()];
      await t.store.saveTableRun(ourRun(baseline, new Date(Date.parse('2025-03-01T08:00:00Z')), 50));
      await t.store.saveTableRun({ ...ourRun(failed, new Date(Date.parse('2025-03-01T09:00:00Z')), 0, 'failed'), table: 'customers' });
      await t.store.saveTableRun(ourRun(current, new Date(Date.parse('2025-03-02T08:00:00Z')), 75));
      const report = await detectDrift(t.store, driftSettings, { datasets: ['public.orders'] });
      expect(report.events.map((e) => e.metric)).toEqual(['mean']);

      const completed = await t.raw(baselinrReaders.queryRuns('completed'));
      expect(completed.map((r) => [r.run_id, r.dataset_name, r.schema_name, r.status, Number(r.row_count), Number(r.column_count)])).toEqual([
        [current, 'orders', 'public', 'completed', 100, 2],
        [baseline, 'orders', 'public', 'completed', 100, 2],
      ]);
      expect((await t.raw(baselinrReaders.queryRuns('failed'))).map((r) => r.run_id)).toEqual([failed]);
      const history = await t.raw(baselinrReaders.tableHistory('orders', 'public'));
      expect(history.map((r) => [r.run_id, r.status])).toEqual([
        [current, 'completed'],
        [baseline, 'completed'],
      ]);
      expect((await t.raw(baselinrReaders.latestRun('orders', 'public'))).map((r) => r.run_id)).toEqual([current]);

      const [runQuery, metricsQuery] = baselinrReaders.runDetails(current);
      expect((await t.raw(runQuery!)).map((r) => r.status)).toEqual(['completed']);
      expect((await t.raw(metricsQuery!)).map((r) => [r.column_name, r.metric_name, r.metric_value])).toEqual([
        ['id', 'count', '100'],
        ['id', 'mean', '75'],
        ['id', 'null_count', '0'],
        ['id', 'null_ratio', '0'],
        ['status', 'distinct_count', '3'],
      ]);

      const [drift] = await t.raw(baselinrReaders.driftEvents('orders'));
      expect(drift).toMatchObject({ event_type: 'DataDriftDetected', table_name: 'orders', column_name: 'id', metric_name: 'mean', drift_severity: 'high' });
      expect([Number(drift!.baseline_value), Number(drift!.current_value), Number(drift!.change_percent)]).toEqual([50, 75, 50]);
      expect(String(drift!.event_id)).toHaveLength(36);
      expect(Number.isNaN(new Date(drift!.timestamp as string).getTime())).toBe(false);
      const [withMetadata] = await t.raw(baselinrReaders.runEvents(current));
      expect(JSON.parse(String(withMetadata!.metadata))).toMatchObject({
        table: 'orders',
        schema: 'public',
        column: 'id',
        metric: 'mean',
        baseline_value: 50,
        current_value: 75,
        drift_severity: 'high',
        run_id: current,
        baseline_run_id: baseline,
      });
      // Comparing again replaces this product's events in both tables rather than adding to them.
      await detectDrift(t.store, driftSettings, { datasets: ['public.orders'] });
      expect(await t.raw(baselinrReaders.runEvents(current))).toHaveLength(1);
    });

    /** Runs of both tools on one day, Baselinr's at noon between ours at 11:00 and 13:00, read by both. */
    async function sameDayRuns(): Promise<void> {
      const baselinrs = randomUUID();
      const [, ...writes] = baselinrWrites(baselinrs, 'orders', '2026-06-01 12:00:00.000000');
      for (const sql of writes) await t.raw(sql);
      await t.store.saveTableRun(ourRun('ours-11', new Date('2026-06-01T11:00:00Z'), 1));
      await t.store.saveTableRun(ourRun('ours-13', new Date('2026-06-01T13:00:00Z'), 2));
      const ids = (runs: { runId: string }[]) => runs.map((r) => (r.runId === baselinrs ? 'baselinr-12' : r.runId));
      // A store Baselinr made holds its older runs of orders too: the day's runs come first.
      expect(ids(await t.store.listRuns({ dataset: orders, limit: 3 }))).toEqual(['ours-13', 'baselinr-12', 'ours-11']);
      expect(ids(await t.store.listRuns({ dataset: orders, since: new Date('2026-06-01T11:30:00Z') }))).toEqual(['ours-13', 'baselinr-12']);
      expect(ids(await t.store.listRuns({ dataset: orders, before: { profiledAt: new Date('2026-06-01T12:30:00Z'), runId: 'z' }, limit: 2 }))).toEqual(['baselinr-12', 'ours-11']);
      // Baselinr's own readers sort them by time too: its drift baseline is the 13:00 run.
      expect((await t.raw(baselinrReaders.tableHistory('orders', 'public'))).slice(0, 3).map((r) => (r.run_id === baselinrs ? 'baselinr-12' : r.run_id))).toEqual([
        'ours-13',
        'baselinr-12',
        'ours-11',
      ]);
    }

    it('orders and cuts the runs of both tools on one day by time, in a store Baselinr made', async () => {
      await baselinrMadeStore();
      await t.store.ensureSchema();
      await sameDayRuns();
    });

    it('orders and cuts the runs of both tools on one day by time, in a store this product made', async () => {
      await t.store.ensureSchema();
      await sameDayRuns();
    });

    it("takes Baselinr's writes on a store this product made: its runs key fits, and they read as successful runs", async () => {
      await t.store.ensureSchema();
      // Baselinr looks for the events table before creating one: it finds this product's.
      await t.raw(baselinrReaders.eventsTableExists);
      const runId = randomUUID();
      const [exists, ...writes] = baselinrWrites(runId, 'orders', '2025-03-03 08:00:00.000000');
      expect(await t.raw(exists!)).toEqual([]);
      for (const sql of writes) await t.raw(sql);
      expect(await t.store.listRuns({ runId })).toEqual([expect.objectContaining({ ...orders, status: 'succeeded', rowCount: 7, durationSeconds: null })]);
      expect((await t.store.listMetrics({ runIds: [runId] })).map((m) => [m.metric, m.value])).toEqual([['count', '7']]);
    });
  });
}
