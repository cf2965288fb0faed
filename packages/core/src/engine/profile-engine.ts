import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { DiscoveredTable, TableRef, WarehouseAdapter, WarehouseSession } from '../adapter/contract.js';
import { resolveAdapter, type ResolveAdapterOptions } from '../adapter/resolve.js';
import type { BaselinrConfig } from '../config/schema.js';
import { AdapterResolutionError, errorMessage } from '../errors.js';
import { openSharedSlots } from '../coordination/open.js';
import type { SharedSlotLimiter, SharedSlots } from '../coordination/slot-limiter.js';
import { collectSecrets, createRedactor, type Redactor } from '../redact.js';
import { resolveWorkers, type WorkerPlan } from '../scheduler/effective-workers.js';
import { orderLongestFirst, type OrderedTable } from '../scheduler/order.js';
import { AdaptiveLimit } from '../scheduler/adaptive-limit.js';
import { runBounded } from '../scheduler/run-queue.js';
import { schemasToList, selectTables } from '../selection/select-tables.js';
import { tableKey, type ResultsStore, type TableRunStatus, type TableTiming } from '../store/contract.js';
import { openNamedStore, storeLocation } from '../store/named-store.js';
import { retryWhileBusy } from '../store/busy-retry.js';
import { DescribeBatches } from './describe-batches.js';
import { EventStream } from './event-stream.js';
import type { EngineEvent, RunPlan, RunResult, TableOutcome } from './outcome.js';
import { profileTable, type StatementRecord, type TableMetrics } from './profile-table.js';
import { StatementRunner, TimeoutError } from './statement-runner.js';
import { finishedRunSummary, runStatus, saveRunSummary, startedRunSummary, tableTiming } from './run-record.js';

export interface ProfileEngineOptions extends ResolveAdapterOptions {
  /** Overrides `execution.max_workers` (the CLI's `--workers`); still clamped like it. */
  readonly workers?: number;
  /** Only these tables (`name` or `schema.name`) among those the config selects. */
  readonly tables?: readonly string[];
  /** Aborting stops intake, cancels running statements on the server and ends the run as cancelled. */
  readonly signal?: AbortSignal;
  readonly runId?: string;
  /**
   * A shared slot pool the caller owns and closes (a queue worker keeps one for all its runs).
   * Without it, a run opens the pool `coordination` describes and closes it when it ends.
   */
  readonly slots?: SharedSlots;
}

interface Prepared {
  readonly adapter: WarehouseAdapter;
  readonly workers: WorkerPlan;
  readonly session: WarehouseSession;
  readonly store: ResultsStore;
  readonly plan: RunPlan;
}

/** The engine the CLI runs: discovery, planning, scheduling, profiling and storage of one run. */
export class ProfileEngine {
  private readonly stream = new EventStream();
  private redactor: Redactor;
  /** Hides the config's secrets (and those the adapters declare, once resolved) in any text. */
  readonly redact: Redactor = (text) => this.redactor(text);

  constructor(
    readonly config: BaselinrConfig,
    private readonly options: ProfileEngineOptions = {},
  ) {
    this.redactor = this.secretsRedactor();
  }

  on<T extends EngineEvent['type']>(type: T, listener: (event: Extract<EngineEvent, { type: T }>) => void): () => void {
    return this.stream.on(type, listener);
  }

  /** Events of the next run, ending with `run_completed`. Call before `profile()`. */
  events(): AsyncGenerator<EngineEvent> {
    return this.stream.iterate();
  }

  /** What `profile()` would do: tables in run order, effective workers with every clamp, pool size. */
  async plan(): Promise<RunPlan> {
    const prepared = await this.prepare(this.options.runId ?? randomUUID(), 'plan');
    await Promise.allSettled([prepared.session.close(), prepared.store.close()]);
    return prepared.plan;
  }

