import { describe, expect, it } from 'vitest';
import { CancelledError, TimeoutError, WarehouseError, type ErrorCause } from '../errors.js';
import { causeOf, reactionTo } from './error-policy.js';
import { backoffSeconds, withRetry } from './retry.js';

const config = { enabled: true, retries: 3, backoff_strategy: 'exponential' as const, min_backoff: 0.001, max_backoff: 0.004 };
const failure = (cause: ErrorCause, message: string = cause) => new WarehouseError(cause, message, { driverCode: 'X1' });

describe('retry', () => {
  it('doubles the delay within +/-15% jitter and caps it at max_backoff', () => {
    const c = { ...config, min_backoff: 1, max_backoff: 5 };
    for (const r of [0, 0.5, 1]) {
      const jitter = (r * 2 - 1) * 0.15;
      expect(backoffSeconds(c, 1, () => r)).toBeCloseTo(1 * (1 + jitter));
      expect(backoffSeconds(c, 2, () => r)).toBeCloseTo(2 * (1 + jitter));
      expect(backoffSeconds(c, 3, () => r)).toBeCloseTo(Math.min(5, 4 * (1 + jitter)));
      expect(backoffSeconds(c, 9, () => r)).toBeLessThanOrEqual(5);
    }
    expect(backoffSeconds({ ...c, backoff_strategy: 'fixed' }, 7, () => 0.5)).toBe(1);
  });

  it('retries a lost connection and a refusal for load, reporting each cause, then succeeds', async () => {
    const causes: ErrorCause[] = ['connection_lost', 'too_many_connections'];
    let calls = 0;
    const seen: Array<[number, ErrorCause]> = [];
    const value = await withRetry(
      async () => {
        calls++;
        if (calls <= 2) throw failure(causes[calls - 1]!);
        return 'ok';
      },
      { config, onRetry: (a) => seen.push([a.attempt, a.kind]) },
    );
    expect(value).toBe('ok');
    expect(seen).toEqual([
      [1, 'connection_lost'],
      [2, 'too_many_connections'],
    ]);
  });

  it('fails at once on a cause retrying cannot fix, and after `retries` retries on one it can', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw failure('syntax');
        },
        { config },
      ),
    ).rejects.toThrow('syntax');
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw failure('internal', 'busy');
        },
        { config },
      ),
    ).rejects.toThrow('busy');
    expect(calls).toBe(4);
    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw failure('internal', 'busy');
        },
        { config: { ...config, enabled: false } },
      ),
    ).rejects.toThrow();
    expect(calls).toBe(1);
  });

  it('a refusal for load that lowered the concurrency does not use up the budget', async () => {
    let calls = 0;
    const free: boolean[] = [];
    await withRetry(
      async () => {
        if (++calls <= 5) throw failure('too_many_connections');
        return 'ok';
      },
      { config, onConnectionLimit: () => true, onRetry: (a) => free.push(a.free) },
    );
    expect(calls).toBe(6);
    expect(free).toEqual([true, true, true, true, true]);
  });
});

describe('error policy', () => {
  it('decides from the cause alone: retry, back off, or give up', () => {
    const retried = (cause: ErrorCause) => reactionTo(failure(cause));
    for (const cause of ['connection_refused', 'connection_lost', 'timeout', 'serialization_conflict', 'internal'] as const) {
      expect(retried(cause), cause).toEqual({ retry: true, lowerConcurrency: false });
    }
    for (const cause of ['too_many_connections', 'rate_limited', 'resource_exhausted'] as const) {
      expect(retried(cause), cause).toEqual({ retry: true, lowerConcurrency: true });
    }
    for (const cause of ['authentication_failed', 'permission_denied', 'object_not_found', 'syntax', 'cancelled', 'unknown'] as const) {
      expect(retried(cause), cause).toEqual({ retry: false, lowerConcurrency: false });
    }
  });

  it("never retries core's own timeouts and cancellations, and treats what no adapter normalised as unknown", () => {
    expect(causeOf(new TimeoutError('slow'))).toBe('timeout');
    expect(reactionTo(new TimeoutError('slow')).retry).toBe(false);
    expect(causeOf(new CancelledError())).toBe('cancelled');
    expect(reactionTo(new CancelledError()).retry).toBe(false);
    for (const odd of [undefined, null, 'text', 42, {}, new Error('plain')]) expect(causeOf(odd)).toBe('unknown');
  });
});
