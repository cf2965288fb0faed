import type { WarehouseSession } from '../adapter/contract.js';
import type { QueryResult, Row, TableRef } from '../adapter/types.js';
import type { SharedSlots, SlotLease } from '../coordination/slot-limiter.js';
import { CancelledError, TimeoutError } from '../errors.js';
import type { AdaptiveLimit } from '../scheduler/adaptive-limit.js';
import { withRetry, type RetryAttempt, type RetryConfig } from '../scheduler/retry.js';
import type { StatementRecord } from './profile-table.js';

/** A statement's wait for a slot of the shared pool: it began, ended with a lease, or was given up (cancelled). */
export interface SlotWait {
  readonly pool: string;
  readonly state: 'waiting' | 'acquired' | 'abandoned';
  readonly waitedMs: number;
  /** Statements of this process waiting for a slot of the pool after this change. */
  readonly waiting: number;
}

export interface StatementRunnerOptions {
  readonly session: WarehouseSession;
  readonly limit: AdaptiveLimit;
  /** The shared pool (`coordination`): each statement attempt holds one of its slots while it runs. */
  readonly slots?: SharedSlots;
  readonly onSlotWait?: (table: TableRef, wait: SlotWait) => void;
  readonly retry: RetryConfig;
  readonly statementTimeoutSeconds?: number;
  readonly onRetry: (table: TableRef, attempt: RetryAttempt) => void;
  readonly onStatement: (table: TableRef, record: StatementRecord) => void;
}

/**
 * Runs one statement for a table the way every statement runs: under the adaptive
 * concurrency limit, with per-statement timeout and retries decided from each failure's cause.
 */
export class StatementRunner {
  constructor(private readonly options: StatementRunnerOptions) {}

  get dialect() {
    return this.options.session.dialect;
  }

  /** `signal` aborts for the run (cancel) or the table (timeout); both cancel on the server. */
  async execute(table: TableRef, purpose: StatementRecord['purpose'], sql: string, signal: AbortSignal): Promise<{ rows: Row[]; record: StatementRecord }> {
    const began = performance.now();
    let attempts = 0;
    const result = await this.withRetries(table, signal, (started) => {
      attempts++;
      return this.attempt(table, () => this.options.session.execute(sql, this.statementSignal(signal)), signal, started);
    });
    const { rows, ...stats } = Array.isArray(result) ? { rows: result } : result;
    const record: StatementRecord = { purpose, sql, durationMs: performance.now() - began, attempts, ...stats };
    this.options.onStatement(table, record);
    return { rows, record };
  }

  /** Catalog work (describe) runs under the same limit and retries, without a statement timeout. */
  catalog<T>(table: TableRef, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    const { limit } = this.options;
    return this.withRetries(table, signal, (started) =>
      limit
        .run(() => {
          started.epoch = limit.epoch;
          return work();
        })
        .then((value) => {
          limit.recordSuccess();
          return value;
        }),
    );
  }

  /** `started.epoch` is the limit's epoch when the attempt got its slot, to tell bursts apart. */
  private withRetries<T>(table: TableRef, signal: AbortSignal | undefined, work: (started: { epoch: number }) => Promise<T>): Promise<T> {
    const started = { epoch: this.options.limit.epoch };
    return withRetry(() => work(started), {
      config: this.options.retry,
      signal,
      onRetry: (attempt) => this.options.onRetry(table, attempt),
      onConnectionLimit: () => this.options.limit.recordConnectionLimit(started.epoch),
    });
  }

  private async attempt(table: TableRef, run: () => Promise<Row[] | QueryResult>, signal: AbortSignal, started: { epoch: number }): Promise<Row[] | QueryResult> {
    if (signal.aborted) throw abortError(signal);
    const rows = await this.options.limit.run(async () => {
      started.epoch = this.options.limit.epoch;
      try {
        return await this.inSharedSlot(table, signal, run);
      } catch (err) {
        // The adapter reports its own cancellation; say what caused it.
        if (signal.aborted) throw abortError(signal);
        if (isTimeout(err))
          throw new TimeoutError(`statement timed out after ${this.options.statementTimeoutSeconds}s (execution.statement_timeout_seconds); it was cancelled on the server`);
        throw err;
      }
    });
    this.options.limit.recordSuccess();
    return rows;
  }

  /**
   * Runs `run` holding a slot of the shared pool, when the run has one. The slot is taken after
   * the local concurrency slot and given back however the statement ends. Waiting counts against
   * the table's timeout, not the statement's: the statement has not reached the warehouse yet.
   */
  private async inSharedSlot<T>(table: TableRef, signal: AbortSignal, run: () => Promise<T>): Promise<T> {
    const { slots, onSlotWait } = this.options;
    if (!slots) return run();
    const report = (state: SlotWait['state'], waitedMs: number) => onSlotWait?.(table, { pool: slots.pool, state, waitedMs, waiting: slots.waiting });
    const began = performance.now();
    let waited = false;
    let lease: SlotLease;
    try {
      lease = await slots.acquire(signal, () => {
        waited = true;
        report('waiting', 0);
      });
    } catch (err) {
      if (waited) report('abandoned', performance.now() - began);
      throw err;
    }
    report('acquired', lease.waitedMs);
    try {
      return await run();
    } finally {
      await lease.release();
    }
  }

  private statementSignal(signal: AbortSignal): AbortSignal {
    const seconds = this.options.statementTimeoutSeconds;
    return seconds === undefined ? signal : AbortSignal.any([signal, AbortSignal.timeout(seconds * 1000)]);
  }
}

function isTimeout(err: unknown): boolean {
  return err instanceof CancelledError || (err as { name?: string } | undefined)?.name === 'TimeoutError';
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof TimeoutError || reason instanceof CancelledError) return reason;
  return new CancelledError();
}
