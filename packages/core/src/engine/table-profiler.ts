import type { WarehouseSession } from '../adapter/contract.js';
import { tableKey, valueAt, type Row, type TableDescription, type TableRef } from '../adapter/types.js';
import type { BaselinrConfig } from '../config/schema.js';
import type { SharedSlots } from '../coordination/slot-limiter.js';
import { TimeoutError, errorMessage } from '../errors.js';
import type { Redactor } from '../redact.js';
import type { AdaptiveLimit } from '../scheduler/adaptive-limit.js';
import { causeOf } from '../scheduler/error-policy.js';
import type { ResultsStore, TableTiming } from '../store/contract.js';
import type { EngineEvent, TableOutcome } from './outcome.js';
import { profileTable, type StatementRecord } from './profile-table.js';
import { tableTiming } from './run-record.js';
import { RunStoreWriter } from './run-store-writer.js';
import { StatementRunner } from './statement-runner.js';
import { SharedRoundError, SharedRoundTrips, type RoundRequest } from './shared-round-trips.js';
import { MEMBER_COLUMN, unionStatement } from '../plan/union-plan.js';
import { resolveRowSelection } from '../plan/row-selection.js';
import { rowSource, type AppliedRowSelection } from '../plan/row-source.js';

/** A statement's rows and its record. */
interface Executed {
  readonly rows: Row[];
  readonly record: StatementRecord;
}

type ExecuteStatement = (purpose: StatementRecord['purpose'], sql: string, aliases: readonly string[], signal: AbortSignal) => Promise<Executed>;

export interface TableProfilerOptions {
  readonly config: BaselinrConfig;
  readonly runId: string;
  readonly session: WarehouseSession;
  readonly store: ResultsStore;
  /** How records reach the store (waiting out a busy store, spooling); by default writes to `store`, waiting out a busy one. */
  readonly writer?: RunStoreWriter;
  readonly limit: AdaptiveLimit;
  readonly slots?: SharedSlots;
  readonly redact: Redactor;
  readonly emit: (event: EngineEvent) => void;
}

/**
 * Profiles tables of one run and stores each outcome: statements under the run's concurrency
 * limit and shared slots, with retries, timeouts and cancellation. A run's loop and a queue
 * worker's jobs both profile through it.
 */
export class TableProfiler {
  private readonly runner: StatementRunner;
  /** Retries per table, for the store's timings (a retried statement that failed in the end leaves no record). */
  private readonly retries = new Map<string, number>();
  private readonly writer: RunStoreWriter;

  constructor(private readonly options: TableProfilerOptions) {
    const { config, runId, session, limit, slots, emit, redact } = options;
    this.writer = options.writer ?? new RunStoreWriter(options.store);
    this.runner = new StatementRunner({
      session,
      limit,
      retry: config.retry,
      statementTimeoutSeconds: config.execution.statement_timeout_seconds,
      slots,
      onSlotWait: (table, wait) => emit({ type: 'slot_wait', runId, table, ...wait }),
      onRetry: (table, { attempt, delaySeconds, kind, error, free }) => {
        this.retries.set(tableKey(table), (this.retries.get(tableKey(table)) ?? 0) + 1);
        emit({ type: 'retry', runId, table, attempt, delaySeconds, kind, free, message: redact(errorMessage(error)) });
      },
      onStatement: (table, record) => emit({ type: 'statement_completed', runId, table, record }),
    });
  }

  /** Describes tables under the run's limit and retries, like any statement. */
  describe(refs: readonly TableRef[], signal: AbortSignal): Promise<TableDescription[]> {
    return this.runner.catalog(refs[0]!, signal, () => this.options.session.describeTables(refs, signal));
  }

  /**
   * Profiles one table and stores the outcome in one transaction. `describe` gives its columns
   * (undefined when it left the catalog); `signal` is the run's.
   */
  async profileAndStore(table: TableRef, worker: number, describe: () => Promise<TableDescription | undefined>, signal: AbortSignal): Promise<TableOutcome> {
    const outcome = await this.profile(table, worker, describe, signal);
    return this.store(outcome, worker);
  }

  /** Records a table the catalog does not have, without it reaching a worker. */
  recordMissing(ref: TableRef): Promise<TableOutcome> {
    return this.store(failedOutcome(ref, new Date(), 0, [], 'table not found in the catalog', 'not_found'), null);
  }

  /**
   * Profiles small tables side by side on one worker, their statements sharing round trips (see
   * SharedRoundTrips), and stores each outcome on its own. A table whose shared statement
   * failed is profiled again on its own, so it never fails its neighbours.
   */
  async profileBatchAndStore(
    tables: readonly TableRef[],
    worker: number,
    describe: (table: TableRef) => Promise<TableDescription | undefined>,
    signal: AbortSignal,
  ): Promise<TableOutcome[]> {
    if (tables.length === 1) return [await this.profileAndStore(tables[0]!, worker, () => describe(tables[0]!), signal)];
    const rounds = new SharedRoundTrips<Executed>(tables.length, (requests) => this.runRound(tables, requests, signal));
    const outcomes = await Promise.all(
      tables.map(async (table, member) => {
        try {
          return await this.profile(
            table,
            worker,
            () => describe(table),
            signal,
            (purpose, sql, aliases, statementSignal) => rounds.submit({ member, sql, aliases, signal: statementSignal, purpose }),
          );
        } catch (err) {
          if (!(err instanceof SharedRoundError)) throw err;
          return undefined; // profiled alone below, once the batch is done with
        } finally {
          rounds.leave();
        }
      }),
    );
    const stored: TableOutcome[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      stored.push(outcome ? await this.store(outcome, worker) : await this.profileAndStore(tables[i]!, worker, () => describe(tables[i]!), signal));
    }
    return stored;
  }

