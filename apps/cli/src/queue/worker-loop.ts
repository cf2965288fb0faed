import type PgBoss from 'pg-boss';
import { describeClamp, openSharedSlots, processLabel, type BaselinrConfig, type SharedSlotLimiter } from '@baselinr/core';
import type { Logger } from '../logger.js';
import { openQueue } from './queue-connection.js';
import type { TableJob } from './queue-mode.js';
import { profileTableJob, recordGaveUp, type TableJobContext } from './table-job.js';
import { importAdapter } from './importer.js';
import { WorkerProfiling } from './worker-profiling.js';

export interface WorkerOptions {
  /** Jobs at once; defaults to `execution.max_workers`, clamped like a run's workers. */
  readonly workers?: number;
  /** Aborting stops taking jobs; the tables in progress finish first. */
  readonly signal?: AbortSignal;
}

/**
 * A queue worker: takes table jobs (several at once), profiles each within the shared pool's
 * limits and stores it, until the signal aborts. Returns once the jobs in progress are done and
 * every connection is closed.
 */
export async function runWorker(config: BaselinrConfig, logger: Logger, options: WorkerOptions): Promise<void> {
  const worker = processLabel();
  const queue = await openQueue(config, 'worker', logger);
  let slots: SharedSlotLimiter | undefined;
  try {
    slots = await openSharedSlots(config, {
      importer: importAdapter,
      holder: 'worker',
      onLeaseLost: ({ pool, slot }) => logger.warn(`lost slot ${slot} of shared pool ${pool}: its lease expired before the heartbeat renewed it`),
    });
  } catch (err) {
    await queue.close();
    throw err;
  }
  let profiling: WorkerProfiling;
  try {
    profiling = await WorkerProfiling.open(config, { workers: options.workers, slots, label: worker });
  } catch (err) {
    await Promise.allSettled([queue.close(), slots?.close()]);
    throw err;
  }
  const { workers, clamps } = profiling.workers;
  const context: TableJobContext = { config, tracker: queue.tracker, profiling, worker, logger };
  const work = { batchSize: 1, includeMetadata: true as const, pollingIntervalSeconds: config.queue.polling_interval_seconds };
  try {
    // pg-boss 10 runs one job at a time per work() loop: one loop per job we take at once.
    for (let i = 0; i < workers; i++) {
      const slot = i;
      await queue.boss.work<TableJob>(queue.names.jobs, work, ([job]) => profileTableJob(job!.data, job!.retryCount + 1, context, slot));
    }
    await queue.boss.work<TableJob>(queue.names.deadLetter, work, ([job]) => recordGaveUp(job!.data, job!.retryLimit + 1, lastError(job!), context));
    for (const clamp of clamps) logger.info(`  ${describeClamp(clamp)}`);
    const pool = slots ? `, shared pool ${slots.pool} (${slots.slots} slots)` : '';
    logger.info(`worker ${worker}: taking jobs from ${queue.names.jobs}, ${workers} at a time${pool}`);
    await aborted(options.signal);
    logger.info(`worker ${worker}: stopping; the tables in progress finish first`);
  } finally {
    // The queue first: it waits for the jobs in progress, which still hold slots.
    try {
      await queue.close();
    } finally {
      await Promise.allSettled([profiling.close(), slots?.close()]);
    }
  }
}

/** The error pg-boss kept from the job's last failed attempt (a thrown error, or its own expiry note). */
function lastError(job: PgBoss.JobWithMetadata<TableJob>): string {
  const output = job.output as { message?: unknown; value?: { message?: unknown } } | null;
  const message = output?.message ?? output?.value?.message;
  return typeof message === 'string' ? message : 'no error was recorded';
}

/** Without a signal (an embedder's call), the worker runs until the process ends. */
function aborted(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise(() => undefined);
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