  async profile(): Promise<RunResult> {
    const runId = this.options.runId ?? randomUUID();
    const signal = this.options.signal ?? new AbortController().signal;
    // Every running statement listens for the run's abort; dozens of workers are not a leak.
    setMaxListeners(Math.max(64, (this.config.execution.max_workers + 4) * 4), signal);
    const startedAt = new Date();
    const ownSlots = this.options.slots ? undefined : await this.openSlots(runId);
    const slots = this.options.slots ?? ownSlots;
    const { session, store, plan, workers } = await this.prepare(runId, 'profile').catch(async (err: unknown) => {
      await ownSlots?.close();
      throw err;
    });
    const emit = (event: EngineEvent) => this.stream.emit(event);
    const limit = new AdaptiveLimit(workers.workers, {
      onChange: (c) => emit({ type: 'concurrency_changed', runId, ...c }),
      onWaiting: (waiting) => emit({ type: 'statements_waiting', runId, waiting }),
    });
    const changes: Array<{ from: number; to: number; reason: string }> = [];
    this.stream.on('concurrency_changed', ({ from, to, reason }) => changes.push({ from, to, reason }));
    // Retries per table, for the store's timings (a retried statement that failed in the end leaves no record).
    const retries = new Map<string, number>();
    this.stream.on('retry', (event) => {
      if (event.runId === runId) retries.set(tableKey(event.table), (retries.get(tableKey(event.table)) ?? 0) + 1);
    });
    const runner = new StatementRunner({
      session,
      limit,
      retry: this.config.retry,
      statementTimeoutSeconds: this.config.execution.statement_timeout_seconds,
      slots,
      onSlotWait: (table, wait) => emit({ type: 'slot_wait', runId, table, ...wait }),
      onRetry: (table, { attempt, delaySeconds, kind, error, free }) =>
        emit({ type: 'retry', runId, table, attempt, delaySeconds, kind, free, message: this.redact(errorMessage(error)) }),
      onStatement: (table, record) => emit({ type: 'statement_completed', runId, table, record }),
    });
    const outcomes: TableOutcome[] = [];
    const finish = async (outcome: TableOutcome, ranOnWorker = true) => {
      const stored = await this.store(store, runId, outcome, tableTiming(outcome, ranOnWorker ? outcome.worker : null, retries.get(tableKey(outcome)) ?? 0));
      outcomes.push(stored);
      emit({ type: stored.status === 'succeeded' ? 'table_completed' : 'table_failed', runId, outcome: stored });
    };
    // Written at the start too, so a run that is killed still leaves its workers and clamps behind.
    const summary = startedRunSummary(runId, this.config.environment, plan, startedAt);
    await saveRunSummary(store, summary);
    let completed = false;
    try {
      emit({ type: 'run_started', runId, plan });
      for (const ref of plan.missing) await finish(failedOutcome(ref, new Date(), 0, [], 'table not found in the catalog', 'not_found'), false);
      const batches = new DescribeBatches(plan.tables, plan.batchSize, (refs) =>
        runner.catalog(refs[0]!, signal, () => session.describeTables(refs, signal)),
      );
      const freeSlots = Array.from({ length: workers.workers }, (_, i) => workers.workers - 1 - i);
      const observer = { onQueueSize: (waiting: number) => emit({ type: 'queue_changed', runId, waiting }) };
      await runBounded(plan.tables, { workers: workers.workers, queueSize: plan.queueSize, signal, observer }, async (table) => {
        if (signal.aborted) return;
        const worker = freeSlots.pop() ?? 0;
        try {
          emit({ type: 'table_started', runId, table, worker });
          await finish(await this.profileOne(table, worker, batches, runner, signal));
        } finally {
          freeSlots.push(worker);
        }
      });
      completed = true;
    } finally {
      await saveRunSummary(store, finishedRunSummary(summary, runStatus(signal.aborted, outcomes, completed), changes));
      await Promise.allSettled([session.close(), store.close(), ownSlots?.close()]);
    }
    const count = (s: TableRunStatus) => outcomes.filter((o) => o.status === s).length;
    const failed = count('failed');
    const result: RunResult = {
      runId,
      status: runStatus(signal.aborted, outcomes),
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      warehouse: plan.warehouse,
      workers,
      tables: outcomes,
      succeeded: count('succeeded'),
      failed,
      cancelled: count('cancelled'),
      concurrency: { initial: limit.initial, minimum: limit.minimum, final: limit.limit, changes },
    };
    emit({ type: 'run_completed', result });
    return result;
  }

