import {
  serialiseMetric,
  STORE_SCHEMA_VERSION,
  tableKey,
  type DriftEvent,
  type EventFilter,
  type MetricFilter,
  type ResultsStore,
  type RunFilter,
  type StoredDriftEvent,
  type StoredMetric,
  type StoredTableRun,
  type TableRef,
  type TableRunRecord,
} from '@baselinr/core';

const sameTable = (a: TableRef, b: TableRef) => a.schema === b.schema && a.table === b.table;

/**
 * Results kept in memory for one run: what the engine writes, readable through the store
 * contract, so checks of a source never depend on another adapter's store.
 */
export class MemoryResultsStore implements ResultsStore {
  private readonly runs: StoredTableRun[] = [];
  private readonly metrics: StoredMetric[] = [];
  private events: StoredDriftEvent[] = [];
  private nextEventId = 1;

  constructor(history?: { readonly tables: readonly TableRef[]; readonly seconds: number }) {
    for (const t of history?.tables ?? []) {
      this.runs.push({
        runId: 'kit-history',
        ...t,
        profiledAt: new Date(0),
        environment: 'kit',
        status: 'succeeded',
        rowCount: null,
        columnCount: null,
        durationSeconds: history!.seconds,
        error: null,
      });
    }
  }

  async ensureSchema(): Promise<void> {}

  async schemaVersion(): Promise<number> {
    return STORE_SCHEMA_VERSION;
  }

  async saveTableRun(record: TableRunRecord): Promise<void> {
    const { runId, schema, table, profiledAt } = record;
    this.runs.push({
      runId,
      schema,
      table,
      profiledAt,
      environment: record.environment,
      status: record.status,
      rowCount: record.rowCount,
      columnCount: record.columnCount,
      durationSeconds: record.durationSeconds,
      error: record.error,
    });
    for (const column of record.columns) {
      for (const [metric, value] of Object.entries(column.metrics)) {
        this.metrics.push({ runId, schema, table, profiledAt, column: column.column, columnType: column.dataType, metric, value: serialiseMetric(value) });
      }
    }
  }

  async lastDurations(tables: readonly TableRef[]): Promise<Map<string, number>> {
    const durations = new Map<string, number>();
    for (const run of this.runs) {
      if (run.status === 'succeeded' && run.durationSeconds !== null && tables.some((t) => sameTable(t, run))) durations.set(tableKey(run), run.durationSeconds);
    }
    return durations;
  }

  async listDatasets(): Promise<TableRef[]> {
    const keys = new Map(this.runs.map((r) => [tableKey(r), { schema: r.schema, table: r.table }]));
    return [...keys.values()].sort((a, b) => a.schema.localeCompare(b.schema) || a.table.localeCompare(b.table));
  }

  async listRuns(filter: RunFilter = {}): Promise<StoredTableRun[]> {
    const runs = this.runs
      .filter(
        (r) =>
          (filter.runId === undefined || r.runId === filter.runId) &&
          (!filter.dataset || sameTable(r, filter.dataset)) &&
          (!filter.status || r.status === filter.status) &&
          (filter.schema === undefined || r.schema === filter.schema) &&
          (filter.table === undefined || r.table === filter.table) &&
          (filter.environment === undefined || r.environment === filter.environment) &&
          (!filter.since || r.profiledAt >= filter.since),
      )
      .reverse();
    return page(runs, filter);
  }

  async listMetrics(filter: MetricFilter): Promise<StoredMetric[]> {
    return this.metrics.filter(
      (m) =>
        (!filter.runIds || filter.runIds.includes(m.runId)) &&
        (!filter.dataset || sameTable(m, filter.dataset)) &&
        (filter.column === undefined || m.column === filter.column) &&
        (filter.metric === undefined || m.metric === filter.metric),
    );
  }

  async replaceEvents(scope: TableRef & { readonly runId: string; readonly baselineRunId: string }, events: readonly DriftEvent[]): Promise<void> {
    this.events = this.events.filter((e) => !(sameTable(e, scope) && e.runId === scope.runId && e.baselineRunId === scope.baselineRunId));
    for (const event of events) this.events.push({ ...event, eventId: this.nextEventId++ });
  }

  async listEvents(filter: EventFilter = {}): Promise<StoredDriftEvent[]> {
    const events = this.events.filter(
      (e) =>
        (filter.runId === undefined || e.runId === filter.runId) &&
        (!filter.dataset || sameTable(e, filter.dataset)) &&
        (filter.table === undefined || e.table === filter.table) &&
        (!filter.severity || e.severity === filter.severity) &&
        (!filter.since || e.detectedAt >= filter.since),
    );
    return filter.limit === undefined ? events : page(events.reverse(), filter);
  }

  async close(): Promise<void> {}
}

function page<T>(rows: T[], filter: { readonly limit?: number; readonly offset?: number }): T[] {
  const start = filter.offset ?? 0;
  return filter.limit === undefined ? rows.slice(start) : rows.slice(start, start + filter.limit);
}
