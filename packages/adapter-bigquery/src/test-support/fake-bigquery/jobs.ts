import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { BigQueryHttpError, errors, fromPostgres, type ErrorProto } from './bigquery-errors.js';
import { restValue, typeOfOid } from './bigquery-types.js';
import { FakeCatalog } from './fake-catalog.js';
import { FakeJob, type JobSpec, type ResultTable } from './fake-job.js';
import { checkLabel } from './label-rules.js';
import { commentHasLineSql } from './table-comment.js';
import { filtersPartition } from './partition-filter.js';
import { LexError } from './sql-lexer.js';
import { PARTITIONED_RELATIONS, REQUIRE_FILTER_COMMENT, translate, TranslationError, type Translation } from './translate.js';

export interface PgTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
}

export interface JobLimits {
  readonly project: string;
  readonly location: string;
  /** Datasets that live elsewhere than `location`, by name. */
  readonly datasetLocations: Readonly<Record<string, string>>;
  /** Pending or running queries allowed at once; more are refused with rateLimitExceeded. */
  readonly concurrentQueryLimit?: number;
  /** How long each job waits as PENDING before it runs (BigQuery's queue). */
  readonly queueDelayMs: number;
  /** Select-list items past which a query is refused as too complex. */
  readonly maxSelectExpressions?: number;
  /** Bytes billed at least per table a query references (BigQuery's on-demand minimum is 10 MiB). */
  readonly minimumBytesBilled: number;
}

/** How often a cancel is re-sent while the job still runs (a first one may land before the statement starts). */
const CANCEL_RETRY_MS = 50;
const CANCEL_ATTEMPTS = 100;

/** Statements the fake runs at once at most; above any concurrency the tests ask for. */
const RUNNER_CONNECTIONS = 20;

/**
 * Runs the fake's query jobs on PostgreSQL: each job translates its GoogleSQL, waits its turn in
 * the queue, then runs on a pooled connection renamed `fakebq_<job id>` while it runs, so a cancel
 * is a real pg_cancel_backend and tests can see the statement in pg_stat_activity.
 */
export class JobEngine {
  private readonly jobs = new Map<string, FakeJob>();
  private readonly admin: pg.Pool;
  /** Connections that run the jobs' statements; each is renamed `fakebq_<job id>` while it does. */
  private readonly runners: pg.Pool;
  /** Datasets and table metadata, on the admin pool. */
  readonly catalog: FakeCatalog;
  private running = 0;
  /** Most statements ever running at once on PostgreSQL. */
  maxRunning = 0;
  /** Queries refused because the concurrent-query limit was reached. */
  rejected = 0;

  constructor(
    target: PgTarget,
    readonly limits: JobLimits,
  ) {
    this.admin = new pg.Pool({ ...target, max: 4, application_name: 'fakebq_admin' });
    this.runners = new pg.Pool({
      ...target,
      max: RUNNER_CONNECTIONS,
      application_name: 'fakebq_idle',
      options: '-c TimeZone=UTC -c DateStyle=ISO -c IntervalStyle=postgres',
    });
    for (const pool of [this.admin, this.runners]) pool.on('error', () => undefined);
    this.catalog = new FakeCatalog(this.admin, limits.location, limits.datasetLocations);
  }

  all(): FakeJob[] {
    return [...this.jobs.values()];
  }

  get(id: string): FakeJob | undefined {
    return this.jobs.get(id);
  }

  /** Creates a job and starts it; throws the HTTP error BigQuery would answer instead of creating it. */
  submit(spec: JobSpec): FakeJob {
    for (const [key, value] of Object.entries(spec.labels)) checkLabel(key, value);
    if (spec.jobId && this.jobs.has(spec.jobId)) {
      throw new BigQueryHttpError(409, 'duplicate', `Already Exists: Job ${this.limits.project}:${this.limits.location}.${spec.jobId}`);
    }
    const active = this.all().filter((j) => j.state !== 'DONE').length;
    if (this.limits.concurrentQueryLimit !== undefined && active >= this.limits.concurrentQueryLimit) {
      this.rejected++;
      throw BigQueryHttpError.of(errors.concurrentQueries());
    }
    const id = spec.jobId ?? `job_${randomBytes(12).toString('base64url')}`;
    const job = new FakeJob(id, spec.location ?? this.limits.location, spec);
    this.jobs.set(id, job);
    void this.run(job);
    return job;
  }

  /** jobs.cancel: returns at once, as BigQuery does; the statement stops shortly after. */
  cancel(job: FakeJob): void {
    if (job.state === 'DONE') return;
    job.requestCancel();
    void this.stopBackend(job);
  }

  async close(): Promise<void> {
    for (const job of this.all()) this.cancel(job);
    await Promise.all(this.all().map((job) => job.settled(10_000)));
    await Promise.all([this.admin.end(), this.runners.end()]);
  }

  private async run(job: FakeJob): Promise<void> {
    let error: ErrorProto | undefined;
    try {
      const translation = this.translate(job.spec);
      job.widestSelect = translation.widestSelect;
      const { maxSelectExpressions } = this.limits;
      if (maxSelectExpressions !== undefined && translation.widestSelect > maxSelectExpressions) throw new JobFailure(errors.tooComplex());
      await sleep(this.limits.queueDelayMs, undefined, { signal: job.cancelSignal }).catch(() => undefined);
      if (job.cancelRequested) throw new JobFailure(errors.stopped());
      await this.bill(job, translation);
      await this.requirePartitionFilters(job, translation);
      job.result = await this.execute(job, translation);
    } catch (err) {
      error = err instanceof JobFailure ? err.proto : job.cancelRequested ? errors.stopped() : fromPostgres(err, job.location);
    }
    job.complete(error);
  }

