import type { TableRef } from '../adapter/types.js';
import type { ColumnProfile } from '../engine/profile-table.js';
import type { AppliedRowSelection } from '../plan/row-source.js';
import type { LimitChange } from '../scheduler/adaptive-limit.js';
import type { Clamp } from '../scheduler/effective-workers.js';

/**
 * Version 1: baselinr_runs and baselinr_results. 2: this product's drift events (named
 * baselinr_events until version 5). 3: baselinr_run_summaries and baselinr_table_timings. 4: text
 * columns of any length (MySQL's LONGTEXT). 5: one store for both tools: Baselinr's
 * baselinr_events, this product's events in baselinr_drift_events, its versions in
 * baselinr_store_layout, and baselinr_table_outcomes beside a runs table Baselinr made. 6: metric
 * meanings are Baselinr's (a marker: no table changes). 7: baselinr_row_selections. 8: baselinr_run_heartbeats.
 */
export const STORE_SCHEMA_VERSION = 8;
/** The layout version that added this product's events table: older stores have no events to read. */
export const EVENTS_LAYOUT_VERSION = 2;
/** The layout version that added run summaries and table timings: older stores have neither. */
export const RUN_DETAILS_LAYOUT_VERSION = 3;
/**
 * The version from which stored metrics mean what Baselinr's do (`count` is the rows, ratios are
 * over rows, strings and booleans have min and max). Runs stored before it are never compared with
 * runs stored after it.
 */
export const METRIC_MEANINGS_LAYOUT_VERSION = 6;
/** The layout version that added `baselinr_row_selections` (each table's partition filter and sample). */
export const ROW_SELECTIONS_LAYOUT_VERSION = 7;
/** The layout version that added run heartbeats: older stores cannot tell a live run from a killed one. */
export const HEARTBEAT_LAYOUT_VERSION = 8;

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
  /** Where and how the table ran; kept in `baselinr_table_timings` when the layout has it. */
  readonly timing?: TableTiming;
  /** The partition filter and sample the metrics cover; kept in `baselinr_row_selections` when the layout has it. */
  readonly rowSelection?: AppliedRowSelection;
}

/** How one table of a run ran: its worker slot, start and end, statements and retries. */
export interface TableTiming {
  /** The worker slot (0-based); null for a table that never reached a worker (not in the catalog). */
  readonly worker: number | null;
  readonly finishedAt: Date;
  /** Statements that completed. */
  readonly statementCount: number;
  /** Attempts of the statements that completed, retries included. */
  readonly statementAttempts: number;
  /** Every retry for the table, including those of a statement that failed in the end. */
  readonly retries: number;
}

/** One `baselinr_table_timings` row as read back. */
export interface StoredTableTiming extends TableRef, TableTiming {
  readonly runId: string;
  readonly startedAt: Date;
}

/** `running` until the run ends: a run that still says so was killed or is still going. */
export type RunSummaryStatus = TableRunStatus | 'running';

/** One run as a whole (`baselinr_run_summaries`): written when it starts and again when it ends. */
export interface RunSummaryRecord {
  readonly runId: string;
  readonly environment: string;
  /** The source's adapter type (`postgres`). */
  readonly warehouse: string;
  readonly status: RunSummaryStatus;
  readonly startedAt: Date;
  /** Null until the run ends. */
  readonly finishedAt: Date | null;
  readonly requestedWorkers: number;
  readonly effectiveWorkers: number;
  /** Every limit that lowered the requested workers, with its reason. */
  readonly clamps: readonly Clamp[];
  readonly poolSize: number | null;
  /** Tables the run set out to profile, the ones missing from the catalog included. */
  readonly tableCount: number;
  /** How the run lowered (and raised) its concurrency when the warehouse refused connections. */
  readonly concurrencyChanges: readonly LimitChange[];
}

/**
 * The latest sign of life of a running run: the process (by host and pid) renews it every few
 * seconds, so a run that still says `running` with a stale heartbeat, or whose process is gone,
 * was killed (`kill -9`, a lost machine) rather than still going.
 */
