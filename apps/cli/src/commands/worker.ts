import { createRedactor, collectSecrets, loadConfig } from '@baselinr/core';
import type { Logger } from '../logger.js';
import { runWorker } from '../queue/worker-loop.js';

export interface WorkerCommandOptions {
  config: string;
  workers?: number;
  signal?: AbortSignal;
}

/**
 * `baselinr worker`: takes table jobs that `profile --enqueue` queued, until interrupted. The
 * first Ctrl+C (or SIGTERM) lets the tables in progress finish; a second exits at once, and
 * their jobs are retried by other workers once they expire.
 */
export async function workerCommand(options: WorkerCommandOptions, logger: Logger): Promise<number> {
  const config = await loadConfig(options.config, { onWarning: (message) => logger.warn(message) });
  // Every connection's secrets: the worker's errors may quote any of them.
  logger.useRedactor(createRedactor(collectSecrets(config)));
  await runWorker(config, logger, { workers: options.workers, signal: options.signal });
  return 0;
}
