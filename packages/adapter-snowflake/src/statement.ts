import { setTimeout as delay } from 'node:timers/promises';
import { CancelledError, type Row } from '@baselinr/core';
import type { Connection, RowStatement } from 'snowflake-sdk';
import { onAbort } from './abort-listener.js';
import { isChunkDownloadFailure, toWarehouseError, type FailureContext } from './errors.js';
import { QueueWatch, type QueueObservation } from './queue-watch.js';

/** How long a cancel request and the cancelled statement's end may take before the run moves on. */
const CANCEL_GRACE_MS = 5_000;

/**
 * Fetches of a finished statement's result when its chunks fail to download. Each fetch gets
 * fresh download URLs (an expired one is refused by storage) and the SDK retries every chunk
 * itself; the statement is not run again.
 */
const RESULT_FETCHES = 3;

export interface StatementRequest {
  readonly sql: string;
  /** Values for `?` placeholders, sent as bindings (never spliced into the SQL). */
  readonly binds?: readonly string[];
  readonly parameters: Record<string, string | number>;
  readonly signal?: AbortSignal;
}

export interface StatementOutcome {
  readonly rows: Row[];
  readonly queryId: string;
  readonly queuedMs: number;
}

type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/**
 * Submits without waiting for the result (asyncExec): the query id comes back at once, so the
 * statement can be watched and cancelled by id. `streamResult` is what makes the SDK pass a failed
 * submission's error to `complete`: with asyncExec alone it reports success without a query id.
 */
function submit(connection: Connection, request: StatementRequest): { statement: RowStatement; accepted: Promise<string> } {
  let statement: RowStatement | undefined;
  const accepted = new Promise<string>((resolve, reject) => {
    statement = connection.execute({
      sqlText: request.sql,
      ...(request.binds ? { binds: [...request.binds] } : {}),
      parameters: request.parameters,
      asyncExec: true,
      streamResult: true,
      complete: (err, stmt) => {
        const queryId = stmt.getQueryId();
        if (err || !queryId) reject(err ?? new Error('Snowflake accepted the statement without a query id'));
        else resolve(queryId);
      },
    });
  });
  return { statement: statement!, accepted };
}

/** The result by query id, fetched again (at most RESULT_FETCHES times in all) when a chunk download fails. */
async function fetchRows(connection: Connection, queryId: string): Promise<Row[]> {
  for (let fetch = 1; ; fetch++) {
    try {
      return await fetchResult(connection, queryId);
    } catch (err) {
      if (fetch >= RESULT_FETCHES || !isChunkDownloadFailure(err)) throw err;
    }
  }
}

/** The result by query id; the server holds each request until the statement ends or a long-poll interval passes (code 333333), and the SDK asks again. */
function fetchResult(connection: Connection, queryId: string): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    connection.fetchResult({
      queryId,
      complete: (err, _stmt, rows) => (err ? reject(err) : resolve((rows ?? []) as Row[])),
    });
  });
}

/** Sends Snowflake's abort-request for the statement; resolves when the server answered, whatever it said. */
function cancel(statement: RowStatement): Promise<void> {
  return new Promise((resolve) => statement.cancel(() => resolve()));
}

function aborted(signal: AbortSignal | undefined): { promise: Promise<'aborted'>; dispose: () => void } {
  if (!signal) return { promise: new Promise(() => undefined), dispose: () => undefined };
  if (signal.aborted) return { promise: Promise.resolve('aborted'), dispose: () => undefined };
  let dispose: () => void = () => undefined;
  const promise = new Promise<'aborted'>((resolve) => (dispose = onAbort(signal, () => resolve('aborted'))));
  return { promise, dispose };
}

const within = <T>(promise: Promise<T>) => Promise.race([promise, delay(CANCEL_GRACE_MS, undefined, { ref: false })]);

/**
 * Runs one statement on a session: submit, watch the warehouse queue, fetch the rows. When the
 * signal aborts, the statement is cancelled on the server (abort-request by query id) and this
 * rejects with CancelledError once the server has ended it, or after a grace period.
 */
export async function runStatement(connection: Connection, request: StatementRequest, failure: Omit<FailureContext, 'stillQueued'>): Promise<StatementOutcome> {
  if (request.signal?.aborted) throw new CancelledError('statement cancelled before it started');
  const submittedAt = performance.now();
  const { statement, accepted } = submit(connection, request);
  let watch: QueueWatch | undefined;
  let acceptedId: string | undefined;
  const work = settle(
    accepted.then(async (queryId) => {
      acceptedId = queryId;
      watch = new QueueWatch(connection, queryId, submittedAt);
      return { queryId, rows: await fetchRows(connection, queryId) };
    }),
  );
  const abort = aborted(request.signal);
  const first = await Promise.race([work, abort.promise]);
  abort.dispose();
  if (first === 'aborted') {
    // Cancelling by query id (rather than request id) needs the submission's answer first.
    await within(accepted.catch(() => undefined));
    await within(cancel(statement));
    await within(work);
    watch?.stop();
    throw new CancelledError('statement cancelled on the server (Snowflake abort-request)');
  }
  const observation: QueueObservation = watch?.stop() ?? { queuedMs: 0, stillQueued: false };
  if (!first.ok) throw toWarehouseError(first.error, { ...failure, stillQueued: observation.stillQueued, ...(acceptedId ? { queryId: acceptedId } : {}) });
  return { ...first.value, queuedMs: observation.queuedMs };
}
