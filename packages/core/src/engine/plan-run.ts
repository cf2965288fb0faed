import { tableKey, type DiscoveredTable } from '../adapter/types.js';
import type { BaselinrConfig, TableEntry } from '../config/schema.js';
import type { WorkerPlan } from '../scheduler/effective-workers.js';
import { orderLongestFirst } from '../scheduler/order.js';
import { requireSelection, selectTables, type Selection } from '../selection/select-tables.js';
import { INCREMENTAL_OFF, type IncrementalPlan } from './incremental-plan.js';
import type { RunPlan } from './outcome.js';

/** A config without `profiling.tables` profiles every table of the default schema. */
export function tableEntries(config: BaselinrConfig): readonly TableEntry[] {
  return config.profiling.tables.length > 0 ? config.profiling.tables : [{ select_schema: true, pattern_type: 'wildcard', exclude_patterns: [] }];
}

/**
 * The tables a run profiles: the config's entries applied to the catalog, narrowed to `only`
 * (`--table` names, `table` or `schema.table`); of the missing ones, only those `only` names.
 * A selection of no table at all is a config error naming each entry that matched nothing.
 */
export function selectForRun(config: BaselinrConfig, catalog: readonly DiscoveredTable[], defaultSchema: string, only?: readonly string[]): Selection {
  const selected = selectTables(tableEntries(config), catalog, defaultSchema, only);
  const selection = only?.length ? { ...selected, missing: selected.missing.filter((m) => only.includes(m.table) || only.includes(tableKey(m))) } : selected;
  requireSelection(selection.tables.length + selection.missing.length, selection.unmatched);
  return selection;
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
  selection: Selection,
  history: ReadonlyMap<string, number>,
  incremental: IncrementalPlan = INCREMENTAL_OFF,
): RunPlan {
  const ordered = orderLongestFirst(selection.tables, history);
  const byKey = new Map(ordered.map((o) => [tableKey(o), o]));
  return {
    warehouse,
    workers,
    tables: workers.workers > 1 ? ordered : selection.tables.map((t) => byKey.get(tableKey(t))!),
    missing: selection.missing,
    unmatched: selection.unmatched,
    batchSize: config.execution.batch_size,
    queueSize: config.execution.queue_size,
    incremental,
  };
}
