import { openResultsStore, tableKey, type BaselinrConfig, type TableOutcome } from '@baselinr/core';
import { formatSeconds } from '../format.js';
import type { Logger } from '../logger.js';
import { sourceIdentity, type TableJob } from './queue-mode.js';
import type { RunTracker } from './run-tracker.js';
import { importAdapter } from './importer.js';
import { finishQueuedRunSummary } from './queued-run-summary.js';
import type { WorkerProfiling } from './worker-profiling.js';

export interface TableJobContext {
  readonly config: BaselinrConfig;
  readonly tracker: RunTracker;
  /** The worker's session, store and limits, kept for all its jobs. */
  readonly profiling: WorkerProfiling;
  /** `host:pid` of this worker. */
  readonly worker: string;
  readonly logger: Logger;
}

/**
 * Profiles and stores one table of a run. A table already stored for the run (by a worker that
 * died after its commit, or one whose job expired while it still ran) is not profiled again,
 * and the runs table's primary key refuses a second copy from a worker racing this one: that
 * refusal means "already stored", not a failure. Throws (so pg-boss retries the job) only when
 * the table could not be given a final state.
 */
export async function profileTableJob(job: TableJob, attempt: number, context: TableJobContext, slot = 0): Promise<void> {
  const { config, tracker, logger } = context;
  const ref = { schema: job.schema, table: job.table };
  const name = `${tableKey(ref)} (run ${job.runId})`;
  if (job.source !== sourceIdentity(config)) {
    throw new Error(`${name} was enqueued for ${job.source}, but this worker's config profiles ${sourceIdentity(config)}; run workers with the config that enqueued it`);
  }
  const stored = await tracker.storedStatus(job.runId, ref);
  if (stored === undefined) {
    await tracker.started(job.runId, ref, context.worker, attempt);
    const outcome = await context.profiling.profile(job, slot);
    if (!outcome) throw new Error(`${name}: this worker's config no longer selects the table`);
    if (outcome.error?.kind === 'store' && (await tracker.storedStatus(job.runId, ref)) === undefined) throw new Error(outcome.error.message);
    logOutcome(logger, name, attempt, outcome);
    const stateWarning = await context.profiling.recordState(job, outcome);
    if (stateWarning) logger.warn(`${name}: ${stateWarning}`);
  } else {
    logger.info(`${name}: already stored (${stored}); not profiled again`);
  }
  await completeIfDone(job.runId, context);
}

function logOutcome(logger: Logger, name: string, attempt: number, outcome: TableOutcome): void {
  const fields = { table: tableKey(outcome), status: outcome.status, attempt, durationMs: outcome.durationMs };
  if (outcome.error?.kind === 'store') logger.info(`${name}: stored by another worker first; this copy was refused`, fields);
  else if (outcome.status === 'succeeded') logger.info(`${name} succeeded in ${formatSeconds(outcome.durationMs)} (attempt ${attempt})`, fields);
  else logger.warn(`${name} ${outcome.status}: ${outcome.error?.message ?? ''}`, fields);
}

/**
 * A job that used up its retries (its workers kept dying or failing) still gives its table a
 * final state: a failed row in the store, so the run completes and says why.
 */
export async function recordGaveUp(job: TableJob, attempts: number, lastError: string, context: TableJobContext): Promise<void> {
  const { config, tracker, logger } = context;
  const ref = { schema: job.schema, table: job.table };
  if ((await tracker.storedStatus(job.runId, ref)) === undefined) {
    const store = await openResultsStore(config, { importer: importAdapter });
    try {
      await store.saveTableRun({
        runId: job.runId,
        ...ref,
        environment: config.environment,
        profiledAt: new Date(),
        status: 'failed',
        durationSeconds: 0,
        rowCount: null,
        columnCount: null,
        error: `the queue gave up after ${attempts} attempt(s): ${lastError}`,
        columns: [],
      });
      logger.warn(`${tableKey(ref)} (run ${job.runId}) failed: the queue gave up after ${attempts} attempt(s): ${lastError}`);
    } catch (err) {
      if ((await tracker.storedStatus(job.runId, ref)) === undefined) throw err;
    } finally {
      await store.close();
    }
  }
  await completeIfDone(job.runId, context);
}

/** The check after each table: the one that finds every table stored completes the run and its summary. */
async function completeIfDone(runId: string, context: TableJobContext): Promise<void> {
  if (!(await context.tracker.completeIfDone(runId))) return;
  await finishQueuedRunSummary(context.config, runId, await context.tracker.tablesOf(runId));
  context.logger.info(`run ${runId} completed: every table has a final state`);
}
