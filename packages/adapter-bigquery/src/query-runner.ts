import { randomUUID } from 'node:crypto';
import { CancelledError, WarehouseError, type Row } from '@baselinr/core';
import { raceAbort, settleWithin, type Raced } from './abortable.js';
import { jobHandle, type BigQueryApi, type JobHandle } from './bigquery-api.js';
import { decodeRows } from './decode.js';
import { toWarehouseError } from './errors.js';
import type { QueryParameter, QueryRequest, QueryResults } from './rest-types.js';

/**
 * How long jobs.query waits for a job to finish before answering with its reference. Short
 * statements come back in this one round trip; it is also the longest a cancel can be delayed,
 * since a job's id is known only once jobs.query has answered.
 */
const FIRST_WAIT_MS = 2_000;
/** Long-poll length of each getQueryResults while a job runs (a cancel does not wait for it). */
const POLL_WAIT_MS = 10_000;
/** Rows per page: profiling results are one row, catalog results a few thousand. */
const PAGE_SIZE = 10_000;
/** Bound on an abort's wait for jobs.query to name its job and for the cancel request. */
const CANCEL_WAIT_MS = 15_000;

export interface JobSettings {
  readonly location?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly maximumBytesBilled?: string;
  /** Server-side limit on each job, from the run's statement timeout. */
  readonly jobTimeoutMs?: number;
}

export interface QueryOutcome {
  readonly rows: Row[];
  readonly jobId: string;
  readonly bytesProcessed?: number;
  readonly queuedMs?: number;
}

export interface RunOptions {
  readonly params?: readonly QueryParameter[];
  readonly signal?: AbortSignal;
}

/**
 * Runs one statement as one query job: jobs.query, then getQueryResults long polls until the job
 * is done, then the remaining pages. When the signal aborts, the job is cancelled with jobs.cancel
 * and the promise rejects with CancelledError.
 */
export class QueryRunner {
  constructor(
    private readonly api: BigQueryApi,
    private readonly settings: JobSettings,
  ) {}

  async run(sql: string, options: RunOptions = {}): Promise<QueryOutcome> {
    if (options.signal?.aborted) throw new CancelledError('statement cancelled before it started');
    // A signal of this statement's own: every worker's statement listens for the run's abort, and
    // more than ten listeners on the run's signal would draw Node's leak warning.
    const signal = options.signal ? AbortSignal.any([options.signal]) : undefined;
    const { job, results: first } = await this.start(sql, options.params, signal);
    let results = first;
    // Each pass long-polls; the loop ends when the job finishes or fails, or the signal aborts
    // (core's statement and table timeouts abort it too).
    while (!results.jobComplete) {
      results = await this.step(job, signal, true, this.api.getQueryResults(job, { timeoutMs: POLL_WAIT_MS, maxResults: PAGE_SIZE }));
    }
    const rows = await this.allRows(job, results, signal);
    const timing = first.jobComplete ? first : await this.statistics(job);
    const queuedMs = elapsed(timing?.creationTime, timing?.startTime);
    return {
      rows,
      jobId: job.jobId,
      ...(results.totalBytesProcessed !== undefined ? { bytesProcessed: Number(results.totalBytesProcessed) } : {}),
      ...(queuedMs !== undefined ? { queuedMs } : {}),
    };
  }

  /**
   * jobs.query. An abort while it waits cannot cancel anything yet: the job's id arrives with the
   * answer, so the job is cancelled then (within FIRST_WAIT_MS) unless it already finished.
   */
  private async start(sql: string, params: readonly QueryParameter[] | undefined, signal: AbortSignal | undefined): Promise<{ job: JobHandle; results: QueryResults }> {
    const starting = this.api.query(this.request(sql, params));
    let outcome: Raced<QueryResults>;
    try {
      outcome = await raceAbort(starting, signal);
    } catch (err) {
      throw signal?.aborted ? new CancelledError('statement cancelled') : toWarehouseError(err);
    }
    if (outcome.aborted) {
      await settleWithin(
        starting.then((r) => (r.jobComplete ? undefined : this.cancel(jobHandle(r.jobReference)))),
        CANCEL_WAIT_MS,
      );
      throw new CancelledError('statement cancelled on the server');
    }
    const job = jobHandle(outcome.value.jobReference);
    if (!job) throw new WarehouseError('internal', 'BigQuery answered jobs.query without a job reference', { driverCode: 'noJobReference' });
    return { job, results: outcome.value };
  }

