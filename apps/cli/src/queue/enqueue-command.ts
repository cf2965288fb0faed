import { randomUUID } from 'node:crypto';
import { ConfigError, openResultsStore, saveStatesAfterRun, statesAfterRun, type SkippedTable } from '@baselinr/core';
import { createEngine } from '../engine-setup.js';
import type { Io } from '../io.js';
import type { Logger } from '../logger.js';
import { enqueueRun } from './enqueue.js';
import { openQueue } from './queue-connection.js';
import type { EnqueuedTable } from './run-tracker.js';
import { finishQueuedRunSummary, startQueuedRunSummary } from './queued-run-summary.js';
import { importAdapter } from './importer.js';

export interface EnqueueOptions {
  readonly config: string;
  readonly table?: string[];
  readonly json?: boolean;
  readonly detectDrift?: boolean;
  readonly report?: string;
  /** With `incremental.enabled`: enqueue every table, changed or not. */
  readonly full?: boolean;
}

/**
 * `profile --enqueue`: plans the run here (the config's selection, in run order) and leaves the
 * profiling to `baselinr worker` processes. Prints the run id; `baselinr queue status` follows it.
 */
export async function enqueueCommand(options: EnqueueOptions, io: Io, logger: Logger): Promise<number> {
  for (const [flag, given] of [
    ['--detect-drift', options.detectDrift],
    ['--report', options.report],
  ] as const) {
    if (given) throw new ConfigError(`${flag} cannot be combined with --enqueue: workers finish the run later; use it once \`baselinr queue status\` says the run completed`);
  }
  const runId = randomUUID();
  const { config, engine } = await createEngine(options.config, { tables: options.table, runId, full: options.full });
  logger.useRedactor(engine.redact);
  const queue = await openQueue(config, 'enqueue', logger);
  try {
    // Workers write into the store and status reads it beside the queue's tables: create it now.
    const store = await openResultsStore(config, { importer: importAdapter, access: 'write' });
    let tables: EnqueuedTable[];
    let skipped: readonly SkippedTable[];
    try {
      const plan = await engine.plan();
      skipped = plan.incremental.skipped;
      tables = await enqueueRun(queue, config, runId, plan);
      await startQueuedRunSummary(store, config, runId, plan);
      if (plan.incremental.inactive) logger.info(`Incremental profiling: ${plan.incremental.inactive}.`);
      // The skips are this run's decisions, recorded now; workers record the tables they profile.
      const stateWarning = plan.incremental.enabled ? await saveStatesAfterRun(config, store, statesAfterRun(config, runId, plan.incremental, [])) : undefined;
      if (stateWarning) logger.warn(`Incremental profiling: ${stateWarning}.`);
      // No job will ever report back: the run is complete as enqueued.
      if (tables.length === 0 && (await queue.tracker.completeIfDone(runId))) await finishQueuedRunSummary(config, runId, []);
    } finally {
      await store.close();
    }
    const skips = skipped.map((s) => ({ schema: s.schema, table: s.table, reason: s.reason, lastRunId: s.lastRunId }));
    if (options.json)
      io.out(JSON.stringify({ runId, queue: queue.names.jobs, tables: tables.map((t) => ({ schema: t.schema, table: t.table, jobId: t.jobId })), skipped: skips }, null, 2));
    else io.out(`Run ${runId}: ${tables.length} table(s) enqueued on ${queue.names.jobs}${skipped.length > 0 ? `, ${skipped.length} skipped (unchanged)` : ''}`);
    logger.info(`start workers with \`baselinr worker --config ${options.config}\`; follow the run with \`baselinr queue status ${runId} --config ${options.config}\``);
    return 0;
  } finally {
    await queue.close();
  }
}