  private translate(spec: JobSpec): Translation {
    try {
      return translate(spec.query, spec.parameters, this.limits.project);
    } catch (err) {
      if (err instanceof TranslationError) {
        throw new JobFailure(err.reason === 'notFound' ? { reason: 'notFound', message: err.message } : errors.invalidQuery(err.message));
      }
      if (err instanceof LexError) throw new JobFailure(errors.invalidQuery(err.message));
      throw err;
    }
  }

  /** Checks the datasets exist in the job's location, then "bills" the tables' on-disk size against maximumBytesBilled. */
  private async bill(job: FakeJob, translation: Translation): Promise<void> {
    // A job sent to a location sees only the datasets there, as BigQuery's jobs do (one sent
    // without a location runs where its datasets are).
    for (const dataset of translation.datasets) {
      const location = await this.catalog.datasetLocation(dataset);
      const requested = job.spec.location?.toUpperCase();
      if (!location || (requested && location.toUpperCase() !== requested)) throw new JobFailure(errors.notFound(`Dataset ${this.limits.project}:${dataset}`, job.location));
    }
    for (const { dataset, table } of translation.tables) {
      const { rows } = await this.admin.query(
        `SELECT pg_table_size(c.oid)::bigint AS size FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relname = $2`,
        [dataset, table],
      );
      if (rows.length === 0) throw new JobFailure(errors.notFound(`Table ${this.limits.project}:${dataset}.${table}`, job.location));
      job.bytesProcessed += Number(rows[0].size);
    }
    // BigQuery bills at least its minimum for every table (or metadata view) a query references.
    const referenced = translation.tables.length + translation.metadataViews;
    job.bytesBilled = referenced === 0 ? 0 : Math.max(job.bytesProcessed, this.limits.minimumBytesBilled * referenced);
    const limit = job.spec.maximumBytesBilled;
    if (limit !== undefined && BigInt(job.bytesBilled) > BigInt(limit)) throw new JobFailure(errors.bytesBilled(limit, job.bytesBilled));
  }

  /**
   * Refuses a query that reads a table marked as requiring a partition filter (see PARTITIONING_COMMENT
   * in translate.ts) without a constant filter on its partition column, with BigQuery's message.
   */
  private async requirePartitionFilters(job: FakeJob, translation: Translation): Promise<void> {
    for (const { dataset, table } of translation.tables) {
      const { rows } = await this.admin.query(
        `SELECT a.attname::text AS column_name ${PARTITIONED_RELATIONS}
         WHERE n.nspname = $1 AND c.relname = $2 AND ${commentHasLineSql('$3')}`,
        [dataset, table, REQUIRE_FILTER_COMMENT],
      );
      const column = rows[0]?.column_name as string | undefined;
      if (column !== undefined && !filtersPartition(job.spec.query, dataset, table, column)) {
        throw new JobFailure(
          errors.invalidQuery(`Cannot query over table '${dataset}.${table}' without a filter over column(s) '${column}' that can be used for partition elimination`),
        );
      }
    }
  }

  private async execute(job: FakeJob, translation: Translation): Promise<ResultTable> {
    const client = await this.runners.connect();
    let failure: unknown;
    try {
      await client.query('SELECT set_config($1, $2, false)', ['application_name', `fakebq_${job.id}`]);
      job.pid = (client as unknown as { processID: number }).processID;
      job.state = 'RUNNING';
      job.startTime = Date.now();
      this.running++;
      this.maxRunning = Math.max(this.maxRunning, this.running);
      try {
        if (job.cancelRequested) throw new JobFailure(errors.stopped());
        const result = await client.query({
          text: translation.text,
          values: [...translation.values],
          rowMode: 'array',
          types: { getTypeParser: () => (text: string) => text },
        });
        const types = result.fields.map((f) => typeOfOid(f.dataTypeID));
        return {
          fields: result.fields.map((f, i) => ({ name: f.name, type: types[i]!.legacy, mode: 'NULLABLE' })),
          rows: (result.rows as Array<Array<string | null>>).map((row) => ({
            f: row.map((text, i) => ({ v: text === null ? null : restValue(types[i]!.standard, text) })),
          })),
        };
      } finally {
        this.running--;
      }
    } catch (err) {
      failure = err;
      throw err;
    } finally {
      job.pid = undefined;
      // A cancel already sent must land before the connection serves another job's statement.
      await job.cancelling;
      const serverError = typeof (failure as { code?: unknown } | undefined)?.code === 'string';
      client.release(failure !== undefined && !serverError && !(failure instanceof JobFailure));
    }
  }

  /** Cancels the job's statement on PostgreSQL, re-sending until it is gone (a first cancel may precede the statement). */
  private async stopBackend(job: FakeJob): Promise<void> {
    for (let attempt = 0; attempt < CANCEL_ATTEMPTS && job.state !== 'DONE'; attempt++) {
      if (job.pid !== undefined) {
        job.cancelling = this.admin.query('SELECT pg_cancel_backend($1)', [job.pid]).then(
          () => undefined,
          () => undefined,
        );
        await job.cancelling;
      }
      await Promise.race([job.done, sleep(CANCEL_RETRY_MS)]);
    }
  }
}

/** A job failing with the ErrorProto BigQuery would report. */
class JobFailure extends Error {
  constructor(readonly proto: ErrorProto) {
    super(proto.message);
  }
}
