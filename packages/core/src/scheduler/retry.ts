import { setTimeout as sleep } from 'node:timers/promises';
import type { BaselinrConfig } from '../config/schema.js';
import type { ErrorCause } from '../errors.js';
import { causeOf, reactionTo } from './error-policy.js';

export type RetryConfig = BaselinrConfig['retry'];

export interface RetryAttempt {
  readonly attempt: number;
  readonly delaySeconds: number;
  /** The failure's cause. */
  readonly kind: ErrorCause;
  readonly error: unknown;
  /** True when the retry does not use up the budget (the run lowered its concurrency instead). */
  readonly free: boolean;
}

/** Retries granted after a connection refusal that lowered concurrency, on top of `retries`. */
const MAX_FREE_RETRIES = 20;

/** Delay before retry number `attempt` (1-based), in seconds: capped exponential with +/-15% jitter, or fixed. */
export function backoffSeconds(config: RetryConfig, attempt: number, random: () => number = Math.random): number {
  const base = config.backoff_strategy === 'fixed' ? config.min_backoff : Math.min(config.max_backoff, config.min_backoff * 2 ** (attempt - 1));
  const jittered = base * (1 + (random() * 2 - 1) * 0.15);
  return Math.min(config.max_backoff, Math.max(0, jittered));
}

/**
 * Runs `operation`, retrying per the retry config the failures whose cause is worth another
 * attempt (see error-policy.ts); the rest, and aborts, are thrown at once. A refusal for load for
 * which `onConnectionLimit` returns true (the run lowered its concurrency) is retried without
 * using up the budget, so tables wait for the smaller concurrency instead of failing.
 */
export async function withRetry<T>(
  operation: () => Promise<T>,
  options: {
    readonly config: RetryConfig;
    readonly signal?: AbortSignal;
    readonly onRetry?: (attempt: RetryAttempt) => void;
    readonly onConnectionLimit?: () => boolean;
  },
): Promise<T> {
  const { config, signal } = options;
  const budget = config.enabled ? config.retries : 0;
  let used = 0;
  let free = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (signal?.aborted) throw error;
      const kind = causeOf(error);
      const reaction = reactionTo(error);
      if (!reaction.retry || !config.enabled) throw error;
      const isFree = reaction.lowerConcurrency && free < MAX_FREE_RETRIES && (options.onConnectionLimit?.() ?? false);
      if (isFree) free++;
      else if (++used > budget) throw error;
      const delaySeconds = backoffSeconds(config, isFree ? free : used);
      options.onRetry?.({ attempt, delaySeconds, kind, error, free: isFree });
      await sleep(delaySeconds * 1000, undefined, { signal });
    }
  }
}
