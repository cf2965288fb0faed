import type { TableRef } from '../adapter/types.js';
import type { BaselinrConfig, TableEntry } from '../config/schema.js';
import type { WorkerPlan } from '../scheduler/effective-workers.js';
import { longerFirst, type OrderedTable } from '../scheduler/order.js';
import { INCREMENTAL_OFF, type IncrementalPlan } from './incremental-plan.js';
import type { RunPlan } from './outcome.js';

/** A config without `profiling.tables` profiles every table of the default schema. */
export function tableEntries(config: BaselinrConfig): readonly TableEntry[] {
  return config.profiling.tables.length > 0 ? config.profiling.tables : [{ select_schema: true, pattern_type: 'wildcard', exclude_patterns: [] }];
}

/** What discovery found in one part of the catalog: selected tables (with expectations, in selection order), missing ones, entries that matched nothing. */
export interface DiscoveredPart {
  readonly tables: readonly OrderedTable[];
  readonly missing: readonly TableRef[];
  readonly unmatched: readonly string[];
}

/**
 * The run's plan; pure. Parallel runs go longest expected first (history, else the catalog's
 * estimate), which shortens the makespan; sequential runs keep the selection order: ordering
 * cannot shorten them, and a stable order is easier to follow.
 */
export function planRun(
  config: BaselinrConfig,
  warehouse: string,
  workers: WorkerPlan,
  parts: readonly DiscoveredPart[],
  incremental: IncrementalPlan = INCREMENTAL_OFF,
): RunPlan {
  const tables = parts.flatMap((p) => p.tables);
  return {
    warehouse,
    workers,
    tables: workers.workers > 1 ? tables.sort(longerFirst) : tables,
    missing: parts.flatMap((p) => p.missing),
    unmatched: parts.flatMap((p) => p.unmatched),
    batchSize: config.execution.batch_size,
    queueSize: config.execution.queue_size,
    incremental,
  };
}
