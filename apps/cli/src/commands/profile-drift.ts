import { detectDrift, tableKey, type BaselinrConfig, type DriftReport, type RunResult } from '@baselinr/core';
import { usingResultsStore } from '../store-session.js';

export { driftJson, renderDriftReport } from '../drift-report.js';

/**
 * `profile --detect-drift`: compares each table this run profiled successfully with that table's
 * previous successful run, and stores the events. The report's `events` and `counts` are what
 * a drift counter records. Undefined when no table succeeded.
 */
export async function detectRunDrift(config: BaselinrConfig, result: RunResult): Promise<DriftReport | undefined> {
  const succeeded = result.tables.filter((t) => t.status === 'succeeded').map(tableKey);
  if (succeeded.length === 0) return undefined;
  return usingResultsStore(config, 'write', (store) => detectDrift(store, config.drift_detection, { currentRunId: result.runId, datasets: succeeded }));
}
