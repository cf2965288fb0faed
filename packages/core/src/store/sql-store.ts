import type { SqlDriver, TransactionQuery } from '../adapter/sql-driver.js';
import { tableKey, type TableRef } from '../adapter/types.js';
import type { MetricValue } from '../plan/metrics.js';
import {
  METRIC_MEANINGS_LAYOUT_VERSION,
  ROW_SELECTIONS_LAYOUT_VERSION,
  HEARTBEAT_LAYOUT_VERSION,
  RUN_DETAILS_LAYOUT_VERSION,
  type DriftEvent,
  type EventFilter,
  type MetricFilter,
  type ResultsStore,
  type RunFilter,
  type StoredDriftEvent,
  type StoredMetric,
  type StoredTableRun,
  type TableRunRecord,
  type TableRunStatus,
  type DriftEventType,
  type DriftSeverity,
  type RunHeartbeat,
  type RunSummaryFilter,
  type RunSummaryRecord,
  type RunSummaryStatus,
  type RowSelectionFilter,
  type StoredRowSelection,
  type StoredTableTiming,
  type TableStateStore,
  type BaselinrDriftEvent,
  type BaselinrEventFilter,
  type EventScope,
} from './contract.js';
import { storedDate, storedJsonArray, storedJsonObject, storedNumber, storedRunStatus, storedText } from './row-values.js';
import { baselinrEventRow, BASELINR_DRIFT_EVENT_TYPES, BASELINR_EVENT_COLUMNS, eventIdPrefix, MIRRORED_EVENT_ID_PATTERN, readBaselinrEvent } from './baselinr-events.js';
import type { StoreTableNames } from './sql-schema.js';
import { inspectStore, type StoreShape } from './store-shape.js';
import { layoutAppliedAt, storeLayoutVersion, upgradeStore } from './store-upgrade.js';
import { SqlTableStateStore } from './table-state.js';

export interface SqlStoreTables {
  readonly resultsTable: string;
  readonly runsTable: string;
  /** Whether tables made on demand (the incremental metadata table) may be created; `storage.create_tables`, default true. */
  readonly createTables?: boolean;
}

/** What the store holds, read once: which tables are Baselinr's, and the layout version. */
interface StoreState {
  readonly shape: StoreShape;
  readonly version: number;
}

/** The layout version that added Baselinr's events table and, on Baselinr's runs table, the outcomes beside it. */
const SHARED_LAYOUT_VERSION = 5;

const SUMMARY_COLUMNS =
  'run_id, environment, warehouse, status, started_at, finished_at, requested_workers, effective_workers, pool_size, table_count, worker_clamps, concurrency_changes';
const RUN_COLUMNS = 'run_id, dataset_name, schema_name, profiled_at, environment, status, row_count, column_count';
const OUTCOME_COLUMNS = 'run_id, dataset_name, schema_name, duration_seconds, error_message';
const TIMING_COLUMNS = 'run_id, dataset_name, schema_name, worker, started_at, finished_at, statement_count, statement_attempts, retries';

const DAY_MS = 86_400_000;

/** Multi-row inserts in slices keep the parameter count under every driver's limit. */
const ROWS_PER_INSERT = 100;
/** IN lists in slices, for the same reason. */
const IDS_PER_QUERY = 500;

/** Collects bound values and hands out the driver's placeholder for each, in order. */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly placeholder: (index: number) => string) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.placeholder(this.values.length - 1);
  }
}

/**
 * Baselinr's results layout on any SQL database, shared by every adapter that offers a store.
 * Only portable SQL: no RETURNING, no upserts, LIMIT as an inlined validated integer.
 */
export class SqlResultsStore implements ResultsStore {
  private readonly raw: StoreTableNames;
  /** Read once: writes and reads of newer tables skip older stores, and Baselinr's tables are written its way. */
  private state: Promise<StoreState> | undefined;
  private readonly createTables: boolean;
  private readonly stateStores = new Map<string, SqlTableStateStore>();

