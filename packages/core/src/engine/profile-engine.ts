import { randomUUID } from 'node:crypto';
import type { DiscoveredTable, TableRef, WarehouseAdapter, WarehouseSession } from '../adapter/contract.js';
import { resolveAdapter, type ResolveAdapterOptions } from '../adapter/resolve.js';
import type { BaselinrConfig } from '../config/schema.js';
import { AdapterResolutionError, CancelledError, errorMessage, type ErrorKind } from '../errors.js';
import { collectSecrets, createRedactor, type Redactor } from '../redact.js';
import { resolveWorkers, type WorkerPlan } from '../scheduler/effective-workers.js';
import { orderLongestFirst, type OrderedTable } from '../scheduler/order.js';
import { withRetry } from '../scheduler/retry.js';
import { runBounded } from '../scheduler/run-queue.js';
import { schemasToList, selectTables } from '../selection/select-tables.js';
import { tableKey, type ResultsStore, type TableRunStatus } from '../store/contract.js';
import { DescribeBatches } from './describe-batches.js';
import { EventStream } from './event-stream.js';
import type { EngineEvent, RunPlan, RunResult, TableOutcome } from './outcome.js';
import { profileTable, type StatementRecord, type TableMetrics } from './profile-table.js';

export interface ProfileEngineOptions extends ResolveAdapterOptions {
  /** Overrides `execution.max_workers` (the CLI's `--workers`); still clamped like it. */
  readonly workers?: number;
  /** Only these tables (`name` or `schema.name`) among those the config selects. */
  readonly tables?: readonly string[];
  /** Aborting stops intake, cancels running statements on the server and ends the run as cancelled. */
  readonly signal?: AbortSignal;
  readonly runId?: string;
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
  readonly redact: Redactor;

  constructor(
    readonly config: BaselinrConfig,
    private readonly options: ProfileEngineOptions = {},
  ) {
    this.redact = createRedactor(collectSecrets([config.source, config.storage.connection]));
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
    const prepared = await this.prepare(this.options.runId ?? randomUUID());
    await Promise.allSettled([prepared.session.close(), prepared.store.close()]);
    return prepared.plan;
  }

  async profile(): Promise<RunResult> {
    const runId = this.options.runId ?? randomUUID();
    const signal = this.options.signal;
    const startedAt = new Date();
    const { session, store, plan, workers } = await this.prepare(runId);
    const outcomes: TableOutcome[] = [];
    try {
      this.stream.emit({ type: 'run_started', runId, plan });
      for (const ref of plan.missing) {
        const outcome = failedOutcome(ref, new Date(), 0, [], `table not found in the catalog`, 'not_found');
        outcomes.push(await this.store(store, runId, outcome));
        this.stream.emit({ type: 'table_completed', runId, outcome: outcomes.at(-1)! });
      }
      const batches = new DescribeBatches(plan.tables, plan.batchSize, (refs) =>
        withRetry(() => session.describeTables(refs, signal), this.retryOptions(session, runId, refs[0]!)),
      );
      const freeSlots = Array.from({ length: workers.workers }, (_, i) => workers.workers - 1 - i);
      await runBounded(plan.tables, { workers: workers.workers, queueSize: plan.queueSize, signal }, async (table) => {
        if (signal?.aborted) return;
        const worker = freeSlots.pop() ?? 0;
        try {
          this.stream.emit({ type: 'table_started', runId, table, worker });
          const outcome = await this.store(store, runId, await this.profileOne(table, worker, session, batches, runId));
          outcomes.push(outcome);
          this.stream.emit({ type: 'table_completed', runId, outcome });
        } finally {
          freeSlots.push(worker);
        }
      });
    } finally {
      await Promise.allSettled([session.close(), store.close()]);
    }
    const count = (s: TableRunStatus) => outcomes.filter((o) => o.status === s).length;
    const failed = count('failed');
    const result: RunResult = {
      runId,
      status: signal?.aborted ? 'cancelled' : failed > 0 ? 'failed' : 'succeeded',
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      warehouse: plan.warehouse,
      workers,
      tables: outcomes,
      succeeded: count('succeeded'),
      failed,
      cancelled: count('cancelled'),
    };
    this.stream.emit({ type: 'run_completed', result });
    return result;
  }