  /** One round of a batch: a lone statement runs as it is; several run as one union statement. */
  private async runRound(tables: readonly TableRef[], requests: readonly RoundRequest[], runSignal: AbortSignal): Promise<Executed[]> {
    const signal = AbortSignal.any([runSignal, ...requests.map((r) => r.signal)]);
    const first = requests[0]!;
    if (requests.length === 1) return [await this.runner.execute(tables[first.member]!, first.purpose, first.sql, signal)];
    const { rows, record } = await this.runner.execute(tables[first.member]!, first.purpose, unionStatement(requests, this.runner.dialect), signal);
    // The union tags each row with its request's position in the round.
    const byPosition = new Map(rows.map((row) => [Number(valueAt(row, MEMBER_COLUMN)), row]));
    return requests.map((request, position) => {
      const row = byPosition.get(position);
      const own: Row = {};
      if (row) for (const [i, alias] of request.aliases.entries()) own[alias] = valueAt(row, `c${i}`);
      // The record keeps the statement that ran (its query id and bytes are the union's), shared by the round's tables.
      return { rows: row ? [own] : [], record: { ...record, purpose: request.purpose, batchedTables: requests.length } };
    });
  }

  private async profile(
    table: TableRef,
    worker: number,
    describe: () => Promise<TableDescription | undefined>,
    runSignal: AbortSignal,
    execute: ExecuteStatement = (purpose, sql, _aliases, signal) => this.runner.execute(table, purpose, sql, signal),
  ): Promise<TableOutcome> {
    const { config, redact } = this.options;
    const startedAt = new Date();
    const statements: StatementRecord[] = [];
    const ref: TableRef = { schema: table.schema, table: table.table };
    const timeout = tableTimeout(config.execution.table_timeout_seconds, runSignal);
    try {
      const description = await describe();
      if (!description) return failedOutcome(ref, startedAt, worker, statements, 'table disappeared from the catalog before it was profiled', 'not_found');
      const { from, applied } = rowSource(description, resolveRowSelection(config, description), this.runner.dialect);
      const metrics = await profileTable(
        description,
        this.runner.dialect,
        config.profiling,
        async (purpose, sql, aliases) => {
          const { rows, record } = await execute(purpose, sql, aliases, timeout.signal);
          statements.push(record);
          return rows;
        },
        from,
      );
      return {
        ...ref,
        ...(selectsRows(applied) ? { rowSelection: applied } : {}),
        status: 'succeeded',
        rowCount: metrics.rowCount,
        columnCount: metrics.columns.length,
        columns: metrics.columns,
        statements,
        startedAt,
        durationMs: Date.now() - startedAt.getTime(),
        worker,
      };
    } catch (err) {
      if (err instanceof SharedRoundError && !runSignal.aborted) throw err;
      const message = redact(errorMessage(err));
      if (runSignal.aborted) return { ...failedOutcome(ref, startedAt, worker, statements, message, 'cancelled'), status: 'cancelled' };
      return failedOutcome(ref, startedAt, worker, statements, message, err instanceof TimeoutError ? 'timeout' : causeOf(err));
    } finally {
      timeout.clear();
    }
  }

  /**
   * Writes one table's outcome in one transaction; a store that stays unwritable has it kept in the
   * run's spool instead. A failed write (nothing kept) turns the outcome into a failure.
   */
  private async store(outcome: TableOutcome, worker: number | null): Promise<TableOutcome> {
    const { config, runId, redact } = this.options;
    const timing: TableTiming = tableTiming(outcome, worker, this.retries.get(tableKey(outcome)) ?? 0);
    try {
      const spooled = await this.writer.saveTableRun({
        runId,
        schema: outcome.schema,
        table: outcome.table,
        environment: config.environment,
        profiledAt: outcome.startedAt,
        status: outcome.status,
        durationSeconds: outcome.durationMs / 1000,
        rowCount: outcome.rowCount,
        columnCount: outcome.columnCount,
        error: outcome.error?.message ?? null,
        columns: outcome.columns,
        timing,
        ...(outcome.rowSelection ? { rowSelection: outcome.rowSelection } : {}),
      });
      return spooled === undefined ? outcome : { ...outcome, spooled };
    } catch (err) {
      const message = `results store write failed: ${redact(errorMessage(err))}`;
      return { ...outcome, status: 'failed', columns: [], error: { message, kind: 'store' } };
    }
  }
}

/** Whether a profile covered other rows than the whole table, or made a choice worth saying. */
function selectsRows(applied: AppliedRowSelection): boolean {
  return applied.partition !== undefined || applied.sampling !== undefined || applied.notes.length > 0;
}

/** The run's signal, plus `execution.table_timeout_seconds` when set. */
function tableTimeout(seconds: number | undefined, runSignal: AbortSignal): { signal: AbortSignal; clear: () => void } {
  if (seconds === undefined) return { signal: runSignal, clear: () => undefined };
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new TimeoutError(`table timed out after ${seconds}s (execution.table_timeout_seconds); its statement was cancelled on the server`)),
    seconds * 1000,
  );
  return { signal: AbortSignal.any([runSignal, controller.signal]), clear: () => clearTimeout(timer) };
}

function failedOutcome(
  ref: TableRef,
  startedAt: Date,
  worker: number,
  statements: StatementRecord[],
  message: string,
  kind: NonNullable<TableOutcome['error']>['kind'],
): TableOutcome {
  return {
    schema: ref.schema,
    table: ref.table,
    status: 'failed',
    rowCount: null,
    columnCount: null,
    columns: [],
    statements,
    startedAt,
    durationMs: Date.now() - startedAt.getTime(),
    worker,
    error: { message, kind },
  };
}
