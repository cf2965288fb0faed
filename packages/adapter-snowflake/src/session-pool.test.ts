import { describe, expect, it } from 'vitest';
import { CancelledError } from '@baselinr/core';
import type { Connection } from 'snowflake-sdk';
import { SessionPool } from './session-pool.js';

/** Stand-in sessions: the pool only asks whether a session is up. */
function factory(options: { failLogins?: number } = {}) {
  let failures = options.failLogins ?? 0;
  const state = { opened: 0, closed: 0, up: new Map<Connection, boolean>() };
  return {
    state,
    open: async () => {
      if (failures-- > 0) throw new Error('login refused');
      state.opened++;
      const connection = { isUp: () => state.up.get(connection) ?? true } as unknown as Connection;
      return connection;
    },
    close: async () => void state.closed++,
  };
}

describe('SessionPool', () => {
  it('logs in on demand, never more than its size, and serves waiters in order', async () => {
    const f = factory();
    const pool = new SessionPool(2, f);
    const a = await pool.acquire();
    const b = await pool.acquire();
    const served: string[] = [];
    const served_ =
      (label: string) =>
      <T>(c: T): T => {
        served.push(label);
        return c;
      };
    const third = pool.acquire().then(served_('third'));
    const fourth = pool.acquire().then(served_('fourth'));
    expect(f.state.opened).toBe(2);
    pool.release(a);
    pool.release(b);
    expect([await third, await fourth]).toEqual([a, b]);
    expect(served).toEqual(['third', 'fourth']);
    await pool.close();
  });

  it('replaces a discarded session and a session that went down with a fresh login', async () => {
    const f = factory();
    const pool = new SessionPool(1, f);
    const first = await pool.acquire();
    const waiting = pool.acquire();
    pool.release(first, true);
    const second = await waiting;
    expect(second).not.toBe(first);
    f.state.up.set(second, false);
    pool.release(second);
    const third = await pool.acquire();
    expect(third).not.toBe(second);
    expect(f.state).toMatchObject({ opened: 3, closed: 2 });
    pool.release(third);
    await pool.close();
    expect(f.state.closed).toBe(3);
  });

  it('frees the slot of a failed login for the next caller', async () => {
    const f = factory({ failLogins: 1 });
    const pool = new SessionPool(1, f);
    await expect(pool.acquire()).rejects.toThrow('login refused');
    const connection = await pool.acquire();
    pool.release(connection);
    await pool.close();
  });

  it('stops waiting when the signal aborts, and rejects waiters when closed', async () => {
    const pool = new SessionPool(1, factory());
    const held = await pool.acquire();
    const controller = new AbortController();
    const aborted = pool.acquire(controller.signal);
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(CancelledError);
    const waiting = pool.acquire();
    const closing = pool.close();
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
    pool.release(held);
    await closing;
    await expect(pool.acquire()).rejects.toThrow(/closed/);
  });
});
