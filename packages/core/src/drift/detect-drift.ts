import { tableKey, type TableRef } from '../adapter/types.js';
import { METRIC_MEANINGS_LAYOUT_VERSION, type DriftEvent, type DriftSeverity, type ResultsStore, type StoredRowSelection, type StoredTableRun } from '../store/contract.js';
import { findDatasets } from '../store/find-datasets.js';
import { StoreLookupError } from '../store/lookup-error.js';
import { compareRuns, type DriftSettings } from './compare-runs.js';
import { severityAtLeast } from './severity.js';
import { rowCountingMetricsOf, rowSelectionDifference, rowsCovered, type RowSelectionDifference, type UncomparedMetric } from './row-selections.js';
import { snapshotOf } from './snapshot.js';

export interface DriftRequest {
  /** `name` or `schema.name`; default: the datasets of the current (or baseline) run, else every dataset stored. */
  readonly datasets?: readonly string[];
  /** Default: each dataset's successful run before the current one. */
  readonly baselineRunId?: string;
  /** Default: each dataset's latest successful run. */
  readonly currentRunId?: string;
  /** Keep the events in `baselinr_events` (default true). */
  readonly save?: boolean;
}

export interface DatasetComparison extends TableRef {
  readonly baselineRunId: string;
  readonly currentRunId: string;
  /** Runs behind the standard_deviation mean (1 for absolute_threshold: the baseline). */
  readonly historyRuns: number;
  readonly events: readonly DriftEvent[];
  /** Set when the two runs covered different rows (a sample against the whole table, another partition filter). */
  readonly rowSelection?: RowSelectionComparison;
}

/** The rows each run covered, and the metrics not compared because they count rows. */
export interface RowSelectionComparison extends RowSelectionDifference {
  readonly uncompared: readonly UncomparedMetric[];
}

export interface SkippedDataset extends TableRef {
  readonly reason: string;
}

export type DriftCounts = Record<DriftSeverity, number> & { readonly total: number };

/** Datasets whose baseline was stored before the store took Baselinr's metric meanings: said once, not per dataset. */
export interface MeaningsChange {
  readonly version: number;
  /** When the store took the new meanings; runs profiled before it used the earlier ones. */
  readonly since: Date;
  readonly datasets: readonly TableRef[];
}

export interface DriftReport {
  readonly strategy: DriftSettings['strategy'];
  readonly compared: readonly DatasetComparison[];
  /** Includes the datasets of `meaningsChanged`, each with the same short reason. */
  readonly skipped: readonly SkippedDataset[];
  /** Set when some datasets were not compared because metric meanings changed between their runs. */
  readonly meaningsChanged?: MeaningsChange;
  /** Every event of every compared dataset, for counters and `--fail-on`. */
  readonly events: readonly DriftEvent[];
  readonly counts: DriftCounts;
}

type RunChoice = { readonly run: StoredTableRun } | { readonly reason: string };

/**
 * Compares each dataset's current run with its baseline, metric by metric and column by column,
 * and stores the events. A run id the store does not know is a StoreLookupError naming it.
 */
export async function detectDrift(store: ResultsStore, settings: DriftSettings, request: DriftRequest = {}): Promise<DriftReport> {
  const currentRuns = request.currentRunId === undefined ? undefined : await runRows(store, request.currentRunId, '--current');
  const baselineRuns = request.baselineRunId === undefined ? undefined : await runRows(store, request.baselineRunId, '--baseline');
  const datasets = request.datasets?.length
    ? await findDatasets(store, request.datasets)
    : ((currentRuns ?? baselineRuns)?.map((r) => ({ schema: r.schema, table: r.table })) ?? (await store.listDatasets()));

  const compared: DatasetComparison[] = [];
  const skipped: SkippedDataset[] = [];
  const meaningsSince = (await store.metricMeaningsSince?.()) ?? null;
  /** Whether a run was stored with the earlier metric meanings. */
  const earlierMeanings = (run: StoredTableRun) => meaningsSince !== null && run.profiledAt < meaningsSince;
  const acrossMeanings: TableRef[] = [];
  for (const dataset of [...datasets].sort((a, b) => (tableKey(a) < tableKey(b) ? -1 : 1))) {
    const current = currentRuns ? pickRun(currentRuns, dataset) : await latestBefore(store, dataset, undefined, 'no successful run');
    if ('reason' in current) {
      skipped.push({ ...dataset, reason: current.reason });
      continue;
    }
    const baseline = baselineRuns ? pickRun(baselineRuns, dataset) : await latestBefore(store, dataset, current.run, 'no earlier successful run to compare with');
    if ('reason' in baseline) {
      skipped.push({ ...dataset, reason: baseline.reason });
      continue;
    }
    if (baseline.run.runId === current.run.runId) {
      skipped.push({ ...dataset, reason: `baseline and current are the same run (${current.run.runId})` });
      continue;
    }
    if (earlierMeanings(baseline.run) !== earlierMeanings(current.run)) {
      // Old and new meanings differ for every column (count, ratios): comparing them would be false drift.
      acrossMeanings.push(dataset);
      skipped.push({ ...dataset, reason: meaningsReason(METRIC_MEANINGS_LAYOUT_VERSION) });
      continue;
    }
    const comparison = await compareDataset(store, settings, dataset, baseline.run, current.run, earlierMeanings);
    if (request.save !== false) {
      const rowSelection = comparison.rowSelection ? { rowSelection: { current: comparison.rowSelection.current, baseline: comparison.rowSelection.baseline } } : {};
      await store.replaceEvents({ ...dataset, runId: current.run.runId, baselineRunId: baseline.run.runId, ...rowSelection }, comparison.events);
    }
    compared.push(comparison);
  }
  const events = compared.flatMap((c) => c.events);
  const meaningsChanged = acrossMeanings.length > 0 ? { meaningsChanged: { version: METRIC_MEANINGS_LAYOUT_VERSION, since: meaningsSince!, datasets: acrossMeanings } } : {};
  return { strategy: settings.strategy, compared, skipped, events, counts: countBySeverity(events), ...meaningsChanged };
}

