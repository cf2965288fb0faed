import { describe, expect, it } from 'vitest';
import type { ErrorKind } from '../errors.js';
import { backoffSeconds, withRetry } from './retry.js';

const config = { enabled: true, retries: 3, backoff_strategy: 'exponential' as const, min_backoff: 0.001, max_backoff: 0.004 };

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

  it('retries transient and connection-limit errors, then succeeds', async () => {
    const kinds: ErrorKind[] = ['transient', 'connection_limit'];
    let calls = 0;
    const attempts: number[] = [];
    const value = await withRetry(
      async () => {
        calls++;
        if (calls <= 2) throw Object.assign(new Error('flaky'), { kind: kinds[calls - 1] });
        return 'ok';
      },
      { config, classify: (e) => (e as { kind: ErrorKind }).kind, onRetry: (a) => attempts.push(a.attempt) },
    );
    expect(value).toBe('ok');
    expect(calls).toBe(3);
    expect(attempts).toEqual([1, 2]);
  });

  it('fails at once on a permanent error, and after `retries` retries on a transient one', async () => {
    let calls = 0;
    await expect(withRetry(async () => { calls++; throw new Error('syntax'); }, { config, classify: () => 'permanent' })).rejects.toThrow('syntax');
    expect(calls).toBe(1);
    calls = 0;
    await expect(withRetry(async () => { calls++; throw new Error('busy'); }, { config, classify: () => 'transient' })).rejects.toThrow('busy');
    expect(calls).toBe(4);
    calls = 0;
    await expect(withRetry(async () => { calls++; throw new Error('busy'); }, { config: { ...config, enabled: false }, classify: () => 'transient' })).rejects.toThrow();
    expect(calls).toBe(1);
  });
});
