import { describe, expect, it } from 'vitest';
import { HEARTBEAT_STALE_MS, runState, type LocalProcesses } from './run-liveness.js';

const here: LocalProcesses = { host: 'this-box', isAlive: (pid) => pid === 100 };
const now = new Date('2026-01-01T12:00:00.000Z');
const beat = (host: string, pid: number, agoMs: number) => ({ runId: 'r', host, pid, at: new Date(now.getTime() - agoMs) });

describe('whether a run that recorded no end is still going', () => {
  it('keeps an ended run as it ended, whatever its heartbeat says', () => {
    expect(runState({ status: 'succeeded' }, beat('this-box', 999, 10 * HEARTBEAT_STALE_MS), here, now)).toEqual({ state: 'succeeded' });
  });

  it('on the host that ran it, the process decides: gone is interrupted, even with a fresh heartbeat', () => {
    expect(runState({ status: 'running' }, beat('this-box', 999, 1_000), here, now)).toEqual({
      state: 'interrupted',
      reason: 'no end recorded and its process 999 on this-box is gone',
    });
    // Alive: still running, even when the store kept it from beating for a while (a locked store).
    expect(runState({ status: 'running' }, beat('this-box', 100, 10 * HEARTBEAT_STALE_MS), here, now)).toEqual({ state: 'running' });
  });

  it('from another host, a heartbeat older than the stale limit is interrupted', () => {
    expect(runState({ status: 'running' }, beat('other-box', 100, HEARTBEAT_STALE_MS - 1_000), here, now)).toEqual({ state: 'running' });
    expect(runState({ status: 'running' }, beat('other-box', 100, HEARTBEAT_STALE_MS + 1_000), here, now)).toEqual({
      state: 'interrupted',
      reason: 'no end recorded and no heartbeat from its process 100 on other-box since 2026-01-01T11:58:59.000Z',
    });
  });

  it('without a heartbeat (an older version wrote the run) it cannot tell, and says so', () => {
    expect(runState({ status: 'running' }, undefined, here, now)).toEqual({ state: 'running', reason: 'no end recorded and no heartbeat to tell whether it is still going' });
  });

  it('the real local check: this process is alive, a pid that cannot exist is not', async () => {
    const { localProcesses } = await import('./run-liveness.js');
    expect(localProcesses.isAlive(process.pid)).toBe(true);
    expect(localProcesses.isAlive(2 ** 22 + 1)).toBe(false);
  });
});
