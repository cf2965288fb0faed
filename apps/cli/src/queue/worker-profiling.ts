import {
  AdaptiveLimit,
  openRunResources,
  profiledState,
  saveStatesAfterRun,
  RunSecrets,
  selectTables,
  tableEntries,
  tableKey,
  TableProfiler,
  type BaselinrConfig,
  type RunResources,
  type SharedSlots,
  type TableOutcome,
  type WorkerPlan,
} from '@baselinr/core';
import { importAdapter } from './importer.js';
import type { TableJob } from './queue-mode.js';

/** A worker's jobs are never interrupted: stopping the worker lets the tables in progress finish. */
const NEVER = new AbortController().signal;

/**
 * What a queue worker profiles with, opened once for all its jobs: the source session, the
 * results store and the run's concurrency limit, shared by the jobs it runs at once. Each job
 * profiles one table through core's table profiler, exactly as a local run's loop does.
 */
export class WorkerProfiling {
  private constructor(
    private readonly config: BaselinrConfig,
    private readonly resources: RunResources,
    private readonly limit: AdaptiveLimit,
    private readonly secrets: RunSecrets,
  ) {}

  static async open(config: BaselinrConfig, options: { readonly workers?: number; readonly slots?: SharedSlots; readonly label: string }): Promise<WorkerProfiling> {
    const secrets = new RunSecrets(config);
    const resources = await openRunResources(config, { importer: importAdapter, workers: options.workers, slots: options.slots }, secrets, {
      runId: `worker ${options.label}`,
      access: 'write',
    });
    return new WorkerProfiling(config, resources, new AdaptiveLimit(resources.workers.workers), secrets);
  }

  get workers(): WorkerPlan {
    return this.resources.workers;
  }

  readonly redact = (text: string): string => this.secrets.redact(text);

  /**
   * Profiles and stores one table of a run on worker slot `slot`. Undefined when this worker's
   * config no longer selects the table; a table missing from the catalog is stored as failed.
   */
  async profile(job: TableJob, slot: number): Promise<TableOutcome | undefined> {
    const { session, store, slots } = this.resources;
    const profiler = new TableProfiler({ config: this.config, runId: job.runId, session, store, limit: this.limit, slots, redact: this.redact, emit: () => undefined });
    const ref = { schema: job.schema, table: job.table };
    const [described] = await profiler.describe([ref], NEVER);
    if (!described) return profiler.recordMissing(ref);
    const selection = selectTables(tableEntries(this.config), [{ ...ref, type: 'table' }], session.defaultSchema, [tableKey(ref)]);
    if (selection.tables.length === 0) return undefined;
    return profiler.profileAndStore(ref, slot, async () => described, NEVER);
  }

  /**
   * After a table succeeded, stores its incremental state (the token its job carries) as a local
   * run does, so the next incremental run can skip it. A warning when the store refused it.
   */
  async recordState(job: TableJob, outcome: TableOutcome): Promise<string | undefined> {
    const { incremental } = this.config;
    if (!job.incremental || outcome.status !== 'succeeded' || outcome.error || !incremental.enabled || !incremental.change_detection.enabled) return undefined;
    return saveStatesAfterRun(this.config, this.resources.store, [profiledState(this.config, job.runId, job.incremental, outcome)]);
  }

  close(): Promise<void> {
    return this.resources.close();
  }
}
