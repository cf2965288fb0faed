import {
  detectDrift,
  groupBy,
  listDriftEvents,
  readStoredValue,
  StoreLookupError,
  tableKey,
  type DriftReport,
  type DriftSettings,
  type ListedDriftEvent,
  type ResultsStore,
  type RunSummaryRecord,
  type StoredMetric,
  type StoredTableRun,
  type StoredTableTiming,
} from '@baselinr/core';

/** How many of a dataset's successful runs (this one included) each metric's trend shows. */
export const DEFAULT_TREND_RUNS = 10;

export interface MetricReport {
  readonly name: string;
  /** The stored text, exactly. */
  readonly value: string | null;
  /** The metric over the dataset's trend runs, oldest first; null where a run lacks it or it is not a number. */
  readonly trend: ReadonlyArray<number | null>;
  /** The same runs' stored texts, for showing values exactly (big integers do not survive a double). */
  readonly trendText: ReadonlyArray<string | null>;
}

export interface ColumnReport {
  readonly name: string;
  readonly type: string | null;
  /** In the order the run wrote them. */
  readonly metrics: readonly MetricReport[];
}

export interface TableReport {
  readonly run: StoredTableRun;
  /** The dataset's successful runs behind the trends, oldest first; this run last when it succeeded. */
  readonly history: readonly StoredTableRun[];
  readonly columns: readonly ColumnReport[];
}

/** Everything one report shows, read from the results store. */
export interface ReportData {
  readonly runId: string;
  readonly generatedAt: Date;
  /** Null for runs stored before layout 3, or by a store without run details. */
  readonly summary: RunSummaryRecord | null;
  /** One per table of the run, by `schema.table`. */
  readonly tables: readonly TableReport[];
  readonly timings: readonly StoredTableTiming[];
  /** Each table compared with its previous successful run; null when the run stored no tables. */
  readonly drift: DriftReport | null;
  /** The drift and schema events Baselinr itself stored for the run (this product's are computed afresh in `drift`). */
  readonly baselinrEvents: readonly ListedDriftEvent[];
}

export interface ReportRequest {
  /** Default: the latest run. */
  readonly runId?: string;
  readonly trendRuns?: number;
}

/**
 * Reads one run for a report. Read-only: drift is computed (with core's detectDrift) but not
 * stored, and nothing is created in the store. An unknown run id is a StoreLookupError.
 */
export async function loadReportData(store: ResultsStore, drift: DriftSettings, request: ReportRequest = {}): Promise<ReportData> {
  if ((await store.schemaVersion()) === 0) throw new StoreLookupError('nothing has been profiled into this results store yet (run baselinr profile first)');
  const runId = request.runId ?? (await latestRunId(store));
  const [runs, summaries] = await Promise.all([store.listRuns({ runId }), store.listRunSummaries?.({ runId }) ?? []]);
  const summary = summaries[0] ?? null;
  if (runs.length === 0 && !summary) throw new StoreLookupError(`run ${runId}: no run with that id in the results store (baselinr query runs lists them)`);
  const trendRuns = request.trendRuns ?? DEFAULT_TREND_RUNS;
  const ordered = [...runs].sort((a, b) => (tableKey(a) < tableKey(b) ? -1 : tableKey(a) > tableKey(b) ? 1 : 0));
  const tables: TableReport[] = [];
  for (const run of ordered) tables.push(await tableReport(store, run, trendRuns));
  return {
    runId,
    generatedAt: new Date(),
    summary,
    tables,
    timings: (await store.listTableTimings?.(runId)) ?? [],
    drift: runs.length === 0 ? null : await detectDrift(store, drift, { currentRunId: runId, save: false }),
    baselinrEvents: (await listDriftEvents(store, { runId })).filter((e) => e.writtenBy === 'baselinr'),
  };
}

/** The newest run, by its summary or by its table rows, whichever was written later. */
async function latestRunId(store: ResultsStore): Promise<string> {
  const [[summary], [row]] = await Promise.all([store.listRunSummaries?.({ limit: 1 }) ?? [], store.listRuns({ limit: 1 })]);
  if (row && (!summary || row.profiledAt > summary.startedAt)) return row.runId;
  if (summary) return summary.runId;
  throw new StoreLookupError('no runs in the results store yet (run baselinr profile first)');
}

async function tableReport(store: ResultsStore, run: StoredTableRun, trendRuns: number): Promise<TableReport> {
  const dataset = { schema: run.schema, table: run.table };
  const earlier = await store.listRuns({ dataset, status: 'succeeded', before: run, limit: Math.max(1, trendRuns - 1) });
  const history = [...earlier.reverse(), ...(run.status === 'succeeded' ? [run] : [])];
  const metrics = await store.listMetrics({ dataset, runIds: [...new Set([run.runId, ...history.map((r) => r.runId)])] });
  return { run, history, columns: columnsOf(run, history, metrics) };
}

function columnsOf(run: StoredTableRun, history: readonly StoredTableRun[], metrics: readonly StoredMetric[]): ColumnReport[] {
  const key = (runId: string, column: string, metric: string) => `${runId}\u0000${column}\u0000${metric}`;
  const stored = new Map(metrics.map((m) => [key(m.runId, m.column, m.metric), m.value]));
  const textIn = (runId: string, column: string, metric: string) => stored.get(key(runId, column, metric)) ?? null;
  const numberIn = (runId: string, column: string, metric: string) => {
    const value = readStoredValue(textIn(runId, column, metric));
    return value.kind === 'number' ? value.value : null;
  };
  const current = metrics.filter((m) => m.runId === run.runId);
  return [...groupBy(current, (m) => m.column)].map(([name, rows]) => ({
    name,
    type: rows[0]!.columnType,
    metrics: rows.map((m) => ({
      name: m.metric,
      value: m.value,
      trend: history.map((h) => numberIn(h.runId, name, m.metric)),
      trendText: history.map((h) => textIn(h.runId, name, m.metric)),
    })),
  }));
}
