import type { TableRef } from '../adapter/types.js';
import type { StoredMetric, StoredTableRun } from '../store/contract.js';

/** The table-level metric compared from `baselinr_runs.row_count`. */
export const ROW_COUNT_METRIC = 'row_count';

export interface ColumnSnapshot {
  readonly type: string | null;
  /** Stored text of each metric, in the order the run wrote them. */
  readonly metrics: ReadonlyMap<string, string | null>;
}

/** One dataset as one run saw it: its row count and each column's type and metrics. */
export interface RunSnapshot extends TableRef {
  readonly runId: string;
  readonly rowCount: number | null;
  /** In the order the run wrote them (the table's column order). */
  readonly columns: ReadonlyMap<string, ColumnSnapshot>;
}

/** Builds a run's snapshot from its run row and the stored metrics (other runs' rows are ignored). */
export function snapshotOf(run: StoredTableRun, metrics: readonly StoredMetric[]): RunSnapshot {
  const columns = new Map<string, { type: string | null; metrics: Map<string, string | null> }>();
  for (const m of metrics) {
    if (m.runId !== run.runId || m.schema !== run.schema || m.table !== run.table) continue;
    let column = columns.get(m.column);
    if (!column) {
      column = { type: m.columnType, metrics: new Map() };
      columns.set(m.column, column);
    }
    column.metrics.set(m.metric, m.value);
  }
  return { schema: run.schema, table: run.table, runId: run.runId, rowCount: run.rowCount, columns };
}
