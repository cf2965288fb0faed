import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { BaselinrConfig } from '../config/schema.js';
import { AdaptiveLimit, type LimitChange } from '../scheduler/adaptive-limit.js';
import { schemasToList } from '../selection/select-tables.js';
import { storeBusyRetry, type BusyRetry } from '../store/busy-retry.js';
import type { ResultsStore, TableRunStatus } from '../store/contract.js';
import { flushSpool, ResultsSpool, spoolStoreIdentity } from '../store/spool.js';
import { EventStream } from './event-stream.js';
import type { EngineEvent, RunPlan, RunResult, TableOutcome } from './outcome.js';
import { planRun, selectForRun, tableEntries } from './plan-run.js';
import { finishedRunSummary, runStatus, startedRunSummary } from './run-record.js';
import { RunStoreWriter } from './run-store-writer.js';
import { startHeartbeat } from './run-heartbeat.js';
import { runTables } from './run-loop.js';
import { openRunResources, type RunResourceOptions, type RunResources } from './run-resources.js';
import { RunSecrets } from './run-secrets.js';
import { TableProfiler } from './table-profiler.js';

export interface ProfileEngineOptions extends RunResourceOptions {
  /** Only these tables (`name` or `schema.name`) among those the config selects. */
  readonly tables?: readonly string[];
  /** Aborting stops intake, cancels running statements on the server and ends the run as cancelled. */
  readonly signal?: AbortSignal;
  readonly runId?: string;
  /**
   * Whether the run's result keeps each table's metrics and statement text (default true). Off, it
   * keeps a summary of each table (status, counts, timings), so memory does not grow with the
   * table count; the metrics are in the store and in each table's `table_completed` event.
   */
  readonly keepTableDetail?: boolean;
  /**
   * Where to keep table records the results store cannot take (it stays locked past its busy window,
   * or unreachable), and from where the next run writes them first. Without it such a table fails.
   */
  readonly spoolDir?: string;
}

/**
 * The engine the CLI runs. It composes the parts that each do one job: run resources (adapters
 * resolved once, store, session and shared slots opened once), planning (pure selection and
 * ordering), the run loop and the table profiler, and the run's events and result.
 */
export class ProfileEngine {
  private readonly stream = new EventStream();
  private readonly secrets: RunSecrets;
  /** Hides the config's secrets (and those the adapters declare, once resolved) in any text. */
  readonly redact = (text: string): string => this.secrets.redact(text);

  constructor(
    readonly config: BaselinrConfig,
    private readonly options: ProfileEngineOptions = {},
  ) {
    this.secrets = new RunSecrets(config);
  }

  on<T extends EngineEvent['type']>(type: T, listener: (event: Extract<EngineEvent, { type: T }>) => void): () => void {
    return this.stream.on(type, listener);
  }

  /** Events of the next run, ending with `run_completed`. Call before `profile()`. */
  events(): AsyncGenerator<EngineEvent> {
    return this.stream.iterate();
  }

  /** What `profile()` would do: tables in run order, effective workers with every clamp, pool size. Creates nothing in the store. */
  async plan(): Promise<RunPlan> {
    const resources = await openRunResources(this.config, this.options, this.secrets, { runId: this.options.runId ?? randomUUID(), access: 'read' });
    try {
      return await this.secrets.guard(() => this.planWith(resources, 'plan'));
    } finally {
      await resources.close();
    }
  }

