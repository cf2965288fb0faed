import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { TableRef } from '../adapter/types.js';
import type { BaselinrConfig } from '../config/schema.js';
import { AdaptiveLimit, type LimitChange } from '../scheduler/adaptive-limit.js';
import type { OrderedTable } from '../scheduler/order.js';
import { requireSelection } from '../selection/select-tables.js';
import { storeBusyRetry, type BusyRetry } from '../store/busy-retry.js';
import type { ResultsStore, TableRunStatus } from '../store/contract.js';
import { flushSpool, ResultsSpool, spoolStoreIdentity } from '../store/spool.js';
import { errorMessage } from '../errors.js';
import { retryingCatalog } from './catalog-retry.js';
import { EventStream } from './event-stream.js';
import { CollectedIncrementalPlan, planIncremental, saveStatesAfterRun, signalsWithListing, skippedEvent, skipUnchangedTables, statesAfterRun } from './incremental.js';
import type { EngineEvent, RunPlan, RunResult, TableOutcome } from './outcome.js';
import { discoverTables } from './discover-tables.js';
import { planRun, type DiscoveredPart } from './plan-run.js';
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
  /** `profile --full`: with `incremental.enabled`, profile every table anyway (and record their change tokens). */
  readonly full?: boolean;
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
    const runId = this.options.runId ?? randomUUID();
    const resources = await openRunResources(this.config, this.options, this.secrets, { runId, access: 'read' });
    try {
      return await this.secrets.guard(async () => {
        const parts: DiscoveredPart[] = [];
        const incremental = new CollectedIncrementalPlan();
        for await (const part of this.discover(resources, runId, 'plan', incremental)) parts.push(part);
        return this.firstPlan(resources, parts, incremental, true);
      });
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
    let stateWarning: string | undefined;
    let summarySpooled = false;
    try {
      if (spool) await this.flushSpool(resources.store, spool, runId, busy);
      const incremental = new CollectedIncrementalPlan();
      const parts = this.discover(resources, runId, 'profile', incremental)[Symbol.asyncIterator]();
      plan = await this.secrets.guard(() => this.planUntilFirstTable(resources, parts, incremental));
      // Each skipped table once, after run_started, as the part that holds it is listed.
      let skipsReported = 0;
      const reportSkips = () => {
        for (const skipped of incremental.skipped.slice(skipsReported)) emit(skippedEvent(runId, skipped));
        skipsReported = incremental.skipped.length;
      };
      const moreParts = { [Symbol.asyncIterator]: () => parts };
      let tableCount = plan.tables.length + plan.missing.length;
      limit = new AdaptiveLimit(plan.workers.workers, {
        onChange: (change) => {
          changes.push(change);
          emit({ type: 'concurrency_changed', runId, ...change });
        },
        onWaiting: (waiting) => emit({ type: 'statements_waiting', runId, waiting }),
      });
      const { session, store, slots } = resources;
      if (plan.tables.length > 0) session.warmUp?.(Math.min(plan.workers.workers, plan.tables.length));
      const writer = new RunStoreWriter(store, spool, busy);
      const profiler = new TableProfiler({ config, runId, session, store, writer, limit, slots, redact: this.redact, emit });
      // Written at the start too, so a run that is killed still leaves its workers and clamps behind.
      const summary = startedRunSummary(runId, config.environment, plan, startedAt);
      await writer.saveRunSummary(summary);
      const heartbeat = await startHeartbeat(store, runId);
      let completed = false;
      try {
        emit({ type: 'run_started', runId, plan });
        reportSkips();
        const batchSmallTables = !resources.adapter.limits(config.source).embedded;
        const countDiscovered = (event: EngineEvent) => {
          if (event.type === 'tables_discovered') tableCount += event.tables.length + event.missing.length;
          emit(event);
          if (event.type === 'tables_discovered') reportSkips();
        };
        const keepTableDetail = this.options.keepTableDetail ?? true;
        outcomes = await this.secrets.guard(() => runTables(plan, profiler, { runId, signal, emit: countDiscovered, batchSmallTables, keepTableDetail, moreParts }));
        completed = true;
        reportSkips();
      } finally {
        await heartbeat.stop();
        const finished = finishedRunSummary(summary, runStatus(signal.aborted, outcomes, completed), changes, tableCount);
        summarySpooled = (await writer.saveRunSummary(finished)) !== undefined;
        if (plan.incremental.enabled) stateWarning = await saveStatesAfterRun(config, store, statesAfterRun(config, runId, plan.incremental, outcomes));
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
      skipped: plan.incremental.skipped,
      incremental: { enabled: plan.incremental.enabled, inactive: plan.incremental.inactive, stateWarning },
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

  /**
   * The catalog listed and selected part by part; history from the store orders parallel runs
   * (`plan` does without it if the store has none yet); unchanged tables leave each part before
   * ordering, their decisions collected into `incremental` (`plan` reads the store's state without creating it).
   */
  private discover(resources: RunResources, runId: string, purpose: 'plan' | 'profile', incremental: CollectedIncrementalPlan): AsyncGenerator<DiscoveredPart> {
    const { config, options } = this;
    const { store, adapter } = resources;
    const session = retryingCatalog(resources.session, {
      retry: config.retry,
      signal: options.signal,
      onRetry: (query, { attempt, delaySeconds, kind, error }) =>
        this.stream.emit({ type: 'catalog_retry', runId, warehouse: adapter.type, query, attempt, delaySeconds, kind, message: this.redact(errorMessage(error)) }),
    });
    const history = (tables: readonly TableRef[]) =>
      store.lastDurations(tables).catch((err: unknown) => {
        if (purpose === 'profile') throw err;
        return new Map<string, number>(); // a store never written to has no history yet
      });
    const full = options.full ?? false;
    const changeSignals = signalsWithListing(config);
    const parts = discoverTables(config, session, { warehouse: adapter.type, only: options.tables, history, changeSignals });
    const decide = (tables: readonly OrderedTable[]) => planIncremental(config, session, store, tables, { full, warehouse: adapter.type, signal: options.signal });
    return skipUnchangedTables(parts, decide, incremental);
  }

  /**
   * Takes parts until one selects a table (or names a missing one): the run starts on it while
   * the rest is listed. When no part selects anything, the run is refused before it starts.
   */
  private async planUntilFirstTable(resources: RunResources, parts: AsyncIterator<DiscoveredPart>, incremental: CollectedIncrementalPlan): Promise<RunPlan> {
    const taken: DiscoveredPart[] = [];
    for (;;) {
      const next = await parts.next();
      if (!next.done) taken.push(next.value);
      if (next.done || next.value.tables.length + next.value.missing.length > 0) return this.firstPlan(resources, taken, incremental, next.done === true);
    }
  }

  /** The plan of the parts listed so far; with all of them listed, a selection of nothing is refused (tables skipped as unchanged were selected). */
  private firstPlan(resources: RunResources, parts: readonly DiscoveredPart[], incremental: CollectedIncrementalPlan, complete: boolean): RunPlan {
    const plan = planRun(this.config, resources.adapter.type, resources.workers, parts, incremental);
    if (complete) requireSelection(plan.tables.length + plan.missing.length + incremental.skipped.length, plan.unmatched);
    return plan;
  }
}
