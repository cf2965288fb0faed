import { groupBy, isEventOf, listDriftEvents, matchDatasets, StoreLookupError, tableKey, type StoredMetric, type StoredTableRun, type TableRunStatus } from '@baselinr/core';
import { listedEventJson, renderListedEvents } from '../drift-report.js';
import { formatCount, textTable } from '../format.js';
import { csv } from '../csv.js';
import { daysAgo } from '../history-window.js';
import type { Io } from '../io.js';
import { describeRunState, runStates, type RunStateOfRun } from '../run-states.js';
import { withResultsStore } from '../store-session.js';
import { displayTime, displayValue } from '../value-format.js';

export const DEFAULT_QUERY_LIMIT = 20;

export interface QueryRunsOptions {
  config: string;
  dataset?: string;
  /** Baselinr's filters: a schema or table name alone, `completed` for succeeded, the environment, the last N days. */
  schema?: string;
  table?: string;
  status?: TableRunStatus | 'completed';
  environment?: string;
  days?: number;
  limit?: number;
  offset?: number;
  json?: boolean;
  format?: 'table' | 'json' | 'csv';
}

/** `query runs`: the latest table runs, newest first, one row per table of a run. */
export async function queryRunsCommand(options: QueryRunsOptions, io: Io): Promise<number> {
  return withResultsStore(options.config, io, 'read', async (store) => {
    const layout = await store.schemaVersion();
    if (layout === 0) {
      io.out(options.json ? '[]' : 'No runs found: nothing has been profiled into this results store yet.');
      return 0;
    }
    const datasets = options.dataset === undefined ? [undefined] : matchDatasets(options.dataset, await store.listDatasets());
    if (datasets.length === 0) throw new StoreLookupError(`no runs of dataset ${JSON.stringify(options.dataset)} in the results store`);
    const limit = options.limit ?? DEFAULT_QUERY_LIMIT;
    const offset = options.offset ?? 0;
    const filter = {
      status: options.status === 'completed' ? ('succeeded' as const) : options.status,
      schema: options.schema,
      table: options.table,
      environment: options.environment,
      since: daysAgo(options.days),
    };
    // Each dataset's page must hold the merged page's rows: offset + limit of each, cut after merging.
    const found = (await Promise.all(datasets.map((dataset) => store.listRuns({ ...filter, dataset, limit: offset + limit })))).flat();
    // Several datasets of one name (in different schemas) merge into one newest-first list.
    const runs = found.sort((a, b) => b.profiledAt.getTime() - a.profiledAt.getTime()).slice(offset, offset + limit);
    const states = await runStates(
      store,
      runs.map((r) => r.runId),
      layout,
    );
    const rows = runs.map((r) => ({ ...runJson(r), ...runStateJson(states.get(r.runId)) }));
    if (options.json) io.out(JSON.stringify(rows, null, 2));
    else if (options.format === 'csv') io.out(runsCsv(runs));
    else io.out(runs.length === 0 ? 'No runs found.' : [renderRuns(runs), ...unfinishedRuns(states)].join('\n'));
    return 0;
  });
}

export interface QueryRunOptions {
  config: string;
  dataset?: string;
  json?: boolean;
}