  constructor(
    private readonly driver: SqlDriver,
    tables: SqlStoreTables,
  ) {
    this.createTables = tables.createTables ?? true;
    this.raw = {
      runs: tables.runsTable,
      results: tables.resultsTable,
      events: 'baselinr_drift_events',
      baselinrEvents: 'baselinr_events',
      summaries: 'baselinr_run_summaries',
      timings: 'baselinr_table_timings',
      outcomes: 'baselinr_table_outcomes',
      rowSelections: 'baselinr_row_selections',
      heartbeats: 'baselinr_run_heartbeats',
      version: 'baselinr_schema_version',
      layout: 'baselinr_store_layout',
    };
  }

  private get names() {
    const q = this.driver.quoteIdentifier;
    const r = this.raw;
    return {
      runs: q(r.runs),
      results: q(r.results),
      baselinrEvents: q(r.baselinrEvents),
      summaries: q(r.summaries),
      timings: q(r.timings),
      outcomes: q(r.outcomes),
      rowSelections: q(r.rowSelections),
      heartbeats: q(r.heartbeats),
    };
  }

  private current(): Promise<StoreState> {
    // A failed read (a lost connection) is not kept: the next call reads again.
    this.state ??= this.readState().catch((err: unknown) => {
      this.state = undefined;
      throw err;
    });
    return this.state;
  }

  private async readState(): Promise<StoreState> {
    const shape = await inspectStore(this.driver, this.raw);
    return { shape, version: await storeLayoutVersion(this.driver, this.raw, shape) };
  }

  /** This product's events table: still under Baselinr's name on a store not yet at layout 5. */
  private eventsTable({ shape }: StoreState): string {
    return this.driver.quoteIdentifier(shape.events === 'own' ? this.raw.baselinrEvents : this.raw.events);
  }

  /**
   * The runs as this product reads them. Baselinr's runs table has no duration or error (they are
   * in the outcomes table beside it) and may have no schema name.
   */
  private runsSource(state: StoreState): string {
    const { runs, outcomes } = this.names;
    // Either tool may have written a run's time, each in its own text form on SQLite.
    const profiledAt = (column: string) => `${this.driver.textTimestamps?.comparable(column) ?? column} AS profiled_at`;
    if (state.shape.runs !== 'baselinr') {
      if (!this.driver.textTimestamps) return runs;
      return `(SELECT run_id, dataset_name, schema_name, ${profiledAt('profiled_at')}, environment, status, row_count, column_count, duration_seconds, error_message FROM ${runs})`;
    }
    const columns = `b.run_id, b.dataset_name, COALESCE(b.schema_name, '') AS schema_name, ${profiledAt('b.profiled_at')}, b.environment, b.status, b.row_count, b.column_count`;
    if (state.version < SHARED_LAYOUT_VERSION) return `(SELECT ${columns}, NULL AS duration_seconds, NULL AS error_message FROM ${runs} b)`;
    return (
      `(SELECT ${columns}, o.duration_seconds, o.error_message FROM ${runs} b LEFT JOIN ${outcomes} o ` +
      `ON o.run_id = b.run_id AND o.dataset_name = b.dataset_name AND o.schema_name = COALESCE(b.schema_name, ''))`
    );
  }

  /**
   * Whether the store has the run-detail tables. A store left at an older layout (storage.create_tables:
   * false) still takes every table's results; it just keeps no timings or summaries.
   */
  private async hasRunDetails(): Promise<boolean> {
    return (await this.current()).version >= RUN_DETAILS_LAYOUT_VERSION;
  }

  async ensureSchema(): Promise<void> {
    this.state = undefined;
    await upgradeStore(this.driver, this.raw);
  }

  async schemaVersion(): Promise<number> {
    return (await this.readState()).version;
  }

  async metricMeaningsSince(): Promise<Date | null> {
    return layoutAppliedAt(this.driver, this.raw, (await this.current()).shape, METRIC_MEANINGS_LAYOUT_VERSION);
  }

