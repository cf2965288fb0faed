import type { SqlDriver } from '../adapter/sql-driver.js';
import { tableKey, type Row, type TableRef } from '../adapter/types.js';
import type { MetricValue } from '../plan/metrics.js';
import {
  HEARTBEAT_LAYOUT_VERSION,
  RUN_DETAILS_LAYOUT_VERSION,
  STORE_SCHEMA_VERSION,
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
  type StoredTableTiming,
  type TableStateStore,
} from './contract.js';
import { storedDate, storedJsonArray, storedNumber, storedText } from './row-values.js';
import { storeMigrations, type StoreIndex, type StoreTableNames } from './sql-schema.js';
import { SqlTableStateStore } from './table-state.js';

export interface SqlStoreTables {
  readonly resultsTable: string;
  readonly runsTable: string;
  /** Defaults to `baselinr_events`. */
  readonly eventsTable?: string;
  /** Whether tables made on demand (the incremental metadata table) may be created; `storage.create_tables`, default true. */
  readonly createTables?: boolean;
}

const SUMMARY_COLUMNS =
  'run_id, environment, warehouse, status, started_at, finished_at, requested_workers, effective_workers, pool_size, table_count, worker_clamps, concurrency_changes';
const TIMING_COLUMNS = 'run_id, dataset_name, schema_name, worker, started_at, finished_at, statement_count, statement_attempts, retries';

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
  /** The layout version, read once: writes and reads of newer tables skip older stores. */
  private layout: Promise<number> | undefined;
  private readonly createTables: boolean;

  constructor(
    private readonly driver: SqlDriver,
    tables: SqlStoreTables,
  ) {
    this.createTables = tables.createTables ?? true;
    this.raw = {
      runs: tables.runsTable,
      results: tables.resultsTable,
      events: tables.eventsTable ?? 'baselinr_events',
      summaries: 'baselinr_run_summaries',
      timings: 'baselinr_table_timings',
      heartbeats: 'baselinr_run_heartbeats',
      version: 'baselinr_schema_version',
    };
  }

  private get names() {
    const q = this.driver.quoteIdentifier;
    const r = this.raw;
    return {
      runs: q(r.runs),
      results: q(r.results),
      events: q(r.events),
      summaries: q(r.summaries),
      timings: q(r.timings),
      heartbeats: q(r.heartbeats),
      version: q(r.version),
    };
  }

  /**
   * Whether the store has the run-detail tables. A store left at an older layout (storage.create_tables:
   * false) still takes every table's results; it just keeps no timings or summaries.
   */
  private async hasRunDetails(): Promise<boolean> {
    return (await this.layoutVersion()) >= RUN_DETAILS_LAYOUT_VERSION;
  }

  private layoutVersion(): Promise<number> {
    this.layout ??= this.schemaVersion();
    return this.layout;
  }

  async ensureSchema(): Promise<void> {
    const { version } = this.names;
    const { text, timestamp } = this.driver.types;
    await this.driver.query(`CREATE TABLE IF NOT EXISTS ${version} (version INTEGER NOT NULL PRIMARY KEY, applied_at ${timestamp} NOT NULL, description ${text})`);
    const applied = new Set((await this.driver.query(`SELECT version FROM ${version}`)).map((r) => Number(r.version)));
    for (const migration of storeMigrations(this.raw, this.driver)) {
      // Tables are created whatever the recorded version: CREATE IF NOT EXISTS repairs a half-applied step.
      for (const sql of migration.tables) await this.driver.query(sql);
      // Indexes only for steps not yet recorded: an existing index is an error in the server's log.
      if (applied.has(migration.version)) continue;
      for (const index of migration.indexes) await this.createIndex(index);
      for (const sql of migration.alterations ?? []) await this.driver.query(sql);
      const p = this.driver.placeholder;
      try {
        await this.driver.query(`INSERT INTO ${version} (version, applied_at, description) VALUES (${p(0)}, ${p(1)}, ${p(2)})`, [
          migration.version,
          new Date(),
          migration.description,
        ]);
      } catch (err) {
        // Another process recorded the same version between our read and this insert.
        if (!/duplicate|unique|exists/i.test(String((err as Error).message))) throw err;
      }
    }
    this.layout = Promise.resolve(STORE_SCHEMA_VERSION);
  }

  async schemaVersion(): Promise<number> {
    let rows: Row[];
    try {
      rows = await this.driver.query(`SELECT MAX(version) AS v FROM ${this.names.version}`);
    } catch {
      // No version table: nothing was ever stored here. (A real outage fails the next query.)
      return 0;
    }
    return storedNumber(rows[0]?.v) ?? 0;
  }

  /** CREATE INDEX IF NOT EXISTS is not in MySQL; an index left by a half-applied step is detected by its error. */
  private async createIndex(index: StoreIndex): Promise<void> {
    const q = this.driver.quoteIdentifier;
    try {
      await this.driver.query(`CREATE INDEX ${q(index.name)} ON ${q(index.table)} (${index.columns})`);
    } catch (err) {
      if (!/exist|duplicate/i.test(String((err as Error).message))) throw err;
    }
  }

  async saveTableRun(record: TableRunRecord): Promise<void> {
    const { runs, results, timings } = this.names;
    const timing = record.timing && (await this.hasRunDetails()) ? record.timing : undefined;
    const rows = record.columns.flatMap((column) =>
      Object.entries(column.metrics).map(([metric, value]) => [
        record.runId,
        record.table,
        record.schema,
        column.column,
        column.dataType,
        metric,
        serialiseMetric(value),
        record.profiledAt,
      ]),
    );
    await this.driver.transaction(async (query) => {
      await query(
        `INSERT INTO ${runs} (run_id, dataset_name, schema_name, profiled_at, environment, status, row_count, column_count, duration_seconds, error_message) VALUES ${this.valueLists(1, 10)}`,
        [
          record.runId,
          record.table,
          record.schema,
          record.profiledAt,
          record.environment,
          record.status,
          record.rowCount,
          record.columnCount,
          record.durationSeconds,
          record.error,
        ],
      );
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
    if ((await this.layoutVersion()) < HEARTBEAT_LAYOUT_VERSION) return;
    const { heartbeats } = this.names;
    const p = this.driver.placeholder;
    await this.driver.transaction(async (query) => {
      await query(`DELETE FROM ${heartbeats} WHERE run_id = ${p(0)}`, [heartbeat.runId]);
      await query(`INSERT INTO ${heartbeats} (run_id, host, pid, heartbeat_at) VALUES ${this.valueLists(1, 4)}`, [heartbeat.runId, heartbeat.host, heartbeat.pid, heartbeat.at]);
    });
  }

  async listRunHeartbeats(runIds: readonly string[]): Promise<RunHeartbeat[]> {
    if (runIds.length === 0 || (await this.layoutVersion()) < HEARTBEAT_LAYOUT_VERSION) return [];
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

  tableStates(metadataTable: string): TableStateStore {
    return new SqlTableStateStore(this.driver, metadataTable, this.createTables);
  }

  async lastDurations(tables: readonly TableRef[]): Promise<Map<string, number>> {
    const { runs } = this.names;
    const wanted = new Set(tables.map(tableKey));
    const rows = await this.driver.query(
      `SELECT r.schema_name, r.dataset_name, r.duration_seconds FROM ${runs} r ` +
        `JOIN (SELECT schema_name, dataset_name, MAX(profiled_at) AS latest FROM ${runs} WHERE status = 'succeeded' GROUP BY schema_name, dataset_name) l ` +
        `ON r.schema_name = l.schema_name AND r.dataset_name = l.dataset_name AND r.profiled_at = l.latest WHERE r.status = 'succeeded'`,
    );
    const durations = new Map<string, number>();
    for (const row of rows) {
      const key = tableKey({ schema: String(row.schema_name), table: String(row.dataset_name) });
      if (wanted.has(key)) durations.set(key, Number(row.duration_seconds));
    }
    return durations;
  }

  async listDatasets(): Promise<TableRef[]> {
    const rows = await this.driver.query(`SELECT DISTINCT schema_name, dataset_name FROM ${this.names.runs} ORDER BY schema_name, dataset_name`);
    return rows.map((r) => ({ schema: String(r.schema_name), table: String(r.dataset_name) }));
  }

  async listRuns(filter: RunFilter = {}): Promise<StoredTableRun[]> {
    const params = new Params(this.driver.placeholder);
    const conditions: string[] = [];
    if (filter.runId !== undefined) conditions.push(`run_id = ${params.add(filter.runId)}`);
    if (filter.dataset) conditions.push(datasetCondition(filter.dataset, params));
    if (filter.status) conditions.push(`status = ${params.add(filter.status)}`);
    if (filter.schema !== undefined) conditions.push(`schema_name = ${params.add(filter.schema)}`);
    if (filter.table !== undefined) conditions.push(`dataset_name = ${params.add(filter.table)}`);
    if (filter.environment !== undefined) conditions.push(`environment = ${params.add(filter.environment)}`);
    if (filter.since) conditions.push(`profiled_at >= ${params.add(filter.since)}`);
    if (filter.before) {
      const { profiledAt, runId } = filter.before;
      conditions.push(`(profiled_at < ${params.add(profiledAt)} OR (profiled_at = ${params.add(profiledAt)} AND run_id < ${params.add(runId)}))`);
    }
    const rows = await this.driver.query(
      `SELECT run_id, dataset_name, schema_name, profiled_at, environment, status, row_count, column_count, duration_seconds, error_message ` +
        `FROM ${this.names.runs}${whereClause(conditions)} ORDER BY profiled_at DESC, run_id DESC${limitClause(filter.limit, filter.offset)}`,
      params.values,
    );
    return rows.map((r) => ({
      runId: String(r.run_id),
      schema: String(r.schema_name),
      table: String(r.dataset_name),
      profiledAt: storedDate(r.profiled_at),
      environment: storedText(r.environment),
      status: String(r.status) as TableRunStatus,
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
    if (filter.dataset) conditions.push(datasetCondition(filter.dataset, params));
    if (filter.column !== undefined) conditions.push(`column_name = ${params.add(filter.column)}`);
    if (filter.metric !== undefined) conditions.push(`metric_name = ${params.add(filter.metric)}`);
    const rows = await this.driver.query(
      `SELECT run_id, dataset_name, schema_name, column_name, column_type, metric_name, metric_value, profiled_at ` +
        `FROM ${this.names.results}${whereClause(conditions)} ORDER BY profiled_at, run_id, id`,
      params.values,
    );
    return rows.map((r) => ({
      runId: String(r.run_id),
      schema: String(r.schema_name),
      table: String(r.dataset_name),
      column: String(r.column_name),
      columnType: storedText(r.column_type),
      metric: String(r.metric_name),
      value: storedText(r.metric_value),
      profiledAt: storedDate(r.profiled_at),
    }));
  }

  async replaceEvents(scope: TableRef & { readonly runId: string; readonly baselineRunId: string }, events: readonly DriftEvent[]): Promise<void> {
    const { events: table } = this.names;
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
    });
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
        `change_percent, severity, note, detected_at FROM ${this.names.events}${whereClause(conditions)} ` +
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

  close(): Promise<void> {
    return this.driver.close();
  }
}

function datasetCondition(dataset: TableRef, params: Params): string {
  return `schema_name = ${params.add(dataset.schema)} AND dataset_name = ${params.add(dataset.table)}`;
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
  return JSON.stringify(value);
}