/** Why a dataset whose baseline and current runs straddle the change of metric meanings is not compared. */
export function meaningsReason(version: number): string {
  return `metric meanings changed in version ${version}`;
}

async function compareDataset(
  store: ResultsStore,
  settings: DriftSettings,
  dataset: TableRef,
  baseline: StoredTableRun,
  current: StoredTableRun,
  earlierMeanings: (run: StoredTableRun) => boolean,
): Promise<DatasetComparison> {
  const earlier =
    settings.strategy === 'standard_deviation' ? await store.listRuns({ dataset, status: 'succeeded', before: baseline, limit: settings.standard_deviation.window - 1 }) : [];
  const selections = await rowSelectionsOf(store, dataset, [current, baseline, ...earlier]);
  const rows = (run: StoredTableRun) => rowsCovered(selections.get(run.runId));
  // The standard_deviation window never reaches back past the change of meanings, nor to runs of other rows.
  const historyRuns = [baseline, ...earlier.filter((run) => earlierMeanings(run) === earlierMeanings(baseline) && rows(run) === rows(baseline))];
  const metrics = await store.listMetrics({ dataset, runIds: [current.runId, ...historyRuns.map((r) => r.runId)] });
  const history = historyRuns.map((run) => snapshotOf(run, metrics));
  const currentSnapshot = snapshotOf(current, metrics);
  const difference = rowSelectionDifference(selections.get(baseline.runId), selections.get(current.runId));
  const detectedAt = new Date();
  const events = compareRuns(history[0]!, currentSnapshot, settings, history, { rowsDiffer: difference !== undefined }).map(
    (finding): DriftEvent => ({ ...finding, schema: dataset.schema, table: dataset.table, runId: current.runId, baselineRunId: baseline.runId, detectedAt }),
  );
  const rowSelection = difference ? { rowSelection: { ...difference, uncompared: rowCountingMetricsOf(history[0]!, currentSnapshot) } } : {};
  return { ...dataset, baselineRunId: baseline.runId, currentRunId: current.runId, historyRuns: historyRuns.length, events, ...rowSelection };
}

/** Each run's row selection by run id; a run without one (or a store that keeps none) profiled the whole table. */
async function rowSelectionsOf(store: ResultsStore, dataset: TableRef, runs: readonly StoredTableRun[]): Promise<Map<string, StoredRowSelection>> {
  const stored = (await store.listRowSelections?.({ dataset, runIds: runs.map((r) => r.runId) })) ?? [];
  return new Map(stored.map((s) => [s.runId, s]));
}

async function runRows(store: ResultsStore, runId: string, flag: string): Promise<StoredTableRun[]> {
  const rows = await store.listRuns({ runId });
  if (rows.length === 0) throw new StoreLookupError(`${flag} ${runId}: no run with that id in the results store (baselinr query runs lists them)`);
  return rows;
}

function pickRun(rows: readonly StoredTableRun[], dataset: TableRef): RunChoice {
  const run = rows.find((r) => r.schema === dataset.schema && r.table === dataset.table);
  const runId = rows[0]!.runId;
  if (!run) return { reason: `run ${runId} did not profile it` };
  if (run.status !== 'succeeded') return { reason: `${run.status} in run ${runId}` };
  return { run };
}

async function latestBefore(store: ResultsStore, dataset: TableRef, before: StoredTableRun | undefined, reason: string): Promise<RunChoice> {
  const [run] = await store.listRuns({ dataset, status: 'succeeded', ...(before ? { before } : {}), limit: 1 });
  return run ? { run } : { reason };
}

export function countBySeverity(events: readonly DriftEvent[]): DriftCounts {
  const count = (s: DriftSeverity) => events.filter((e) => e.severity === s).length;
  return { total: events.length, low: count('low'), medium: count('medium'), high: count('high') };
}

/** Whether any event is at or above `floor` (`--fail-on`). */
export function driftAtLeast(events: readonly DriftEvent[], floor: DriftSeverity): boolean {
  return events.some((e) => severityAtLeast(e.severity, floor));
}
