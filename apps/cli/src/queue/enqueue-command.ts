import { randomUUID } from 'node:crypto';
import { ConfigError, openResultsStore } from '@baselinr/core';
import { createEngine } from '../engine-setup.js';
import type { Io } from '../io.js';
import type { Logger } from '../logger.js';
import { enqueueRun } from './enqueue.js';
import { openQueue } from './queue-connection.js';
import type { EnqueuedTable } from './run-tracker.js';
import { startQueuedRunSummary } from './queued-run-summary.js';
import { importAdapter } from './importer.js';

export interface EnqueueOptions {
  readonly config: string;
  readonly table?: string[];
  readonly json?: boolean;
  readonly detectDrift?: boolean;
  readonly report?: string;
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
  const { config, engine } = await createEngine(options.config, { tables: options.table, runId });
  logger.useRedactor(engine.redact);
  const queue = await openQueue(config, 'enqueue', logger);
  try {
    // Workers write into the store and status reads it beside the queue's tables: create it now.
    const store = await openResultsStore(config, { importer: importAdapter, access: 'write' });
    let tables: EnqueuedTable[];
    try {
      const plan = await engine.plan();
      tables = await enqueueRun(queue, config, runId, plan);
      await startQueuedRunSummary(store, config, runId, plan);
    } finally {
      await store.close();
    }
    if (options.json) io.out(JSON.stringify({ runId, queue: queue.names.jobs, tables: tables.map((t) => ({ schema: t.schema, table: t.table, jobId: t.jobId })) }, null, 2));
    else io.out(`Run ${runId}: ${tables.length} table(s) enqueued on ${queue.names.jobs}`);
    logger.info(`start workers with \`baselinr worker --config ${options.config}\`; follow the run with \`baselinr queue status ${runId} --config ${options.config}\``);
    return 0;
  } finally {
    await queue.close();
  }
}
