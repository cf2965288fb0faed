import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError, WarehouseError, type QueryResult, type Redactor, type Row } from '@baselinr/core';
import type { DescribeStatementCommandOutput, SqlParameter } from '@aws-sdk/client-redshift-data';
import type { DataApi } from './data-api.js';
import { failedStatementCause, toWarehouseError } from './errors.js';
import { columnNames, toRows } from './result-rows.js';
import type { RunIdentity } from './run-identity.js';

const DONE = new Set(['FINISHED', 'FAILED', 'ABORTED']);

/** How long a cancelled statement may take to reach ABORTED before we stop waiting for it. */
const CANCEL_WAIT_MS = 5_000;
const CANCEL_POLL_MS = 50;
const POLL_GROWTH = 1.5;

export interface PollingOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

/**
 * Runs one statement the Data API way: ExecuteStatement, DescribeStatement until it is done
 * (starting at `initialMs`, growing to `maxMs`, so short statements answer fast and long ones
 * cost few calls), GetStatementResult page by page. When the signal aborts, or polling fails for
 * good, the statement is cancelled on the server with CancelStatement, so nothing keeps running
 * in Redshift after the promise settles.
 */
export class StatementRunner {
  constructor(
    private readonly api: DataApi,
    private readonly polling: PollingOptions,
    private readonly identity: RunIdentity,
    private readonly redact: Redactor,
  ) {}

  async run(sql: string, parameters: readonly SqlParameter[] = [], runSignal?: AbortSignal): Promise<QueryResult> {
    if (runSignal?.aborted) throw new CancelledError('statement cancelled before it was submitted');
    // The statement's own view of the run's signal: our waits and SDK calls listen to it, so a
    // run of many workers does not pile listeners onto the one signal they share.
    const signal = runSignal && AbortSignal.any([runSignal]);
    let id: string;
    try {
      // Not abortable: once sent, the statement exists; an abort is handled by cancelling its id.
      id = await this.api.submit(this.identity.tag(sql), parameters, this.identity.statementName);
    } catch (err) {
      throw toWarehouseError(err, this.redact);
    }
    const done = await this.settle(id, signal);
    if (done.Status === 'FAILED') {
      const message = done.Error ?? 'no error message';
      throw new WarehouseError(failedStatementCause(message), this.redact(`Redshift statement ${id} failed: ${message}`), { driverCode: 'FAILED' });
    }
    if (done.Status === 'ABORTED') {
      // Not our cancel (that rejects in settle): an administrator or another client stopped it.
      throw new WarehouseError('cancelled', `Redshift statement ${id} was cancelled on the server by someone else`, { driverCode: 'ABORTED' });
    }
    const rows = done.HasResultSet ? await this.fetchRows(id, signal) : [];
    const queued = queuedMs(done);
    return { rows, queryId: id, ...(queued !== undefined ? { queuedMs: queued } : {}) };
  }

  /** Polls until the statement is done; cancels it on the server on abort or when polling fails. */
  private async settle(id: string, signal: AbortSignal | undefined): Promise<DescribeStatementCommandOutput> {
    let delay = this.polling.initialMs;
    for (;;) {
      if (signal?.aborted) return this.cancelled(id);
      let described: DescribeStatementCommandOutput;
      try {
        described = await this.api.describe(id, signal);
      } catch (err) {
        if (signal?.aborted) return this.cancelled(id);
        // The statement may still be running: a retry by core must not run beside it.
        await this.cancelAndWait(id);
        throw toWarehouseError(err, this.redact);
      }
      if (DONE.has(described.Status ?? '')) return described;
      await sleep(delay, undefined, { signal }).catch(() => undefined);
      delay = Math.min(this.polling.maxMs, Math.ceil(delay * POLL_GROWTH));
    }
  }

  private async cancelled(id: string): Promise<never> {
    await this.cancelAndWait(id);
    throw new CancelledError('statement cancelled on the server');
  }

  /**
   * CancelStatement, then waits (bounded) until the service reports the statement done. A cancel
   * that fails because the statement already finished is fine; any other failure leaves nothing
   * more we can do, and the caller's error says what happened to the run.
   */
  private async cancelAndWait(id: string): Promise<void> {
    try {
      await this.api.cancel(id);
    } catch {
      // Already done (ValidationException) or unreachable: the wait below tells which.
    }
    const deadline = performance.now() + CANCEL_WAIT_MS;
    while (performance.now() < deadline) {
      const status = await this.api.describe(id).then(
        (d) => d.Status,
        () => undefined,
      );
      if (DONE.has(status ?? '')) return;
      await sleep(CANCEL_POLL_MS);
    }
  }

  /** GetStatementResult, following NextToken; column names come from the first page. */
  private async fetchRows(id: string, signal: AbortSignal | undefined): Promise<Row[]> {
    const rows: Row[] = [];
    let names: string[] | undefined;
    let nextToken: string | undefined;
    try {
      do {
        const page = await this.api.resultPage(id, nextToken, signal);
        names ??= columnNames(page.ColumnMetadata ?? []);
        rows.push(...toRows(names, page.Records ?? []));
        nextToken = page.NextToken;
      } while (nextToken);
    } catch (err) {
      if (signal?.aborted) throw new CancelledError('cancelled while reading the statement result');
      throw toWarehouseError(err, this.redact);
    }
    return rows;
  }
}

/**
 * Time the statement waited before it ran: the service's wall time (CreatedAt to UpdatedAt, when
 * it finished) minus Duration, the time it ran. Both come from the service's clock, so polling
 * lag does not count.
 */
export function queuedMs(described: DescribeStatementCommandOutput): number | undefined {
  const created = described.CreatedAt?.getTime();
  const updated = described.UpdatedAt?.getTime();
  const durationNs = described.Duration;
  if (created === undefined || updated === undefined || durationNs === undefined || durationNs < 0) return undefined;
  return Math.max(0, Math.round(updated - created - durationNs / 1e6));
}
