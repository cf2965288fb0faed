import { DescribeBatches } from './describe-batches.js';
import type { EngineEvent, RunPlan, TableOutcome } from './outcome.js';
import type { TableProfiler } from './table-profiler.js';
import { runBounded } from '../scheduler/run-queue.js';
import { workUnits } from '../scheduler/small-batches.js';

export interface RunLoopOptions {
  readonly runId: string;
  /** Whether small tables share round trips (`execution.batch_size` per batch); not for embedded engines, where there is no round trip to save. */
  readonly batchSmallTables: boolean;
  /** Off, the returned outcomes drop their metrics and statement text (the events carry them whole). */
  readonly keepTableDetail: boolean;
  readonly signal: AbortSignal;
  readonly emit: (event: EngineEvent) => void;
}

/**
 * Runs a plan's tables on its workers: missing tables recorded first, then each table (or batch
 * of small tables) profiled and stored as a worker slot frees, describing the catalog in batches
 * ahead of need. Returns
 * every outcome, in the order tables finished; stops taking tables when the signal aborts.
 */
export async function runTables(plan: RunPlan, profiler: TableProfiler, options: RunLoopOptions): Promise<TableOutcome[]> {
  const { runId, signal, emit } = options;
  const outcomes: TableOutcome[] = [];
  const finished = (outcome: TableOutcome) => {
    emit({ type: outcome.status === 'succeeded' ? 'table_completed' : 'table_failed', runId, outcome });
    outcomes.push(options.keepTableDetail ? outcome : summaryOf(outcome));
  };
  for (const ref of plan.missing) finished(await profiler.recordMissing(ref));
  const batches = new DescribeBatches(plan.tables, plan.batchSize, (refs) => profiler.describe(refs, signal));
  const workers = plan.workers.workers;
  const freeSlots = Array.from({ length: workers }, (_, i) => workers - 1 - i);
  const observer = { onQueueSize: (waiting: number) => emit({ type: 'queue_changed', runId, waiting }) };
  const units = workUnits(plan.tables, options.batchSmallTables ? plan.batchSize : 1);
  await runBounded(units, { workers, queueSize: plan.queueSize, signal, observer }, async (unit) => {
    if (signal.aborted) return;
    const worker = freeSlots.pop() ?? 0;
    try {
      for (const table of unit) emit({ type: 'table_started', runId, table, worker });
      for (const outcome of await profiler.profileBatchAndStore(unit, worker, (table) => batches.get(table), signal)) finished(outcome);
    } finally {
      freeSlots.push(worker);
    }
  });
  return outcomes;
}

/** A table's outcome without its metrics and statement text: what a run's summary needs. */
function summaryOf(outcome: TableOutcome): TableOutcome {
  return { ...outcome, columns: [], statements: outcome.statements.map((s) => ({ ...s, sql: '' })) };
}
