import { createTableRacing, storedRunStatus, type Row, type SqlDriver, type TableRef } from '@baselinr/core';

const RUNS = 'baselinr_queue_runs';
const TABLES = 'baselinr_queue_tables';
/** Rows per INSERT when recording a run's tables: 5 parameters each, well under PostgreSQL's 65535. */
const TABLES_PER_INSERT = 500;

type Query = (sql: string, params?: readonly unknown[]) => Promise<Row[]>;

export interface EnqueuedTable extends TableRef {
  readonly jobId: string;
  /** Higher runs first: the plan's order, longest expected first. */
  readonly priority: number;
}

export interface QueuedRun {
  readonly runId: string;
  readonly queue: string;
  readonly source: string;
  readonly tableCount: number;
  readonly enqueuedAt: Date;
  /** When the last table got its final state; null while any table has none. */
  readonly completedAt: Date | null;
}

export interface QueuedTable extends TableRef {
  readonly jobId: string;
  /** The worker (`host:pid`) that took the table last; null while it waits for one. */
  readonly worker: string | null;
  readonly attempts: number;
  readonly startedAt: Date | null;
  /** The final state, from the results store's runs table; null while the table has none. */
  readonly status: string | null;
  readonly durationSeconds: number | null;
  readonly error: string | null;
}

/**
 * Queue mode's own bookkeeping in the results database: which tables a run enqueued and which
 * worker took each, beside (and read together with) the store's runs table, whose row per table
 * is the table's final state. PostgreSQL only, like queue mode.
 */
export class RunTracker {
  private readonly runs: string;
  private readonly tables: string;
  private readonly storeRuns: string;

  constructor(
    private readonly driver: SqlDriver,
    /** `storage.runs_table`. */
    runsTable: string,
  ) {
    const q = driver.quoteIdentifier;
    [this.runs, this.tables, this.storeRuns] = [q(RUNS), q(TABLES), q(runsTable)];
  }

  async ensureTables(): Promise<void> {
    await createTableRacing(
      this.driver,
      `CREATE TABLE IF NOT EXISTS ${this.runs} (run_id TEXT PRIMARY KEY, queue_name TEXT NOT NULL, source TEXT NOT NULL, table_count INTEGER NOT NULL, ` +
        `enqueued_at TIMESTAMPTZ NOT NULL DEFAULT now(), completed_at TIMESTAMPTZ)`,
    );
    await createTableRacing(
      this.driver,
      `CREATE TABLE IF NOT EXISTS ${this.tables} (run_id TEXT NOT NULL, schema_name TEXT NOT NULL, dataset_name TEXT NOT NULL, job_id UUID NOT NULL, ` +
        `priority INTEGER NOT NULL, worker TEXT, attempts INTEGER NOT NULL DEFAULT 0, started_at TIMESTAMPTZ, PRIMARY KEY (run_id, schema_name, dataset_name))`,
    );
  }

  /** Records a run and its tables with `query`, inside the caller's transaction (the one that inserts the jobs). */
  async record(query: Query, run: Pick<QueuedRun, 'runId' | 'queue' | 'source'>, tables: readonly EnqueuedTable[]): Promise<void> {
    await query(`INSERT INTO ${this.runs} (run_id, queue_name, source, table_count) VALUES ($1, $2, $3, $4)`, [run.runId, run.queue, run.source, tables.length]);
    for (let i = 0; i < tables.length; i += TABLES_PER_INSERT) {
      const slice = tables.slice(i, i + TABLES_PER_INSERT);
      const values = slice.map((_, r) => `(${[1, 2, 3, 4, 5].map((c) => `$${r * 5 + c}`).join(', ')})`).join(', ');
      await query(
        `INSERT INTO ${this.tables} (run_id, schema_name, dataset_name, job_id, priority) VALUES ${values}`,
        slice.flatMap((t) => [run.runId, t.schema, t.table, t.jobId, t.priority]),
      );
    }
  }

  /** A worker took the table (again, after a retry). */
  async started(runId: string, ref: TableRef, worker: string, attempt: number): Promise<void> {
    await this.driver.query(`UPDATE ${this.tables} SET worker = $4, attempts = $5, started_at = now() WHERE run_id = $1 AND schema_name = $2 AND dataset_name = $3`, [
      runId,
      ref.schema,
      ref.table,
      worker,
      attempt,
    ]);
  }

  /** The table's final state when the store has its row for the run. */
  async storedStatus(runId: string, ref: TableRef): Promise<string | undefined> {
    const rows = await this.driver.query(`SELECT status FROM ${this.storeRuns} WHERE run_id = $1 AND schema_name = $2 AND dataset_name = $3`, [runId, ref.schema, ref.table]);
    return rows[0] === undefined ? undefined : storedRunStatus(rows[0].status);
  }

  /**
   * Marks the run completed once every table it enqueued has a row in the store. True for the one
   * call that completes it: every worker checks after each table, and the check that follows the
   * last commit sees every row.
   */
  async completeIfDone(runId: string): Promise<boolean> {
    const rows = await this.driver.query(
      `UPDATE ${this.runs} q SET completed_at = now() WHERE q.run_id = $1 AND q.completed_at IS NULL AND NOT EXISTS (` +
        `SELECT 1 FROM ${this.tables} t WHERE t.run_id = q.run_id AND NOT EXISTS (` +
        `SELECT 1 FROM ${this.storeRuns} r WHERE r.run_id = t.run_id AND r.schema_name = t.schema_name AND r.dataset_name = t.dataset_name)) RETURNING q.run_id`,
      [runId],
    );
    return rows.length > 0;
  }

  async run(runId: string): Promise<QueuedRun | undefined> {
    const [row] = await this.driver.query(`SELECT run_id, queue_name, source, table_count, enqueued_at, completed_at FROM ${this.runs} WHERE run_id = $1`, [runId]);
    if (!row) return undefined;
    return {
      runId: String(row.run_id),
      queue: String(row.queue_name),
      source: String(row.source),
      tableCount: Number(row.table_count),
      enqueuedAt: row.enqueued_at as Date,
      completedAt: (row.completed_at as Date | null) ?? null,
    };
  }

  /** Every table of the run with who took it and its final state, in the order they were queued. */
  async tablesOf(runId: string): Promise<QueuedTable[]> {
    const rows = await this.driver.query(
      `SELECT t.schema_name, t.dataset_name, t.job_id, t.worker, t.attempts, t.started_at, r.status, r.duration_seconds, r.error_message ` +
        `FROM ${this.tables} t LEFT JOIN ${this.storeRuns} r ON r.run_id = t.run_id AND r.schema_name = t.schema_name AND r.dataset_name = t.dataset_name ` +
        `WHERE t.run_id = $1 ORDER BY t.priority DESC, t.schema_name, t.dataset_name`,
      [runId],
    );
    return rows.map((r) => ({
      schema: String(r.schema_name),
      table: String(r.dataset_name),
      jobId: String(r.job_id),
      worker: r.worker === null ? null : String(r.worker),
      attempts: Number(r.attempts),
      startedAt: (r.started_at as Date | null) ?? null,
      status: r.status === null ? null : storedRunStatus(r.status),
      durationSeconds: r.duration_seconds === null ? null : Number(r.duration_seconds),
      error: r.error_message === null ? null : String(r.error_message),
    }));
  }
}