  async profile(): Promise<RunResult> {
    const { config } = this;
    const runId = this.options.runId ?? randomUUID();
    const signal = this.options.signal ?? new AbortController().signal;
    // Every running statement listens for the run's abort; dozens of workers are not a leak.
    setMaxListeners(Math.max(64, (config.execution.max_workers + 4) * 4), signal);
    const startedAt = new Date();
    const emit = (event: EngineEvent) => this.stream.emit(event);
    const busy = storeBusyRetry();
    const spool = this.options.spoolDir === undefined ? undefined : new ResultsSpool(this.options.spoolDir, spoolStoreIdentity(config));
    const resources = await openRunResources(config, { ...this.options, signal }, this.secrets, {
      runId,
      access: 'write',
      onLeaseLost: (lost) => emit({ type: 'slot_lost', runId, ...lost }),
    });
    const changes: LimitChange[] = [];
    let outcomes: TableOutcome[] = [];
    let limit: AdaptiveLimit;
    let plan: RunPlan;
    let summarySpooled = false;
    try {
      if (spool) await this.flushSpool(resources.store, spool, runId, busy);
      plan = await this.secrets.guard(() => this.planWith(resources, 'profile'));
      limit = new AdaptiveLimit(plan.workers.workers, {
        onChange: (change) => {
          changes.push(change);
          emit({ type: 'concurrency_changed', runId, ...change });
        },
        onWaiting: (waiting) => emit({ type: 'statements_waiting', runId, waiting }),
      });
      const { session, store, slots } = resources;
      const writer = new RunStoreWriter(store, spool, busy);
      const profiler = new TableProfiler({ config, runId, session, store, writer, limit, slots, redact: this.redact, emit });
      // Written at the start too, so a run that is killed still leaves its workers and clamps behind.
      const summary = startedRunSummary(runId, config.environment, plan, startedAt);
      await writer.saveRunSummary(summary);
      const heartbeat = await startHeartbeat(store, runId);
      let completed = false;
      try {
        emit({ type: 'run_started', runId, plan });
        const batchSmallTables = !resources.adapter.limits(config.source).embedded;
        outcomes = await runTables(plan, profiler, { runId, signal, emit, batchSmallTables, keepTableDetail: this.options.keepTableDetail ?? true });
        completed = true;
      } finally {
        await heartbeat.stop();
        summarySpooled = (await writer.saveRunSummary(finishedRunSummary(summary, runStatus(signal.aborted, outcomes, completed), changes))) !== undefined;
      }
    } finally {
      await resources.close();
    }
    const count = (status: TableRunStatus) => outcomes.filter((o) => o.status === status).length;
    const spooledTables = outcomes.filter((o) => o.spooled !== undefined).length;
    const result: RunResult = {
      runId,
      status: runStatus(signal.aborted, outcomes),
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      warehouse: plan.warehouse,
      workers: plan.workers,
      tables: outcomes,
      succeeded: count('succeeded'),
      failed: count('failed'),
      cancelled: count('cancelled'),
      concurrency: { initial: limit.initial, minimum: limit.minimum, final: limit.limit, changes },
      ...(spool && (spooledTables > 0 || summarySpooled) ? { spooled: { dir: spool.dir, tables: spooledTables } } : {}),
    };
    emit({ type: 'run_completed', result });
    return result;
  }

  /** Writes what earlier runs spooled for this store before profiling; a store still unwritable leaves it for later. */
  private async flushSpool(store: ResultsStore, spool: ResultsSpool, runId: string, busy: BusyRetry): Promise<void> {
    const flush = await flushSpool(store, spool.dir, spoolStoreIdentity(this.config), busy);
    if (flush.written + flush.alreadyStored + flush.remaining + flush.unreadable.length === 0 && flush.error === undefined) return;
    this.stream.emit({ type: 'spool_flushed', runId, flush: flush.error === undefined ? flush : { ...flush, error: this.redact(flush.error) } });
  }

  /** Lists the catalog, selects and orders; history from the store orders parallel runs (`plan` does without it if the store has none yet). */
  private async planWith(resources: RunResources, purpose: 'plan' | 'profile'): Promise<RunPlan> {
    const { config, options } = this;
    const { session, store, adapter, workers } = resources;
    const catalog = await session.listTables({ schemas: schemasToList(tableEntries(config), session.defaultSchema) });
    const selection = selectForRun(config, catalog, session.defaultSchema, options.tables);
    const history = await store.lastDurations(selection.tables).catch((err: unknown) => {
      if (purpose === 'profile') throw err;
      return new Map<string, number>(); // a store never written to has no history yet
    });
    return planRun(config, adapter.type, workers, selection, history);
  }
}
