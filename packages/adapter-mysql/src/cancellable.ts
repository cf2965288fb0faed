import { setTimeout as delay } from 'node:timers/promises';
import { CancelledError } from '@baselinr/core';
import type { Pool, PoolConnection } from 'mysql2/promise';

/** How long a cancelled statement may take to stop after KILL QUERY before its connection is dropped. */
export const CANCEL_GRACE_MS = 3000;

/**
 * Takes a connection from the pool. If `signal` aborts while waiting, rejects at once and hands the
 * connection back whenever the pool produces it, so the wait never leaks a connection.
 */
export function acquireConnection(pool: Pool, signal?: AbortSignal): Promise<PoolConnection> {
  if (signal?.aborted) return Promise.reject(new CancelledError('statement cancelled before it started'));
  const pending = pool.getConnection();
  if (!signal) return pending;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new CancelledError('statement cancelled before it started'));
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (conn) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) conn.release();
        else resolve(conn);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

export interface CancellableOptions {
  readonly signal?: AbortSignal;
  /** Stops whatever `threadId` is running, from another connection (KILL QUERY). */
  readonly kill: (threadId: number) => Promise<unknown>;
  readonly graceMs?: number;
}

/**
 * Runs `work` on `conn` and then disposes of the connection (this function owns it). When the
 * signal aborts, the statement is stopped on the server rather than abandoned: a killed query
 * frees its locks and CPU at once, where a dropped socket may leave it running for minutes.
 * The connection goes back to the pool only after the statement has ended, so a late KILL can
 * never hit the next statement that borrows it; one that does not end in time is destroyed.
 */
export async function runCancellable<T>(conn: PoolConnection, work: (conn: PoolConnection) => Promise<T>, options: CancellableOptions): Promise<T> {
  const { signal, kill, graceMs = CANCEL_GRACE_MS } = options;
  const threadId = conn.threadId;
  // Settled form of the statement: racing it never leaves a rejection unhandled.
  const outcome = work(conn).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<'aborted'>((resolve) => {
    if (!signal) return;
    if (signal.aborted) return resolve('aborted');
    onAbort = () => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const first = await Promise.race([outcome, aborted]);
  if (onAbort) signal?.removeEventListener('abort', onAbort);
  if (first !== 'aborted') {
    // A connection that failed fatally has already left the pool; release is then a no-op.
    conn.release();
    if (first.ok) return first.value;
    throw first.error;
  }
  const stopped = (async () => {
    await kill(threadId).catch(() => undefined);
    await outcome;
    return true;
  })();
  const inTime = await Promise.race([stopped, delay(graceMs, false, { ref: false })]);
  if (inTime) conn.release();
  else conn.destroy();
  throw new CancelledError(
    inTime ? 'statement cancelled on the server (KILL QUERY)' : 'statement cancelled; it did not stop in time after KILL QUERY, so its connection was closed',
  );
}