  /** The finished job's rows: the page in hand, then every page its tokens lead to. */
  private async allRows(job: JobHandle, results: QueryResults, signal: AbortSignal | undefined): Promise<Row[]> {
    const fields = results.schema?.fields ?? [];
    const rows = decodeRows(fields, results.rows ?? []);
    const seen = new Set<string>();
    for (let token = results.pageToken; token !== undefined && token !== ''; ) {
      // A server handing out a token twice would otherwise loop forever.
      if (seen.has(token)) throw new WarehouseError('internal', `BigQuery repeated a page token for job ${job.jobId}`, { driverCode: 'pageToken' });
      seen.add(token);
      const page = await this.step(job, signal, false, this.api.getQueryResults(job, { pageToken: token, timeoutMs: POLL_WAIT_MS, maxResults: PAGE_SIZE }));
      rows.push(...decodeRows(fields, page.rows ?? []));
      token = page.pageToken;
    }
    return rows;
  }

  /** One request for a known job; on abort a still-running job is cancelled before rejecting. */
  private async step(job: JobHandle, signal: AbortSignal | undefined, running: boolean, request: Promise<QueryResults>): Promise<QueryResults> {
    let outcome: Raced<QueryResults>;
    try {
      outcome = await raceAbort(request, signal);
    } catch (err) {
      throw signal?.aborted ? new CancelledError('statement cancelled') : toWarehouseError(err, job.jobId);
    }
    if (!outcome.aborted) return outcome.value;
    if (running) await settleWithin(this.cancel(job), CANCEL_WAIT_MS);
    throw new CancelledError('statement cancelled on the server');
  }

  private async cancel(job: JobHandle | undefined): Promise<void> {
    if (job) await this.api.cancelJob(job);
  }

  /**
   * Queue time of a job that outlived jobs.query, from jobs.get. Only reporting depends on it, so
   * a failed lookup leaves the figure out rather than failing a statement that succeeded.
   */
  private async statistics(job: JobHandle): Promise<{ creationTime?: string; startTime?: string } | undefined> {
    try {
      return (await this.api.getJob(job)).statistics;
    } catch {
      return undefined;
    }
  }

  private request(sql: string, params: readonly QueryParameter[] | undefined): QueryRequest {
    const { location, labels, maximumBytesBilled, jobTimeoutMs } = this.settings;
    return {
      query: sql,
      useLegacySql: false,
      ...(params && params.length > 0 ? { parameterMode: 'NAMED' as const, queryParameters: params } : {}),
      ...(location ? { location } : {}),
      labels,
      ...(maximumBytesBilled ? { maximumBytesBilled } : {}),
      ...(jobTimeoutMs ? { jobTimeoutMs: String(jobTimeoutMs) } : {}),
      timeoutMs: FIRST_WAIT_MS,
      maxResults: PAGE_SIZE,
      requestId: randomUUID(),
      // A job (not a stateless query) can be cancelled, and carries the run's labels into billing.
      jobCreationMode: 'JOB_CREATION_REQUIRED',
      formatOptions: { useInt64Timestamp: true },
    };
  }
}

/** Milliseconds between two epoch-millisecond texts, when both are present. */
function elapsed(from: string | undefined, to: string | undefined): number | undefined {
  if (from === undefined || to === undefined) return undefined;
  const ms = Number(to) - Number(from);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
