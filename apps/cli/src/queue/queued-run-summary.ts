import { openResultsStore, startedRunSummary, type BaselinrConfig, type ResultsStore, type RunPlan } from '@baselinr/core';
import { importAdapter } from './importer.js';
import type { QueuedTable } from './run-tracker.js';

/**
 * A queued run's summary, written when it is enqueued: all its tables, and the workers the
 * enqueuing config asked for. Workers leave it alone until the run completes.
 */
export async function startQueuedRunSummary(store: ResultsStore, config: BaselinrConfig, runId: string, plan: RunPlan): Promise<void> {
  await store.saveRunSummary?.(startedRunSummary(runId, config.environment, plan, new Date()));
}

/**
 * Ends a queued run's summary once every table has a final state: its status from the stored
 * tables, and as effective workers the worker processes that took part.
 */
export async function finishQueuedRunSummary(config: BaselinrConfig, runId: string, tables: readonly QueuedTable[]): Promise<void> {
  const store = await openResultsStore(config, { importer: importAdapter });
  try {
    const [started] = (await store.listRunSummaries?.({ runId })) ?? [];
    if (!started) return; // enqueued by a version that wrote none, or a store without run details
    const workers = new Set(tables.flatMap((t) => (t.worker === null ? [] : [t.worker])));
    await store.saveRunSummary?.({
      ...started,
      status: tables.some((t) => t.status !== 'succeeded') ? 'failed' : 'succeeded',
      finishedAt: new Date(),
      effectiveWorkers: workers.size,
    });
  } finally {
    await store.close();
  }
}