  private async prepare(runId: string): Promise<Prepared> {
    const { config, options } = this;
    const adapter = await resolveAdapter(config.source, options);
    const workers = resolveWorkers(adapter, config.execution, options.workers);
    const store = await this.openStore();
    let session: WarehouseSession | undefined;
    try {
      if (config.storage.create_tables) await store.ensureSchema();
      session = await adapter.connect(config.source, { policy: workers.pool, runId, signal: options.signal });
      const entries = config.profiling.tables.length > 0 ? config.profiling.tables : [{ select_schema: true, pattern_type: 'wildcard' as const, exclude_patterns: [] }];
      const catalog: DiscoveredTable[] = await session.listTables({ schemas: schemasToList(entries, session.defaultSchema) });
      const selection = selectTables(entries, catalog, session.defaultSchema, options.tables);
      const history = await store.lastDurations(selection.tables);
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

  private async openStore(): Promise<ResultsStore> {
    const { connection, results_table, runs_table } = this.config.storage;
    const adapter = await resolveAdapter(connection, this.options);
    if (!adapter.openStore) {
      throw new AdapterResolutionError(
        `storage.connection.type ${connection.type} cannot hold results; use sqlite, postgres or mysql for storage.connection`,
      );
    }
    return adapter.openStore(connection, { resultsTable: results_table, runsTable: runs_table });
  }

  private retryOptions(session: WarehouseSession, runId: string, table: TableRef) {
    return {
      config: this.config.retry,
      classify: (err: unknown) => session.classifyError(err),
      signal: this.options.signal,
      onRetry: ({ attempt, delaySeconds, kind, error }: { attempt: number; delaySeconds: number; kind: ErrorKind; error: unknown }) =>
        this.stream.emit({ type: 'statement_retry', runId, table, attempt, delaySeconds, kind, message: this.redact(errorMessage(error)) }),
    };
  }

  private async profileOne(table: OrderedTable, worker: number, session: WarehouseSession, batches: DescribeBatches, runId: string): Promise<TableOutcome> {
    const signal = this.options.signal;
    const startedAt = new Date();
    const statements: StatementRecord[] = [];
    const ref: TableRef = { schema: table.schema, table: table.table };
    try {
      const description = await batches.get(ref);
      if (!description) return failedOutcome(ref, startedAt, worker, statements, 'table disappeared from the catalog before it was profiled', 'not_found');
      const retry = this.retryOptions(session, runId, ref);
      const metrics: TableMetrics = await profileTable(description, session, this.config.profiling, async (purpose, sql) => {
        const began = performance.now();
        let attempts = 0;
        const rows = await withRetry(() => {
          attempts++;
          if (signal?.aborted) throw new CancelledError();
          return session.execute(sql, signal);
        }, retry);
        statements.push({ purpose, sql, durationMs: performance.now() - began, attempts });
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
      if (signal?.aborted) return { ...failedOutcome(ref, startedAt, worker, statements, message, 'transient'), status: 'cancelled' };
      return failedOutcome(ref, startedAt, worker, statements, message, safeClassify(session, err));
    }
  }

  /** Writes one table's outcome in one transaction; a failed write turns the outcome into a failure. */
  private async store(store: ResultsStore, runId: string, outcome: TableOutcome): Promise<TableOutcome> {
    try {
      await store.saveTableRun({
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
      });
      return outcome;
    } catch (err) {
      const message = `results store write failed: ${this.redact(errorMessage(err))}`;
      return { ...outcome, status: 'failed', columns: [], error: { message, kind: 'store' } };
    }
  }
}

function safeClassify(session: WarehouseSession, err: unknown): ErrorKind {
  try {
    return session.classifyError(err);
  } catch {
    return 'permanent';
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
