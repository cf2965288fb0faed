import { setTimeout as sleep } from 'node:timers/promises';
import { WarehouseError } from '../errors.js';

/**
 * Error codes of a store that is busy rather than broken: another process holds SQLite's write
 * lock (SQLITE_BUSY, after the driver's own busy timeout), or a server reports a lock wait or a
 * deadlock (MySQL's ER_LOCK_WAIT_TIMEOUT and ER_LOCK_DEADLOCK, PostgreSQL's 40001, 40P01, 55P03).
 */
const BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED', 'ER_LOCK_WAIT_TIMEOUT', 'ER_LOCK_DEADLOCK', '40001', '40P01', '55P03']);

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

function isBusy(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  if (err instanceof WarehouseError && err.kind === 'serialization_conflict') return true;
  const e = err as { code?: unknown; driverCode?: unknown; cause?: unknown };
  return [e.code, e.driverCode].some((c) => typeof c === 'string' && BUSY_CODES.has(c)) || isBusy(e.cause, depth + 1);
}
