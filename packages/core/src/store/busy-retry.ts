import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, WarehouseError, type ErrorCause } from '../errors.js';

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

/** Overrides how long a run waits out a busy store before it keeps the table in its spool. */
export const STORE_BUSY_ENV = 'BASELINR_STORE_BUSY_SECONDS';

/** The store's busy window: STORE_BUSY_RETRY, or `BASELINR_STORE_BUSY_SECONDS` when set. */
export function storeBusyRetry(env: Readonly<Record<string, string | undefined>> = process.env): BusyRetry {
  const text = env[STORE_BUSY_ENV];
  if (text === undefined || text.trim() === '') return STORE_BUSY_RETRY;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) {
    throw new ConfigError(`${STORE_BUSY_ENV} must be a number of seconds from 0 to 86400 (how long a busy results store is waited for), got ${JSON.stringify(text)}`);
  }
  return { ...STORE_BUSY_RETRY, withinMs: seconds * 1000 };
}

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

/**
 * A store write that failed because the store cannot be written now, not because of what was
 * written: still busy after the busy window, or unreachable. Such a record is worth keeping.
 */
export function isStoreUnwritable(err: unknown): boolean {
  return isBusy(err) || (err instanceof WarehouseError && (err.kind === 'connection_refused' || err.kind === 'connection_lost'));
}