  async saveTableRun(record: TableRunRecord): Promise<void> {
    const { runs, results, timings, outcomes, rowSelections } = this.names;
    const state = await this.current();
    const timing = record.timing && state.version >= RUN_DETAILS_LAYOUT_VERSION ? record.timing : undefined;
    const selection = record.rowSelection && state.version >= ROW_SELECTIONS_LAYOUT_VERSION ? record.rowSelection : undefined;
    const runsAreBaselinrs = state.shape.runs === 'baselinr';
    // In the form Baselinr writes too, so its readers (ORDER BY profiled_at) sort both tools' runs by time.
    const profiledAt = this.driver.textTimestamps?.baselinrText(record.profiledAt) ?? record.profiledAt;
    const run = [record.runId, record.table, record.schema, profiledAt, record.environment, storedStatus(record.status), record.rowCount, record.columnCount];
    const outcome = [record.durationSeconds, record.error];
    const rows = record.columns.flatMap((column) =>
      Object.entries(column.metrics).map(([metric, value]) => [
        record.runId,
        record.table,
        record.schema,
        column.column,
        column.dataType,
        metric,
        serialiseMetric(value),
        profiledAt,
      ]),
    );
    await this.driver.transaction(async (query) => {
      if (runsAreBaselinrs) {
        // Baselinr's eight columns, and what it has no column for beside them.
        await query(`INSERT INTO ${runs} (${RUN_COLUMNS}) VALUES ${this.valueLists(1, 8)}`, run);
        if (state.version >= SHARED_LAYOUT_VERSION) {
          await query(`INSERT INTO ${outcomes} (${OUTCOME_COLUMNS}) VALUES ${this.valueLists(1, 5)}`, [record.runId, record.table, record.schema, ...outcome]);
        }
      } else {
        await query(`INSERT INTO ${runs} (${RUN_COLUMNS}, duration_seconds, error_message) VALUES ${this.valueLists(1, 10)}`, [...run, ...outcome]);
      }
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        const slice = rows.slice(i, i + ROWS_PER_INSERT);
        await query(
          `INSERT INTO ${results} (run_id, dataset_name, schema_name, column_name, column_type, metric_name, metric_value, profiled_at) VALUES ${this.valueLists(slice.length, 8)}`,
          slice.flat(),
        );
      }
      if (timing) {
        await query(`INSERT INTO ${timings} (${TIMING_COLUMNS}) VALUES ${this.valueLists(1, 9)}`, [
          record.runId,
          record.table,
          record.schema,
          timing.worker,
          record.profiledAt,
          timing.finishedAt,
          timing.statementCount,
          timing.statementAttempts,
          timing.retries,
        ]);
      }
      if (selection) {
        await query(`INSERT INTO ${rowSelections} (run_id, dataset_name, schema_name, partition_config, sampling_config, notes) VALUES ${this.valueLists(1, 6)}`, [
          record.runId,
          record.table,
          record.schema,
          selection.partition ? JSON.stringify(selection.partition) : null,
          selection.sampling ? JSON.stringify(selection.sampling) : null,
          selection.notes.length > 0 ? JSON.stringify(selection.notes) : null,
        ]);
      }
    });
  }

  async saveRunSummary(summary: RunSummaryRecord): Promise<void> {
    if (!(await this.hasRunDetails())) return;
    const { summaries } = this.names;
    const p = this.driver.placeholder;
    // Delete and insert in one transaction: the portable upsert (no ON CONFLICT in MySQL, no REPLACE in PostgreSQL).
    await this.driver.transaction(async (query) => {
      await query(`DELETE FROM ${summaries} WHERE run_id = ${p(0)}`, [summary.runId]);
      await query(`INSERT INTO ${summaries} (${SUMMARY_COLUMNS}) VALUES ${this.valueLists(1, 12)}`, [
        summary.runId,
        summary.environment,
        summary.warehouse,
        summary.status,
        summary.startedAt,
        summary.finishedAt,
        summary.requestedWorkers,
        summary.effectiveWorkers,
        summary.poolSize,
        summary.tableCount,
        JSON.stringify(summary.clamps),
        JSON.stringify(summary.concurrencyChanges),
      ]);
    });
  }

  async listRunSummaries(filter: RunSummaryFilter = {}): Promise<RunSummaryRecord[]> {
    if (!(await this.hasRunDetails())) return [];
    const params = new Params(this.driver.placeholder);
    const where = filter.runId === undefined ? '' : ` WHERE run_id = ${params.add(filter.runId)}`;
    const rows = await this.driver.query(
      `SELECT ${SUMMARY_COLUMNS} FROM ${this.names.summaries}${where} ORDER BY started_at DESC, run_id DESC${limitClause(filter.limit)}`,
      params.values,
    );
    return rows.map((r) => ({
      runId: String(r.run_id),
      environment: storedText(r.environment) ?? '',
      warehouse: String(r.warehouse),
      status: String(r.status) as RunSummaryStatus,
      startedAt: storedDate(r.started_at),
      finishedAt: r.finished_at === null || r.finished_at === undefined ? null : storedDate(r.finished_at),
      requestedWorkers: storedNumber(r.requested_workers) ?? 0,
      effectiveWorkers: storedNumber(r.effective_workers) ?? 0,
      poolSize: storedNumber(r.pool_size),
      tableCount: storedNumber(r.table_count) ?? 0,
      clamps: storedJsonArray(r.worker_clamps),
      concurrencyChanges: storedJsonArray(r.concurrency_changes),
    }));
  }

  async listTableTimings(runId: string): Promise<StoredTableTiming[]> {
    if (!(await this.hasRunDetails())) return [];
    const p = this.driver.placeholder;
    const rows = await this.driver.query(`SELECT ${TIMING_COLUMNS} FROM ${this.names.timings} WHERE run_id = ${p(0)} ORDER BY started_at, schema_name, dataset_name`, [runId]);
    return rows.map((r) => ({
      runId: String(r.run_id),
      schema: String(r.schema_name),
      table: String(r.dataset_name),
      worker: storedNumber(r.worker),
      startedAt: storedDate(r.started_at),
      finishedAt: storedDate(r.finished_at),
      statementCount: storedNumber(r.statement_count) ?? 0,
      statementAttempts: storedNumber(r.statement_attempts) ?? 0,
      retries: storedNumber(r.retries) ?? 0,
    }));
  }

  async saveRunHeartbeat(heartbeat: RunHeartbeat): Promise<void> {
    if ((await this.current()).version < HEARTBEAT_LAYOUT_VERSION) return;
    const { heartbeats } = this.names;
    const p = this.driver.placeholder;
    await this.driver.transaction(async (query) => {
      await query(`DELETE FROM ${heartbeats} WHERE run_id = ${p(0)}`, [heartbeat.runId]);
      await query(`INSERT INTO ${heartbeats} (run_id, host, pid, heartbeat_at) VALUES ${this.valueLists(1, 4)}`, [heartbeat.runId, heartbeat.host, heartbeat.pid, heartbeat.at]);
    });
  }

  async listRunHeartbeats(runIds: readonly string[]): Promise<RunHeartbeat[]> {
    if (runIds.length === 0 || (await this.current()).version < HEARTBEAT_LAYOUT_VERSION) return [];
    const beats: RunHeartbeat[] = [];
    for (let i = 0; i < runIds.length; i += IDS_PER_QUERY) {
      const params = new Params(this.driver.placeholder);
      const ids = runIds.slice(i, i + IDS_PER_QUERY).map((id) => params.add(id));
      const rows = await this.driver.query(`SELECT run_id, host, pid, heartbeat_at FROM ${this.names.heartbeats} WHERE run_id IN (${ids.join(', ')})`, params.values);
      beats.push(...rows.map((r) => ({ runId: String(r.run_id), host: String(r.host), pid: storedNumber(r.pid) ?? 0, at: storedDate(r.heartbeat_at) })));
    }
    return beats;
  }

  /** `(?, ?), (?, ?)`: placeholders for `rows` rows of `width` values. */
  private valueLists(rows: number, width: number): string {
    const p = this.driver.placeholder;
    return Array.from({ length: rows }, (_, r) => `(${Array.from({ length: width }, (_, c) => p(r * width + c)).join(', ')})`).join(', ');
  }

  /** One per table name, so a queue worker saving after each job creates the table once. */
  tableStates(metadataTable: string): TableStateStore {
    const known = this.stateStores.get(metadataTable);
    if (known) return known;
    const states = new SqlTableStateStore(this.driver, metadataTable, this.createTables);
    this.stateStores.set(metadataTable, states);
    return states;
  }

  async lastDurations(tables: readonly TableRef[]): Promise<Map<string, number>> {
    const runs = this.runsSource(await this.current());
    const wanted = new Set(tables.map(tableKey));
    const rows = await this.driver.query(
      `SELECT r.schema_name, r.dataset_name, r.duration_seconds FROM ${runs} r ` +
        `JOIN (SELECT schema_name, dataset_name, MAX(profiled_at) AS latest FROM ${runs} s WHERE ${SUCCEEDED} GROUP BY schema_name, dataset_name) l ` +
        `ON r.schema_name = l.schema_name AND r.dataset_name = l.dataset_name AND r.profiled_at = l.latest WHERE r.${SUCCEEDED} AND r.duration_seconds IS NOT NULL`,
    );
    const durations = new Map<string, number>();
    for (const row of rows) {
      const key = tableKey({ schema: String(row.schema_name), table: String(row.dataset_name) });
      if (wanted.has(key)) durations.set(key, Number(row.duration_seconds));
    }
    return durations;
  }

  async listDatasets(): Promise<TableRef[]> {
    const rows = await this.driver.query(`SELECT DISTINCT schema_name, dataset_name FROM ${this.runsSource(await this.current())} r ORDER BY schema_name, dataset_name`);
    return rows.map((r) => ({ schema: String(r.schema_name), table: String(r.dataset_name) }));
  }

  async listRuns(filter: RunFilter = {}): Promise<StoredTableRun[]> {
    const params = new Params(this.driver.placeholder);
    const conditions: string[] = [];
    if (filter.runId !== undefined) conditions.push(`run_id = ${params.add(filter.runId)}`);
    if (filter.dataset) conditions.push(datasetCondition(filter.dataset, params));
    if (filter.status) conditions.push(filter.status === 'succeeded' ? SUCCEEDED : `status = ${params.add(filter.status)}`);
    if (filter.schema !== undefined) conditions.push(`schema_name = ${params.add(filter.schema)}`);
    if (filter.table !== undefined) conditions.push(`dataset_name = ${params.add(filter.table)}`);
    if (filter.environment !== undefined) conditions.push(`environment = ${params.add(filter.environment)}`);
    if (filter.since) conditions.push(`profiled_at >= ${params.add(filter.since)}`);
    if (filter.before) {
      const { profiledAt, runId } = filter.before;
      conditions.push(`(profiled_at < ${params.add(profiledAt)} OR (profiled_at = ${params.add(profiledAt)} AND run_id < ${params.add(runId)}))`);
    }
    const rows = await this.driver.query(
      `SELECT ${RUN_COLUMNS}, duration_seconds, error_message ` +
        `FROM ${this.runsSource(await this.current())} r${whereClause(conditions)} ORDER BY profiled_at DESC, run_id DESC${limitClause(filter.limit, filter.offset)}`,
      params.values,
    );
    return rows.map((r) => ({
      runId: String(r.run_id),
      schema: String(r.schema_name),
      table: String(r.dataset_name),
      profiledAt: storedDate(r.profiled_at),
      environment: storedText(r.environment),
      status: storedRunStatus(r.status),
      rowCount: storedNumber(r.row_count),
      columnCount: storedNumber(r.column_count),
      durationSeconds: storedNumber(r.duration_seconds),
      error: storedText(r.error_message),
    }));
  }

  async listMetrics(filter: MetricFilter): Promise<StoredMetric[]> {
    if (filter.runIds === undefined) return this.metricsFor(filter, undefined);
    const metrics: StoredMetric[] = [];
    for (let i = 0; i < filter.runIds.length; i += IDS_PER_QUERY) metrics.push(...(await this.metricsFor(filter, filter.runIds.slice(i, i + IDS_PER_QUERY))));
    // Each run lies within one slice, so a stable sort keeps each run's rows in written order.
    return metrics.sort((a, b) => a.profiledAt.getTime() - b.profiledAt.getTime() || compareText(a.runId, b.runId));
  }

  private async metricsFor(filter: MetricFilter, runIds: readonly string[] | undefined): Promise<StoredMetric[]> {
    const params = new Params(this.driver.placeholder);
    const conditions: string[] = [];
    if (runIds) conditions.push(`run_id IN (${runIds.map((id) => params.add(id)).join(', ')})`);
    // Baselinr may have written a run without a schema name; this product reads it as ''.
    if (filter.dataset) conditions.push(datasetCondition(filter.dataset, params, (await this.current()).shape.runs === 'baselinr' ? "COALESCE(schema_name, '')" : 'schema_name'));
    if (filter.column !== undefined) conditions.push(`column_name = ${params.add(filter.column)}`);
    if (filter.metric !== undefined) conditions.push(`metric_name = ${params.add(filter.metric)}`);
    const rows = await this.driver.query(
      `SELECT run_id, dataset_name, schema_name, column_name, column_type, metric_name, metric_value, profiled_at ` +
        `FROM ${this.names.results}${whereClause(conditions)} ORDER BY profiled_at, run_id, id`,
      params.values,
    );
    return rows.map((r) => ({
      runId: String(r.run_id),
      schema: storedText(r.schema_name) ?? '',
      table: String(r.dataset_name),
      column: String(r.column_name),
      columnType: storedText(r.column_type),
      metric: String(r.metric_name),
      value: storedText(r.metric_value),
      profiledAt: storedDate(r.profiled_at),
    }));
  }

  async listRowSelections(filter: RowSelectionFilter): Promise<StoredRowSelection[]> {
    if (filter.runIds.length === 0 || (await this.current()).version < ROW_SELECTIONS_LAYOUT_VERSION) return [];
    const selections: StoredRowSelection[] = [];
    for (let i = 0; i < filter.runIds.length; i += IDS_PER_QUERY) {
      const params = new Params(this.driver.placeholder);
      const ids = filter.runIds.slice(i, i + IDS_PER_QUERY).map((id) => params.add(id));
      const rows = await this.driver.query(
        `SELECT run_id, dataset_name, schema_name, partition_config, sampling_config, notes FROM ${this.names.rowSelections} ` +
          `WHERE run_id IN (${ids.join(', ')}) AND ${datasetCondition(filter.dataset, params)}`,
        params.values,
      );
      for (const r of rows) {
        const partition = storedJsonObject<NonNullable<StoredRowSelection['partition']>>(r.partition_config);
        const stored = storedJsonObject<NonNullable<StoredRowSelection['sampling']>>(r.sampling_config);
        // Rows written before stratified sampling existed sampled at random and did not say so.
        const sampling = stored ? { ...stored, method: stored.method ?? 'random' } : undefined;
        selections.push({
          runId: String(r.run_id),
          schema: String(r.schema_name),
          table: String(r.dataset_name),
          ...(partition ? { partition } : {}),
          ...(sampling ? { sampling } : {}),
          notes: storedJsonArray<string>(r.notes),
        });
      }
    }
    return selections;
  }

  async replaceEvents(scope: EventScope, events: readonly DriftEvent[]): Promise<void> {
    const state = await this.current();
    const table = this.eventsTable(state);
    const rows = events.map((e) => [
      e.runId,
      e.baselineRunId,
      e.table,
      e.schema,
      e.column,
      e.metric,
      e.eventType,
      e.baselineValue,
      e.currentValue,
      e.changePercent,
      e.severity,
      e.note,
      e.detectedAt,
    ]);
    await this.driver.transaction(async (query) => {
      const params = new Params(this.driver.placeholder);
      await query(
        `DELETE FROM ${table} WHERE run_id = ${params.add(scope.runId)} AND baseline_run_id = ${params.add(scope.baselineRunId)} AND ${datasetCondition(scope, params)}`,
        params.values,
      );
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        const slice = rows.slice(i, i + ROWS_PER_INSERT);
        await query(
          `INSERT INTO ${table} (run_id, baseline_run_id, dataset_name, schema_name, column_name, metric_name, event_type, baseline_value, current_value, change_percent, severity, note, detected_at) ` +
            `VALUES ${this.valueLists(slice.length, 13)}`,
          slice.flat(),
        );
      }
      if (state.shape.events === 'baselinr') await this.replaceBaselinrEvents(query, scope, events);
    });
  }

  /** The same events in Baselinr's table, for its CLI and dashboard: replaced by their id prefix, as it has no schema or baseline column. */
  private async replaceBaselinrEvents(query: TransactionQuery, scope: EventScope, events: readonly DriftEvent[]): Promise<void> {
    const { baselinrEvents } = this.names;
    const prefix = eventIdPrefix(scope);
    const p = this.driver.placeholder;
    await query(`DELETE FROM ${baselinrEvents} WHERE run_id = ${p(0)} AND event_id LIKE ${p(1)}`, [scope.runId, `${prefix}-%`]);
    const writtenAt = new Date();
    const rows = events.map((event, i) => baselinrEventRow(event, prefix, i, writtenAt, scope.rowSelection));
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const slice = rows.slice(i, i + ROWS_PER_INSERT);
      // Quoted: `timestamp` is a keyword in some dialects.
      const columns = BASELINR_EVENT_COLUMNS.map((column) => this.driver.quoteIdentifier(column)).join(', ');
      await query(`INSERT INTO ${baselinrEvents} (${columns}) VALUES ${this.valueLists(slice.length, BASELINR_EVENT_COLUMNS.length)}`, slice.flat());
    }
  }

  async listEvents(filter: EventFilter = {}): Promise<StoredDriftEvent[]> {
    const params = new Params(this.driver.placeholder);
    const conditions: string[] = [];
    if (filter.runId !== undefined) conditions.push(`run_id = ${params.add(filter.runId)}`);
    if (filter.dataset) conditions.push(datasetCondition(filter.dataset, params));
    if (filter.table !== undefined) conditions.push(`dataset_name = ${params.add(filter.table)}`);
    if (filter.severity) conditions.push(`severity = ${params.add(filter.severity)}`);
    if (filter.since) conditions.push(`detected_at >= ${params.add(filter.since)}`);
    const paged = filter.limit !== undefined;
    const rows = await this.driver.query(
      `SELECT event_id, run_id, baseline_run_id, dataset_name, schema_name, column_name, metric_name, event_type, baseline_value, current_value, ` +
        `change_percent, severity, note, detected_at FROM ${this.eventsTable(await this.current())}${whereClause(conditions)} ` +
        `ORDER BY event_id${paged ? ' DESC' : ''}${limitClause(filter.limit, filter.offset)}`,
      params.values,
    );
    return rows.map((r) => ({
      eventId: Number(r.event_id),
      runId: String(r.run_id),
      baselineRunId: String(r.baseline_run_id),
      schema: String(r.schema_name),
      table: String(r.dataset_name),
      column: storedText(r.column_name),
      metric: storedText(r.metric_name),
      eventType: String(r.event_type) as DriftEventType,
      baselineValue: storedText(r.baseline_value),
      currentValue: storedText(r.current_value),
      changePercent: storedNumber(r.change_percent),
      severity: String(r.severity) as DriftSeverity,
      note: storedText(r.note),
      detectedAt: storedDate(r.detected_at),
    }));
  }

  async listBaselinrEvents(filter: BaselinrEventFilter = {}): Promise<BaselinrDriftEvent[]> {
    // Before layout 5 the table of that name is this product's own; read-only, a missing one is not created.
    if ((await this.current()).shape.events !== 'baselinr') return [];
    const params = new Params(this.driver.placeholder);
    const timestamp = this.driver.quoteIdentifier('timestamp');
    const conditions = [
      `event_type IN (${BASELINR_DRIFT_EVENT_TYPES.map((t) => params.add(t)).join(', ')})`,
      // The copies of this product's own events are listed from its table, once.
      `event_id NOT LIKE ${params.add(MIRRORED_EVENT_ID_PATTERN)}`,
    ];
    if (filter.runId !== undefined) conditions.push(`run_id = ${params.add(filter.runId)}`);
    if (filter.table !== undefined) conditions.push(`table_name = ${params.add(filter.table)}`);
    // Baselinr's SQLite timestamps are text with a space where a bound date has a `T`: a day's margin
    // in SQL keeps that day's events, and the exact bound is applied below. The margin's rows are
    // older than every row wanted, so a page (newest first) still holds all the wanted ones it should.
    if (filter.since) conditions.push(`${timestamp} >= ${params.add(new Date(filter.since.getTime() - DAY_MS))}`);
    // A schema change's severity is in its metadata: those rows are read, and kept or not below.
    if (filter.severity) conditions.push(`(drift_severity = ${params.add(filter.severity)} OR (drift_severity IS NULL AND event_type = ${params.add('SchemaChangeDetected')}))`);
    const rows = await this.driver.query(
      `SELECT event_id, event_type, run_id, table_name, column_name, metric_name, baseline_value, current_value, change_percent, drift_severity, ${timestamp}, metadata ` +
        `FROM ${this.names.baselinrEvents}${whereClause(conditions)} ORDER BY ${timestamp} DESC, event_id DESC${filter.severity ? '' : limitClause(filter.limit)}`,
      params.values,
    );
    const since = filter.since;
    const events = rows.map(readBaselinrEvent).filter((e) => (!filter.severity || e.severity === filter.severity) && (!since || e.detectedAt >= since));
    return filter.limit === undefined ? events : events.slice(0, filter.limit);
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}

