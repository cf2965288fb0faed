import { ConfigError, defaultPoolName, type BaselinrConfig, type TableDecision, type TableRef } from '@baselinr/core';

/** What one job asks a worker to do: profile one table for one run. */
export interface TableJob extends TableRef {
  readonly runId: string;
  /** The enqueuing config's warehouse (`defaultPoolName` of its source): workers refuse another's. */
  readonly source: string;
  /**
   * Why an incremental run profiles the table, with the change token read when it was enqueued:
   * the worker stores it once the table succeeds, as a local run does. Absent without `incremental`.
   */
  readonly incremental?: TableDecision;
}

/** The queue workers take tables from, and the one pg-boss moves a job to once its retries are used up. */
export interface QueueNames {
  readonly jobs: string;
  readonly deadLetter: string;
}

export function queueNames(config: BaselinrConfig): QueueNames {
  return { jobs: config.queue.name, deadLetter: `${config.queue.name}-gave-up` };
}

/** The warehouse a config profiles, as jobs record it. */
export function sourceIdentity(config: BaselinrConfig): string {
  return defaultPoolName(config.source);
}

/** pg-boss keeps its jobs in PostgreSQL: queue mode needs the results store there. */
export function assertQueueMode(config: BaselinrConfig): void {
  const type = config.storage.connection.type.toLowerCase();
  if (type !== 'postgres' && type !== 'postgresql') {
    throw new ConfigError(
      `storage.connection.type: queue mode (profile --enqueue, worker, queue status) keeps its jobs in the results database and needs PostgreSQL, got ${JSON.stringify(config.storage.connection.type)}`,
    );
  }
}

/** The retry policy as pg-boss job options: a job whose worker died or failed is retried this way. */
export function jobRetryOptions(config: BaselinrConfig) {
  const { retry } = config;
  return {
    retryLimit: retry.enabled ? retry.retries : 0,
    // pg-boss counts whole seconds (at least 1 with backoff); it doubles the delay per retry.
    retryDelay: Math.ceil(retry.min_backoff),
    retryBackoff: retry.backoff_strategy === 'exponential',
    expireInSeconds: config.queue.job_expire_seconds,
  };
}
