import { findDataset, groupBy, percentChange, formatPercent, readStoredValue, StoreLookupError, tableKey, type StoredMetric, type StoredTableRun } from '@baselinr/core';
import { textTable } from '../format.js';
import type { Io } from '../io.js';
import { sparkline } from '../sparkline.js';
import { withResultsStore } from '../store-session.js';
import { displayTime, displayValue, storedExtremes } from '../value-format.js';
import { DEFAULT_QUERY_LIMIT } from './query.js';

export interface QueryTableOptions {
  config: string;
  column?: string;
  metric?: string;
  limit?: number;
  json?: boolean;
}

/** One column's metric across runs, oldest first; `value` is null where a run lacks it. */
interface Series {
  readonly column: string;
  readonly type: string | null;
  readonly metric: string;
  readonly points: ReadonlyArray<{ readonly run: StoredTableRun; readonly value: string | null; readonly present: boolean }>;
}

/** `query table NAME`: each metric's history over the dataset's last successful runs, with a sparkline. */
export async function queryTableCommand(name: string, options: QueryTableOptions, io: Io): Promise<number> {
  return withResultsStore(options.config, io, 'read', async (store) => {
    if ((await store.schemaVersion()) === 0) throw new StoreLookupError(`no runs of dataset ${JSON.stringify(name)}: nothing has been profiled into this results store yet`);
    const dataset = await findDataset(store, name);
    const runs = (await store.listRuns({ dataset, status: 'succeeded', limit: options.limit ?? DEFAULT_QUERY_LIMIT })).reverse();
    const metrics = await store.listMetrics({ dataset, runIds: runs.map((r) => r.runId), column: options.column, metric: options.metric });
    if (metrics.length === 0 && (options.column !== undefined || options.metric !== undefined)) {
      const what = [options.column && `column ${JSON.stringify(options.column)}`, options.metric && `metric ${JSON.stringify(options.metric)}`].filter(Boolean).join(' and ');
      throw new StoreLookupError(`no stored values of ${what} for ${tableKey(dataset)}`);
    }
    const series = seriesOf(runs, metrics);
    if (options.json) {
      io.out(JSON.stringify({ schema: dataset.schema, table: dataset.table, runs: runs.length, series: series.map(seriesJson) }, null, 2));
    } else if (runs.length === 0) {
      io.out(`${tableKey(dataset)}: no successful runs stored.`);
    } else {
      const span = `${runs.length} successful run(s), ${displayTime(runs[0]!.profiledAt)} to ${displayTime(runs.at(-1)!.profiledAt)}`;
      io.out(`${tableKey(dataset)}: ${span}\n\n${series.length === 1 ? renderOne(series[0]!) : renderOverview(series)}`);
    }
    return 0;
  });
}

function seriesOf(runs: readonly StoredTableRun[], metrics: readonly StoredMetric[]): Series[] {
  const groups = groupBy(metrics, (m) => `${m.column}\u0000${m.metric}`);
  return [...groups.values()].map((rows) => {
    const byRun = new Map(rows.map((m) => [m.runId, m]));
    return {
      column: rows[0]!.column,
      type: rows.at(-1)!.columnType,
      metric: rows[0]!.metric,
      points: runs.map((run) => ({ run, value: byRun.get(run.runId)?.value ?? null, present: byRun.has(run.runId) })),
    };
  });
}

function numbers(series: Series): Array<number | null> {
  return series.points.map((p) => {
    const v = readStoredValue(p.value);
    return v.kind === 'number' ? v.value : null;
  });
}

/** Many series: one row each with first, latest, range and a sparkline of the runs. */
function renderOverview(series: readonly Series[]): string {
  const rows = series.map((s) => {
    const present = s.points.filter((p) => p.present);
    const extremes = storedExtremes(present.map((p) => p.value));
    return [
      s.column,
      s.metric,
      String(present.length),
      displayValue(present[0]?.value ?? null),
      displayValue(present.at(-1)?.value ?? null),
      extremes ? displayValue(extremes.min) : '-',
      extremes ? displayValue(extremes.max) : '-',
      sparkline(numbers(s)),
    ];
  });
  return textTable(['column', 'metric', 'runs', 'first', 'latest', 'min', 'max', 'trend'], rows, new Set([2]));
}

/** One series: the sparkline, then every run with its value and the change from the run before. */
function renderOne(series: Series): string {
  const values = numbers(series);
  const rows = series.points.map((p, i) => {
    const before = values[i - 1];
    const now = values[i];
    const change = before === undefined || before === null || now === null || now === undefined ? '' : describeChange(before, now);
    return [displayTime(p.run.profiledAt), p.run.runId, p.present ? displayValue(p.value) : '(not measured)', change];
  });
  const trend = values.some((v) => v !== null) ? `: ${sparkline(values)}` : '';
  return [`${series.column} ${series.metric} (${series.type ?? 'unknown type'})${trend}`, '', textTable(['profiled at', 'run id', 'value', 'change'], rows, new Set([2]))].join(
    '\n',
  );
}

function describeChange(before: number, now: number): string {
  const percent = percentChange(before, now);
  return percent === null ? 'new non-zero' : formatPercent(percent);
}

function seriesJson(s: Series) {
  return {
    column: s.column,
    type: s.type,
    metric: s.metric,
    points: s.points.filter((p) => p.present).map((p) => ({ runId: p.run.runId, profiledAt: p.run.profiledAt.toISOString(), value: p.value })),
  };
}