function datasetCondition(dataset: TableRef, params: Params, schemaColumn = 'schema_name'): string {
  return `${schemaColumn} = ${params.add(dataset.schema)} AND dataset_name = ${params.add(dataset.table)}`;
}

/** A successful table: `completed` as Baselinr writes it, or `succeeded` as this product did before layout 5. */
const SUCCEEDED = "status IN ('completed', 'succeeded')";

/** Baselinr's name for a successful table, so its CLI and dashboard read this product's runs as theirs. */
function storedStatus(status: TableRunStatus): string {
  return status === 'succeeded' ? 'completed' : status;
}

function whereClause(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
}

/** Inlined rather than bound: MySQL's prepared statements reject a bound LIMIT on some versions. */
function limitClause(limit: number | undefined, offset?: number): string {
  if (limit === undefined) {
    if (offset !== undefined) throw new RangeError('offset needs a limit');
    return '';
  }
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive whole number, got ${limit}`);
  if (offset === undefined || offset === 0) return ` LIMIT ${limit}`;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`offset must be a whole number, got ${offset}`);
  return ` LIMIT ${limit} OFFSET ${offset}`;
}

/** Byte-order comparison, as the databases' binary collations order run ids. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function serialiseMetric(value: MetricValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  // A histogram as Baselinr writes it, so its readers and this product's read the same text.
  return JSON.stringify(value.map((bin) => ({ bin_start: bin.lower, bin_end: bin.upper, count: bin.count })));
}
