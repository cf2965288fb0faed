import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { AdaptiveLimit, type LimitChange } from './adaptive-limit.js';

describe('AdaptiveLimit', () => {
  it('never lets more than the current limit run, and reports who waits', async () => {
    const waiting: number[] = [];
    const limit = new AdaptiveLimit(3, { onWaiting: (n) => waiting.push(n) });
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limit.run(async () => {
          peak = Math.max(peak, limit.inFlight);
          await sleep(1);
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(Math.max(...waiting)).toBe(17);
    expect(waiting.at(-1)).toBe(0);
  });

  it('halves once per burst of refusals, and recovers one step after a run of successes', () => {
    const changes: LimitChange[] = [];
    const limit = new AdaptiveLimit(8, { recoverAfter: 3, onChange: (c) => changes.push(c) });
    const burst = limit.epoch;
    expect(limit.recordConnectionLimit(burst)).toBe(true);
    // Work started before the decrease was refused under the old limit: no second decrease.
    expect(limit.recordConnectionLimit(burst)).toBe(true);
    expect(limit.limit).toBe(4);
    limit.recordConnectionLimit(limit.epoch);
    limit.recordConnectionLimit(limit.epoch);
    expect(limit.limit).toBe(1);
    expect(limit.recordConnectionLimit()).toBe(false); // nothing left to lower
    for (let i = 0; i < 3; i++) limit.recordSuccess();
    expect(limit.limit).toBe(2);
    expect(limit.minimum).toBe(1);
    expect(changes.map((c) => [c.from, c.to])).toEqual([
      [8, 4],
      [4, 2],
      [2, 1],
      [1, 2],
    ]);
  });

  it('a lowered limit holds back new work until running work finishes', async () => {
    const limit = new AdaptiveLimit(4);
    let peakAfterDecrease = 0;
    let decreased = false;
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        limit.run(async () => {
          if (i === 0) {
            limit.recordConnectionLimit();
            decreased = true;
          } else if (decreased && i >= 8) {
            peakAfterDecrease = Math.max(peakAfterDecrease, limit.inFlight);
          }
          await sleep(2);
        }),
      ),
    );
    expect(limit.limit).toBe(2);
    expect(peakAfterDecrease).toBeLessThanOrEqual(2);
  });
});
