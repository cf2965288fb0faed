import { setTimeout as sleep } from 'node:timers/promises';
import type { BaselinrConfig } from '../config/schema.js';
import type { ErrorKind } from '../errors.js';

export type RetryConfig = BaselinrConfig['retry'];

export interface RetryAttempt {
  readonly attempt: number;
  readonly delaySeconds: number;
  readonly kind: ErrorKind;
  readonly error: unknown;
}

/** Delay before retry number `attempt` (1-based), in seconds: capped exponential with +/-15% jitter, or fixed. */
export function backoffSeconds(config: RetryConfig, attempt: number, random: () => number = Math.random): number {
  const base =
    config.backoff_strategy === 'fixed' ? config.min_backoff : Math.min(config.max_backoff, config.min_backoff * 2 ** (attempt - 1));
  const jittered = base * (1 + (random() * 2 - 1) * 0.15);
  return Math.min(config.max_backoff, Math.max(0, jittered));
}

/**
 * Runs `operation`, retrying transient and connection-limit failures per the retry config.
 * Permanent errors and aborts are thrown at once.
 */
export async function withRetry<T>(
  operation: () => Promise<T>,
  options: {
    readonly config: RetryConfig;
    readonly classify: (err: unknown) => ErrorKind;
    readonly signal?: AbortSignal;
    readonly onRetry?: (attempt: RetryAttempt) => void;
  },
): Promise<T> {
  const { config, classify, signal } = options;
  const attempts = config.enabled ? config.retries : 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (signal?.aborted) throw error;
      const kind = classify(error);
      if (kind === 'permanent' || attempt > attempts) throw error;
      const delaySeconds = backoffSeconds(config, attempt);
      options.onRetry?.({ attempt, delaySeconds, kind, error });
      await sleep(delaySeconds * 1000, undefined, { signal });
    }
  }
}
