import { DescribeBatches } from './describe-batches.js';
import type { EngineEvent, RunPlan, TableOutcome } from './outcome.js';
import type { DiscoveredPart } from './plan-run.js';
import type { TableProfiler } from './table-profiler.js';
import { PendingTables } from '../scheduler/pending-tables.js';
import { runBounded } from '../scheduler/run-queue.js';

export interface RunLoopOptions {
  readonly runId: string;
  /** Whether small tables share round trips (`execution.batch_size` per batch); not for embedded engines, where there is no round trip to save. */
  readonly batchSmallTables: boolean;
  /** Off, the returned outcomes drop their metrics and statement text (the events carry them whole). */
  readonly keepTableDetail: boolean;
  /** The parts of the catalog still being listed when the run starts; their tables join the run as they arrive. */
  readonly moreParts?: AsyncIterable<DiscoveredPart>;
  readonly signal: AbortSignal;
  readonly emit: (event: EngineEvent) => void;
}

/**
 * Runs a plan's tables on its workers: missing tables recorded first, then each table (or batch
 * of small tables) profiled and stored as a worker slot frees, describing the catalog in batches
 * ahead of need. Tables of parts still being listed join the waiting ones as each part arrives
 * (`tables_discovered`); a listing that fails ends the run with its error once the running
 * tables finish. Returns every outcome, in the order tables finished; stops taking tables when
 * the signal aborts.
 */
export async function runTables(plan: RunPlan, profiler: TableProfiler, options: RunLoopOptions): Promise<TableOutcome[]> {
  const { runId, signal, emit } = options;
  const outcomes: TableOutcome[] = [];
  const finished = (outcome: TableOutcome) => {
    emit({ type: outcome.status === 'succeeded' ? 'table_completed' : 'table_failed', runId, outcome });
    outcomes.push(options.keepTableDetail ? outcome : summaryOf(outcome));
  };
  for (const ref of plan.missing) finished(await profiler.recordMissing(ref));
  const workers = plan.workers.workers;
  const pending = new PendingTables({ longestFirst: workers > 1, batchSize: options.batchSmallTables ? plan.batchSize : 1 });
  pending.add(plan.tables);
  const discovering = addParts(pending, options.moreParts, async (part) => {
    emit({ type: 'tables_discovered', runId, ...part });
    for (const ref of part.missing) finished(await profiler.recordMissing(ref));
  });
  const batches = new DescribeBatches(plan.batchSize, (refs) => profiler.describe(refs, signal), (count) => pending.upcoming(count));
  const freeSlots = Array.from({ length: workers }, (_, i) => workers - 1 - i);
  const observer = { onQueueSize: (waiting: number) => emit({ type: 'queue_changed', runId, waiting }) };
  try {
    await runBounded(pending.units(), { workers, queueSize: plan.queueSize, signal, observer }, async (unit) => {
      if (signal.aborted) return;
      const worker = freeSlots.pop() ?? 0;
      try {
        batches.cover(unit);
        for (const table of unit) emit({ type: 'table_started', runId, table, worker });
        for (const outcome of await profiler.profileBatchAndStore(unit, worker, (table) => batches.get(table), signal)) finished(outcome);
      } finally {
        freeSlots.push(worker);
      }
    });
  } finally {
    await discovering;
  }
  return outcomes;
}

/** Feeds each part's tables to `pending` as it arrives, then closes it (with the listing's error, if one failed). Never rejects. */
async function addParts(pending: PendingTables, parts: AsyncIterable<DiscoveredPart> | undefined, onPart: (part: DiscoveredPart) => Promise<void>): Promise<void> {
  try {
    for await (const part of parts ?? []) {
      await onPart(part);
      pending.add(part.tables);
    }
    pending.close();
  } catch (reason) {
    pending.close({ reason });
  }
}

/** A table's outcome without its metrics and statement text: what a run's summary needs (and which metrics could not be computed). */
function summaryOf(outcome: TableOutcome): TableOutcome {
  const columns = outcome.columns.filter((c) => c.notComputed).map((c) => ({ ...c, metrics: {} }));
  return { ...outcome, columns, statements: outcome.statements.map((s) => ({ ...s, sql: '' })) };
}
