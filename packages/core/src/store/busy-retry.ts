import { setTimeout as sleep } from 'node:timers/promises';
import { WarehouseError, type ErrorCause } from '../errors.js';

/**
 * A store that is busy rather than broken, by the cause its adapter gave: another connection holds
 * the lock (SQLite's BUSY after the driver's own busy timeout, a deadlock: `serialization_conflict`)
 * or a lock wait ran out (MySQL's ER_LOCK_WAIT_TIMEOUT, PostgreSQL's 55P03: `timeout`).
 */
const BUSY_CAUSES: ReadonlySet<ErrorCause> = new Set(['serialization_conflict', 'timeout']);

export interface BusyRetry {
  /** How long to keep trying, in all. */
  readonly withinMs: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

/** A lock another program holds for half a minute (a backup, a long query in a SQLite browser) is waited out. */
export const STORE_BUSY_RETRY: BusyRetry = { withinMs: 60_000, firstDelayMs: 100, maxDelayMs: 5_000 };

/**
 * Runs a store write, again with exponential backoff while the store is busy, until it succeeds,
 * fails otherwise, or `withinMs` has passed (then the last error stands). Each write is one
 * transaction, so trying again never stores anything twice.
 */
export async function retryWhileBusy<T>(write: () => Promise<T>, retry: BusyRetry = STORE_BUSY_RETRY): Promise<T> {
  const began = Date.now();
  for (let delay = retry.firstDelayMs; ; delay = Math.min(delay * 2, retry.maxDelayMs)) {
    try {
      return await write();
    } catch (err) {
      if (!isBusy(err) || Date.now() - began + delay > retry.withinMs) throw err;
      await sleep(delay);
    }
  }
}

function isBusy(err: unknown): boolean {
  return err instanceof WarehouseError && BUSY_CAUSES.has(err.kind);
}