/** `query run RUN_ID`: the run's tables, their metrics, errors and both tools' drift events stored for it. */
export async function queryRunCommand(runId: string, options: QueryRunOptions, io: Io): Promise<number> {
  return withResultsStore(options.config, io, 'read', async (store) => {
    const layout = await store.schemaVersion();
    let tables = layout === 0 ? [] : await store.listRuns({ runId });
    // A run killed before it stored a table still has its summary.
    const state = (await runStates(store, [runId], layout)).get(runId);
    if (tables.length === 0 && !state) throw new StoreLookupError(`run ${runId}: no run with that id in the results store (baselinr query runs lists them)`);
    if (options.dataset !== undefined) {
      tables = tables.filter((t) => matchDatasets(options.dataset!, [t]).length > 0);
      if (tables.length === 0) throw new StoreLookupError(`run ${runId} did not profile a dataset named ${JSON.stringify(options.dataset)}`);
    }
    const wanted = new Set(tables.map(tableKey));
    const metrics = (await store.listMetrics({ runIds: [runId] })).filter((m) => wanted.has(tableKey(m)));
    // Both tools' events of the run, each once; reading creates nothing.
    const events = (await listDriftEvents(store, { runId })).filter((e) => tables.some((t) => isEventOf(e, t)));
    const byTable = groupBy(metrics, tableKey);
    tables.sort((a, b) => (tableKey(a) < tableKey(b) ? -1 : 1));
    if (options.json) {
      const json = {
        runId,
        ...runStateJson(state),
        tables: tables.map((t) => ({ ...runJson(t), columns: columnsJson(byTable.get(tableKey(t)) ?? []) })),
        events: events.map(listedEventJson),
      };
      io.out(JSON.stringify(json, null, 2));
      return 0;
    }
    const failed = tables.filter((t) => t.error);
    const sections = [
      `Run ${runId}: ${tables.length} table(s), ${tables.filter((t) => t.status === 'succeeded').length} succeeded, ${tables.filter((t) => t.status !== 'succeeded').length} failed or cancelled${state ? `; run ${describeRunState(state)}` : ''}`,
      renderRuns(tables, { withRunId: false }),
      ...tables.filter((t) => byTable.has(tableKey(t))).map((t) => `\n${tableKey(t)}\n${renderMetrics(byTable.get(tableKey(t))!)}`),
      ...(failed.length > 0 ? ['\nErrors:', ...failed.map((t) => `  ${tableKey(t)}: ${t.error}`)] : []),
      ...(events.length > 0 ? ['\nDrift events:', renderListedEvents(events)] : []),
    ];
    io.out(sections.join('\n'));
    return 0;
  });
}

export function renderRuns(runs: readonly StoredTableRun[], { withRunId = true } = {}): string {
  const headers = [...(withRunId ? ['run id'] : []), 'dataset', 'profiled at', 'status', 'rows', 'columns', 'duration', 'error'];
  const rows = runs.map((r) => [
    ...(withRunId ? [r.runId] : []),
    tableKey(r),
    displayTime(r.profiledAt),
    r.status,
    formatCount(r.rowCount),
    r.columnCount === null ? '-' : String(r.columnCount),
    r.durationSeconds === null ? '-' : `${r.durationSeconds.toFixed(2)}s`,
    shortError(r.error),
  ]);
  const offset = withRunId ? 1 : 0;
  return textTable(headers, rows, new Set([4 + offset, 5 + offset, 6 + offset]));
}

/** The run-level state for JSON: `interrupted` with its reason, `running`, or the run's final status. */
function runStateJson(state: RunStateOfRun | undefined) {
  if (!state) return {};
  return { runStatus: state.state, ...(state.reason ? { runStatusReason: state.reason } : {}) };
}

/** A line for each listed run that recorded no end: still running, or interrupted (its other tables never profiled). */
function unfinishedRuns(states: ReadonlyMap<string, RunStateOfRun>): string[] {
  return [...states.values()].filter((s) => s.summary.status === 'running').map((s) => `Run ${s.summary.runId}: ${describeRunState(s)}`);
}

function runsCsv(runs: readonly StoredTableRun[]): string {
  return csv(
    ['run_id', 'schema', 'table', 'profiled_at', 'environment', 'status', 'row_count', 'column_count', 'duration_seconds', 'error'],
    runs.map((r) => [r.runId, r.schema, r.table, r.profiledAt.toISOString(), r.environment, r.status, r.rowCount, r.columnCount, r.durationSeconds, r.error]),
  );
}

function renderMetrics(metrics: readonly StoredMetric[]): string {
  return textTable(
    ['column', 'type', 'metric', 'value'],
    metrics.map((m) => [m.column, m.columnType ?? '-', m.metric, displayValue(m.value)]),
  );
}

/** The first line of an error, bounded: the whole text is in `query run` and `--json`. */
function shortError(error: string | null): string {
  if (error === null) return '';
  const line = error.split('\n')[0]!;
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

export function runJson(r: StoredTableRun) {
  return { ...r, profiledAt: r.profiledAt.toISOString() };
}

function columnsJson(metrics: readonly StoredMetric[]) {
  return [...groupBy(metrics, (m) => m.column)].map(([name, rows]) => ({
    name,
    type: rows[0]!.columnType,
    metrics: Object.fromEntries(rows.map((m) => [m.metric, m.value])),
  }));
}