  private readonly adapterSecretKeys = new Set<string>();

  private secretsRedactor(): Redactor {
    const connections = [this.config.source, this.config.storage.connection, ...(this.config.coordination?.connection ? [this.config.coordination.connection] : [])];
    return createRedactor(collectSecrets(connections, [...this.adapterSecretKeys]));
  }

  /** The shared slot pool `coordination` describes, for this run alone; undefined without one. */
  private async openSlots(runId: string): Promise<SharedSlotLimiter | undefined> {
    try {
      return await openSharedSlots(this.config, {
        ...this.options,
        holder: runId,
        onLeaseLost: (lost) => this.stream.emit({ type: 'slot_lost', runId, ...lost }),
      });
    } catch (err) {
      if (err instanceof Error) err.message = this.redact(err.message);
      throw err;
    }
  }

  /** Adapters name their own secret options; values under those keys are redacted from then on. */
  private learnSecrets(adapter: WarehouseAdapter): void {
    for (const key of adapter.secretOptions ?? []) this.adapterSecretKeys.add(key);
    this.redactor = this.secretsRedactor();
  }

  /** `plan` reads history if the store has some but creates no tables in it. */
  private async prepare(runId: string, purpose: 'plan' | 'profile'): Promise<Prepared> {
    try {
      return await this.connectAndPlan(runId, purpose);
    } catch (err) {
      // Drivers may quote connection details in their errors; nothing leaves the engine unredacted.
      if (err instanceof Error) err.message = this.redact(err.message);
      throw err;
    }
  }

  private async connectAndPlan(runId: string, purpose: 'plan' | 'profile'): Promise<Prepared> {
    const { config, options } = this;
    const adapter = await resolveAdapter(config.source, options);
    this.learnSecrets(adapter);
    const workers = resolveWorkers(adapter, config.execution, options.workers, config.source);
    const store = await this.openStore(runId, purpose === 'plan');
    let session: WarehouseSession | undefined;
    try {
      if (purpose === 'profile' && config.storage.create_tables) await store.ensureSchema();
      session = await adapter.connect(config.source, {
        policy: workers.pool,
        runId,
        signal: options.signal,
        timeouts: { statementSeconds: config.execution.statement_timeout_seconds, tableSeconds: config.execution.table_timeout_seconds },
      });
      const entries = config.profiling.tables.length > 0 ? config.profiling.tables : [{ select_schema: true, pattern_type: 'wildcard' as const, exclude_patterns: [] }];
      const catalog: DiscoveredTable[] = await session.listTables({ schemas: schemasToList(entries, session.defaultSchema) });
      const selection = selectTables(entries, catalog, session.defaultSchema, options.tables);
      const history = await store.lastDurations(selection.tables).catch((err: unknown) => {
        if (purpose === 'profile') throw err;
        return new Map<string, number>(); // a store never written to has no history yet
      });
      const ordered: OrderedTable[] = orderLongestFirst(selection.tables, history);
      // Sequential runs keep the selection order: ordering cannot shorten them, and a stable order is easier to follow.
      const byKey = new Map(ordered.map((o) => [tableKey(o), o]));
      const inSelectionOrder = selection.tables.map((t) => byKey.get(tableKey(t))!);
      const tables = workers.workers > 1 ? ordered : inSelectionOrder;
      const missing = options.tables?.length
        ? selection.missing.filter((m) => options.tables!.includes(m.table) || options.tables!.includes(`${m.schema}.${m.table}`))
        : selection.missing;
      const plan: RunPlan = {
        warehouse: adapter.type,
        workers,
        tables,
        missing,
        batchSize: config.execution.batch_size,
        queueSize: config.execution.queue_size,
      };
      return { adapter, workers, session, store, plan };
    } catch (err) {
      await Promise.allSettled([session?.close(), store.close()]);
      throw err;
    }
  }

