import type { TableRef } from '../adapter/contract.js';
import type { ColumnProfile } from '../engine/profile-table.js';

/** Version 1: baselinr_runs and baselinr_results. Version 2: baselinr_events. */
export const STORE_SCHEMA_VERSION = 2;
/** The layout version that added `baselinr_events`: older stores have no events to read. */
export const EVENTS_LAYOUT_VERSION = 2;

export type TableRunStatus = 'succeeded' | 'failed' | 'cancelled';

/** Everything stored for one table of one run: written in one transaction, or not at all. */
export interface TableRunRecord extends TableRef {
  readonly runId: string;
  readonly environment: string;
  readonly profiledAt: Date;
  readonly status: TableRunStatus;
  readonly durationSeconds: number;
  readonly rowCount: number | null;
  readonly columnCount: number | null;
  readonly error: string | null;
  readonly columns: readonly ColumnProfile[];
}

/** One `baselinr_runs` row as read back: one table of one run. */
export interface StoredTableRun extends TableRef {
  readonly runId: string;
  readonly profiledAt: Date;
  readonly environment: string | null;
  readonly status: TableRunStatus;
  readonly rowCount: number | null;
  readonly columnCount: number | null;
  readonly durationSeconds: number | null;
  readonly error: string | null;
}

/** One `baselinr_results` row as read back; `value` is the stored text, exactly. */
export interface StoredMetric extends TableRef {
  readonly runId: string;
  readonly column: string;
  readonly columnType: string | null;
  readonly metric: string;
  readonly value: string | null;
  readonly profiledAt: Date;
}

/** Selects `baselinr_runs` rows; results come newest first. */
export interface RunFilter {
  readonly runId?: string;
  readonly dataset?: TableRef;
  readonly status?: TableRunStatus;
  /** Only runs strictly older than this one (by profiled_at, then run_id). */
  readonly before?: Pick<StoredTableRun, 'runId' | 'profiledAt'>;
  readonly limit?: number;
}

/** Selects `baselinr_results` rows; results come oldest run first, in the order they were written. */
export interface MetricFilter {
  readonly runIds?: readonly string[];
  readonly dataset?: TableRef;
  readonly column?: string;
  readonly metric?: string;
}

export type DriftSeverity = 'low' | 'medium' | 'high';
export type DriftEventType = 'drift' | 'column_added' | 'column_removed' | 'type_changed';

/** A drift or schema-change event of one dataset between a baseline run and a current run. */
export interface DriftEvent extends TableRef {
  readonly runId: string;
  readonly baselineRunId: string;
  readonly eventType: DriftEventType;
  /** Null for table-level events (row_count) and the dataset's own schema changes. */
  readonly column: string | null;
  readonly metric: string | null;
  readonly baselineValue: string | null;
  readonly currentValue: string | null;
  /** Signed percent change from the baseline value; null when it has no meaning (zero or null baseline). */
  readonly changePercent: number | null;
  readonly severity: DriftSeverity;
  /** The change in words: `+12.5%`, `new non-zero`, `became null`, `metric added`, `INTEGER -> TEXT`. */
  readonly note: string | null;
  readonly detectedAt: Date;
}

export interface StoredDriftEvent extends DriftEvent {
  readonly eventId: number;
}

export interface EventFilter {
  readonly runId?: string;
  readonly dataset?: TableRef;
}

export interface ResultsStore {
  /** Creates the tables on first use, upgrades older layouts and records the schema version; idempotent. */
  ensureSchema(): Promise<void>;
  /** The newest layout version recorded in the store; 0 when it has no tables yet. Creates nothing. */
  schemaVersion(): Promise<number>;
  saveTableRun(record: TableRunRecord): Promise<void>;
  /** The duration of each table's latest successful run, keyed by `schema.table`. */
  lastDurations(tables: readonly TableRef[]): Promise<Map<string, number>>;
  /** Every dataset that has a run row, ordered by schema then name. */
  listDatasets(): Promise<TableRef[]>;
  listRuns(filter?: RunFilter): Promise<StoredTableRun[]>;
  listMetrics(filter: MetricFilter): Promise<StoredMetric[]>;
  /**
   * Stores one dataset's events between two runs in one transaction, replacing any stored
   * before for the same dataset and pair of runs, so comparing twice does not double them.
   */
  replaceEvents(scope: TableRef & { readonly runId: string; readonly baselineRunId: string }, events: readonly DriftEvent[]): Promise<void>;
  /** Events, oldest first in the order they were written. */
  listEvents(filter?: EventFilter): Promise<StoredDriftEvent[]>;
  close(): Promise<void>;
}

export function tableKey(ref: TableRef): string {
  return `${ref.schema}.${ref.table}`;
}
