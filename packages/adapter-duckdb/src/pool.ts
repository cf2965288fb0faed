import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { CancelledError } from '@baselinr/core';
import { loadDuckdb } from './driver.js';
import { toWarehouseError } from './errors.js';

/**
 * One DuckDB instance (one process-wide buffer pool and thread pool) and a fixed set of its
 * connections, handed out one statement at a time. Waiters are served in arrival order.
 */
export class ConnectionPool {
  private readonly idle: DuckDBConnection[];
  private readonly waiting: Array<(connection: DuckDBConnection) => void> = [];
  private readonly drained: Array<() => void> = [];
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly all: readonly DuckDBConnection[],
  ) {
    this.idle = [...all];
  }

  /** Opens the instance and `size` connections, each prepared by `setup` (settings, file views). */
  static async open(path: string, options: Record<string, string>, size: number, setup: (c: DuckDBConnection) => Promise<void>): Promise<ConnectionPool> {
    let instance: DuckDBInstance;
    try {
      const { DuckDBInstance } = await loadDuckdb();
      instance = await DuckDBInstance.create(path, options);
    } catch (err) {
      throw toWarehouseError(err);
    }
    const connections: DuckDBConnection[] = [];
    try {
      for (let i = 0; i < size; i++) {
        const connection = await instance.connect();
        connections.push(connection);
        await setup(connection);
      }
    } catch (err) {
      for (const c of connections) c.closeSync();
      instance.closeSync();
      throw toWarehouseError(err);
    }
    return new ConnectionPool(instance, connections);
  }

  get size(): number {
    return this.all.length;
  }

  /** Connections lent out right now. */
  get busy(): number {
    return this.all.length - this.idle.length;
  }

  async use<T>(work: (connection: DuckDBConnection) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const connection = await this.acquire(signal);
    try {
      return await work(connection);
    } finally {
      this.release(connection);
    }
  }

  private acquire(signal?: AbortSignal): Promise<DuckDBConnection> {
    if (this.closed) return Promise.reject(new Error('the DuckDB session is closed'));
    if (signal?.aborted) return Promise.reject(new CancelledError('statement cancelled before it started'));
    const free = this.idle.pop();
    if (free) return Promise.resolve(free);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        reject(new CancelledError('statement cancelled while waiting for a connection'));
      };
      const grant = (connection: DuckDBConnection) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(connection);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  private release(connection: DuckDBConnection): void {
    const next = this.closed ? undefined : this.waiting.shift();
    if (next) {
      next(connection);
      return;
    }
    this.idle.push(connection);
    if (this.busy === 0) for (const resolve of this.drained.splice(0)) resolve();
  }

  /** Interrupts what still runs, waits for it to stop, then closes every connection and the instance. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.waiting.splice(0);
    if (this.busy > 0) {
      const busy = this.all.filter((c) => !this.idle.includes(c));
      for (const c of busy) c.interrupt();
      await new Promise<void>((resolve) => this.drained.push(resolve));
    }
    for (const connection of this.all) connection.closeSync();
    this.instance.closeSync();
  }
}