  private async openStore(runId: string, readOnly: boolean): Promise<ResultsStore> {
    const { connection, results_table, runs_table } = this.config.storage;
    const adapter = await resolveAdapter(connection, this.options);
    this.learnSecrets(adapter);
    if (!adapter.openStore) {
      throw new AdapterResolutionError(
        `storage.connection.type ${connection.type} cannot hold results; use sqlite, postgres or mysql for storage.connection`,
      );
    }
    return openNamedStore(storeLocation(connection), () => adapter.openStore!(connection, { resultsTable: results_table, runsTable: runs_table, runId, readOnly }));
  }

  private async profileOne(table: OrderedTable, worker: number, batches: DescribeBatches, runner: StatementRunner, runSignal: AbortSignal): Promise<TableOutcome> {
    const startedAt = new Date();
    const statements: StatementRecord[] = [];
    const ref: TableRef = { schema: table.schema, table: table.table };
    const timeout = this.tableTimeout(runSignal);
    try {
      const description = await batches.get(ref);
      if (!description) return failedOutcome(ref, startedAt, worker, statements, 'table disappeared from the catalog before it was profiled', 'not_found');
      const metrics: TableMetrics = await profileTable(description, runner.dialect, this.config.profiling, async (purpose, sql) => {
        const { rows, record } = await runner.execute(ref, purpose, sql, timeout.signal);
        statements.push(record);
        return rows;
      });
      return {
        ...ref,
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
      const message = this.redact(errorMessage(err));
      if (runSignal.aborted) return { ...failedOutcome(ref, startedAt, worker, statements, message, 'cancelled'), status: 'cancelled' };
      const kind = err instanceof TimeoutError ? 'timeout' : runner.classifyForReport(err);
      return failedOutcome(ref, startedAt, worker, statements, message, kind);
    } finally {
      timeout.clear();
    }
  }

  /** The run's signal, plus `execution.table_timeout_seconds` when set. */
  private tableTimeout(runSignal: AbortSignal): { signal: AbortSignal; clear: () => void } {
    const seconds = this.config.execution.table_timeout_seconds;
    if (seconds === undefined) return { signal: runSignal, clear: () => undefined };
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new TimeoutError(`table timed out after ${seconds}s (execution.table_timeout_seconds); its statement was cancelled on the server`)),
      seconds * 1000,
    );
    return { signal: AbortSignal.any([runSignal, controller.signal]), clear: () => clearTimeout(timer) };
  }

  /** Writes one table's outcome in one transaction; a failed write turns the outcome into a failure. */
  private async store(store: ResultsStore, runId: string, outcome: TableOutcome, timing: TableTiming): Promise<TableOutcome> {
    try {
      await retryWhileBusy(() => store.saveTableRun({
        runId,
        schema: outcome.schema,
        table: outcome.table,
        environment: this.config.environment,
        profiledAt: outcome.startedAt,
        status: outcome.status,
        durationSeconds: outcome.durationMs / 1000,
        rowCount: outcome.rowCount,
        columnCount: outcome.columnCount,
        error: outcome.error?.message ?? null,
        columns: outcome.columns,
        timing,
      }));
      return outcome;
    } catch (err) {
      const message = `results store write failed: ${this.redact(errorMessage(err))}`;
      return { ...outcome, status: 'failed', columns: [], error: { message, kind: 'store' } };
    }
  }
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