export interface RunHeartbeat {
  readonly runId: string;
  readonly host: string;
  readonly pid: number;
  readonly at: Date;
}

export interface RunSummaryFilter {
  readonly runId?: string;
  readonly limit?: number;
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

/** One `baselinr_row_selections` row as read back: the rows one table run's metrics cover. */
export interface StoredRowSelection extends TableRef, AppliedRowSelection {
  readonly runId: string;
}

/** Selects one dataset's `baselinr_row_selections` rows of these runs. */
export interface RowSelectionFilter {
  readonly dataset: TableRef;
  readonly runIds: readonly string[];
}

/** Selects `baselinr_runs` rows; results come newest first. */
export interface RunFilter {
  readonly runId?: string;
  readonly dataset?: TableRef;
  readonly status?: TableRunStatus;
  /** Only runs strictly older than this one (by profiled_at, then run_id). */
  readonly before?: Pick<StoredTableRun, 'runId' | 'profiledAt'>;
  /** Baselinr's `query runs` filters: a schema or table name alone, the environment, a start time. */
  readonly schema?: string;
  readonly table?: string;
  readonly environment?: string;
  readonly since?: Date;
  readonly limit?: number;
  /** Rows skipped before the first returned (needs `limit`). */
  readonly offset?: number;
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

/** The rows each side of a comparison covered, in words (`rowsCovered`), when they differ. */
export interface RowSelectionDifference {
  readonly current: string;
  readonly baseline: string;
}

/** One dataset's comparison of two runs, whose events are stored together. */
export interface EventScope extends TableRef {
  readonly runId: string;
  readonly baselineRunId: string;
  /** Set when the two runs covered different rows; kept in the metadata of the events' copies in `baselinr_events`. */
  readonly rowSelection?: RowSelectionDifference;
}

export interface StoredDriftEvent extends DriftEvent {
  readonly eventId: number;
}

export interface EventFilter {
  readonly runId?: string;
  readonly dataset?: TableRef;
  /** Baselinr's `query drift` filters; results then come newest first. */
  readonly table?: string;
  readonly severity?: DriftSeverity;
  readonly since?: Date;
  readonly limit?: number;
  /** Rows skipped before the first returned (needs `limit`). */
  readonly offset?: number;
}

/** The filters `listBaselinrEvents` takes. */
export type BaselinrEventFilter = Pick<EventFilter, 'runId' | 'table' | 'severity' | 'since' | 'limit'>;

/**
 * A drift or schema-change event Baselinr itself wrote to `baselinr_events` (its SQL event hook),
 * not one this product mirrored there. Baselinr records no baseline run, and may record no schema
 * or run.
 */
export interface BaselinrDriftEvent {
  readonly eventId: string;
  readonly runId: string | null;
  readonly schema: string | null;
  readonly table: string | null;
  readonly column: string | null;
  readonly metric: string | null;
  /** `drift`, or the schema change's type as Baselinr names it (`column_added`, `column_renamed`, `partition_changed`...). */
  readonly eventType: string;
  /** A drift event's numbers as text; a schema change's old and new column types. */
  readonly baselineValue: string | null;
  readonly currentValue: string | null;
  readonly changePercent: number | null;
  /** `drift_severity`, else a schema change's `change_severity` (its `breaking` read as high); null when neither says. */
  readonly severity: DriftSeverity | null;
  /** Baselinr's `explanation`. */
  readonly note: string | null;
  readonly detectedAt: Date;
}

/**
 * One row of Baselinr's incremental metadata table: the change token a table had when it was last
 * profiled successfully, and what the latest run decided for it.
 */
export interface TableState extends TableRef {
  /** `source.database`, '' when the source has none. */
  readonly database: string;
  /** The run whose results describe the table now (its last successful profile). */
  readonly lastRunId: string | null;
  /** The change token read just before that profile (Baselinr's `snapshot_id`); null when the warehouse could not say. */
  readonly token: string | null;
  /** Baselinr's action names: `full` (profiled) or `skip`. */
  readonly decision: string;
  /** Baselinr's reasons: `snapshot_match`, `change_detected`, `no_previous_state`, `signal_unknown`, `settings_changed`. */
  readonly decisionReason: string;
  readonly lastProfiledAt: Date | null;
  readonly rowCount: number | null;
  /** Free-form details: the settings fingerprint, the run that skipped the table, why a signal was unknown. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** Reads and replaces table states by `schema.table` within one source database. */
export interface TableStateStore {
  load(database: string, refs: readonly TableRef[]): Promise<Map<string, TableState>>;
  /** Replaces each table's row, all in one transaction. */
  save(states: readonly TableState[]): Promise<void>;
}

export interface ResultsStore {
  /** Creates the tables on first use, upgrades older layouts and records the schema version; idempotent. */
  ensureSchema(): Promise<void>;
  /** The newest layout version recorded in the store; 0 when it has no tables yet, 1 for one only Baselinr wrote. Creates nothing. */
  schemaVersion(): Promise<number>;
  /** Writes the table's run row, results and timing in one transaction (the timing only on layout 3 or later). */
  saveTableRun(record: TableRunRecord): Promise<void>;
  /*
   * Run details (layout 3). Optional, so stores written before them still satisfy the contract;
   * without them a run keeps no summary or timings and reports show no worker timeline.
   */
  /** Stores a run's summary, replacing the one stored before for the run; a no-op before layout 3. */
  saveRunSummary?(summary: RunSummaryRecord): Promise<void>;
  /** Run summaries, newest first; none before layout 3. */
  listRunSummaries?(filter?: RunSummaryFilter): Promise<RunSummaryRecord[]>;
  /** One run's table timings, by start; none before layout 3. */
  listTableTimings?(runId: string): Promise<StoredTableTiming[]>;
  /** Records that a run is alive now, replacing its previous heartbeat; a no-op before layout 8. */
  saveRunHeartbeat?(heartbeat: RunHeartbeat): Promise<void>;
  /** The heartbeats of these runs (a run that never beat has none); none before layout 8. */
  listRunHeartbeats?(runIds: readonly string[]): Promise<RunHeartbeat[]>;
  /** Incremental profiling's table state in the named table; optional: without it every table is profiled. */
  tableStates?(metadataTable: string): TableStateStore;
  /**
   * When the store took Baselinr's metric meanings (METRIC_MEANINGS_LAYOUT_VERSION was applied):
   * runs profiled before then used the earlier ones. Null when the store has not recorded it.
   */
  metricMeaningsSince?(): Promise<Date | null>;
  /** The duration of each table's latest successful run, keyed by `schema.table`. */
  lastDurations(tables: readonly TableRef[]): Promise<Map<string, number>>;
  /** Every dataset that has a run row, ordered by schema then name. */
  listDatasets(): Promise<TableRef[]>;
  listRuns(filter?: RunFilter): Promise<StoredTableRun[]>;
  listMetrics(filter: MetricFilter): Promise<StoredMetric[]>;
  /**
   * The partition filter and sample of these table runs (layout 7). A run without a row profiled
   * the whole table, as did every run of a store without the method, of an older layout, or of Baselinr.
   */
  listRowSelections?(filter: RowSelectionFilter): Promise<StoredRowSelection[]>;
  /**
   * Stores one dataset's events between two runs in one transaction, replacing any stored
   * before for the same dataset and pair of runs, so comparing twice does not double them.
   */
  replaceEvents(scope: EventScope, events: readonly DriftEvent[]): Promise<void>;
  /** Events, oldest first in the order they were written. */
  listEvents(filter?: EventFilter): Promise<StoredDriftEvent[]>;
  /**
   * The drift and schema-change events Baselinr wrote to its `baselinr_events`, newest first, with
   * the run, table, severity and since filters of `listEvents` (not dataset: Baselinr's rows may
   * have no schema). Creates nothing; none where the store has no such table.
   */
  listBaselinrEvents?(filter?: BaselinrEventFilter): Promise<BaselinrDriftEvent[]>;
  close(): Promise<void>;
}
