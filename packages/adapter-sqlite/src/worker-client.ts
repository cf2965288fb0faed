import { Worker } from 'node:worker_threads';
import { CancelledError } from '@baselinr/core';
import { sqliteError } from './errors.js';
import type { WorkerResponse } from './sqlite-worker.js';

/**
 * The main thread's handle on the SQLite worker thread. Cancelling a statement terminates the
 * worker (SQLite stops at once) and the next statement starts a fresh one.
 */
export class SqliteWorkerClient {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (rows: Record<string, unknown>[]) => void; reject: (err: Error) => void }>();
  /** Statements sent to the worker and not yet answered: instrumentation for tests and metrics. */
  get inFlight(): number {
    return this.waiting.size;
  }

  constructor(private readonly filepath: string) {}

  query(sql: string, params: readonly unknown[] = [], signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    if (signal?.aborted) return Promise.reject(new CancelledError('statement cancelled before it started'));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiting.delete(id);
        reject(new CancelledError('statement cancelled'));
        void this.restart();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(id, {
        resolve: (rows) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(rows);
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      });
      worker.postMessage({ id, sql, params });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(sqliteError('connection closed', 'SQLITE_MISUSE'));
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./sqlite-worker.js', import.meta.url), { workerData: { filepath: this.filepath } });
    worker.on('message', (response: WorkerResponse) => {
      const waiter = this.waiting.get(response.id);
      if (!waiter) return;
      this.waiting.delete(response.id);
      if ('rows' in response) waiter.resolve(response.rows);
      else waiter.reject(sqliteError(response.error.message, response.error.code));
    });
    worker.on('error', (err) => this.failAll(sqliteError(`SQLite worker failed: ${err.message}`, 'WORKER_CRASHED', err)));
    this.worker = worker;
    return worker;
  }

  private async restart(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new CancelledError('statement cancelled'));
    await worker?.terminate();
  }

  private failAll(err: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(err);
    this.waiting.clear();
  }
}
