import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runBounded } from './run-queue.js';

describe('runBounded', () => {
  it('never runs more than `workers` tasks at once and runs every item', async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    await runBounded(
      Array.from({ length: 60 }, (_, i) => i),
      { workers: 4, queueSize: 10 },
      async (i) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await sleep(i % 3);
        inFlight--;
        done.push(i);
      },
    );
    expect(peak).toBe(4);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });

  it('pulls items lazily: taken but unfinished items stay within queue_size + workers', async () => {
    let taken = 0;
    let finished = 0;
    let maxOutstanding = 0;
    function* items() {
      for (let i = 0; i < 500; i++) {
        taken++;
        maxOutstanding = Math.max(maxOutstanding, taken - finished);
        yield i;
      }
    }
    await runBounded(items(), { workers: 3, queueSize: 10 }, async () => {
      await sleep(0);
      finished++;
    });
    expect(finished).toBe(500);
    expect(maxOutstanding).toBeLessThanOrEqual(10 + 3 + 1);
  });

  it('stops intake when the signal aborts', async () => {
    const controller = new AbortController();
    let started = 0;
    await runBounded(
      Array.from({ length: 100 }, (_, i) => i),
      { workers: 2, queueSize: 10, signal: controller.signal },
      async () => {
        started++;
        if (started === 5) controller.abort();
        await sleep(1);
      },
    );
    expect(started).toBeLessThan(100);
  });
});
