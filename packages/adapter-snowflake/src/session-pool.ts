import { CancelledError } from '@baselinr/core';
import type { Connection } from 'snowflake-sdk';
import { onAbort } from './abort-listener.js';

/** Opens (logs in) and closes (deletes on the server) one Snowflake session. */
export interface SessionFactory {
  open(): Promise<Connection>;
  close(connection: Connection): Promise<void>;
}

interface Waiter {
  readonly resolve: (connection: Connection) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * At most `size` Snowflake sessions for one run, logged in on demand and reused: one per worker
 * plus one for catalog queries, as the pool policy sizes it. Callers beyond that wait in order. A
 * session the server invalidated is dropped and a fresh login replaces it when next needed.
 *
 * The SDK's own createPool is not used: it replaces every login error with a bare Error carrying
 * only the message, and the error's code is what tells a wrong password from an overloaded server.
 */
export class SessionPool {
  private readonly idle: Connection[] = [];
  private readonly waiting: Waiter[] = [];
  /** Logouts still in flight. */
  private readonly closing = new Set<Promise<void>>();
  /** Sessions open or being opened. */
  private opened = 0;
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly factory: SessionFactory,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`session pool size must be a positive integer, got ${size}`);
  }

  acquire(signal?: AbortSignal): Promise<Connection> {
    if (signal?.aborted) return Promise.reject(new CancelledError('statement cancelled before it started'));
    if (this.closed) return Promise.reject(new Error('the Snowflake session pool is closed'));
    for (let connection = this.idle.pop(); connection; connection = this.idle.pop()) {
      if (connection.isUp()) return Promise.resolve(connection);
      this.drop(connection);
    }
    if (this.opened < this.size) return this.openOne();
    return new Promise((resolve, reject) => {
      const stopListening = signal
        ? onAbort(signal, () => {
            const at = this.waiting.indexOf(waiter);
            if (at >= 0) this.waiting.splice(at, 1);
            reject(new CancelledError('statement cancelled while waiting for a Snowflake session'));
          })
        : () => undefined;
      const waiter: Waiter = {
        resolve: (connection) => {
          stopListening();
          resolve(connection);
        },
        reject: (err) => {
          stopListening();
          reject(err);
        },
      };
      this.waiting.push(waiter);
    });
  }

  /** Hands a session back; `discard` when its session is gone (expired, invalidated). */
  release(connection: Connection, discard = false): void {
    if (discard || this.closed) {
      this.drop(connection);
      return;
    }
    const next = this.waiting.shift();
    if (next) next.resolve(connection);
    else this.idle.push(connection);
  }

  /** Deletes every session on the server; sessions still in use are deleted when released. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      for (const waiter of this.waiting.splice(0)) waiter.reject(new CancelledError('the run ended while waiting for a Snowflake session'));
      for (const connection of this.idle.splice(0)) this.drop(connection);
    }
    await Promise.all([...this.closing]);
  }

  private async openOne(): Promise<Connection> {
    this.opened++;
    try {
      return await this.factory.open();
    } catch (err) {
      this.opened--;
      this.openForWaiter();
      throw err;
    }
  }

  private drop(connection: Connection): void {
    this.opened--;
    const logout = this.factory.close(connection).catch(() => undefined);
    this.closing.add(logout);
    void logout.then(() => this.closing.delete(logout));
    this.openForWaiter();
  }

  /** A slot came free while callers wait: log in a new session for the first of them. */
  private openForWaiter(): void {
    if (this.closed || this.opened >= this.size) return;
    const waiter = this.waiting.shift();
    if (waiter) this.openOne().then(waiter.resolve, waiter.reject);
  }
}
