import type { TableRef } from '../adapter/types.js';
import type { TableState } from '../store/contract.js';

/** Why a table is profiled under incremental profiling (Baselinr's reason names where it has one). */
export type ProfileReason = 'no_previous_state' | 'change_detected' | 'signal_unknown' | 'settings_changed' | 'full_requested';

export interface TableDecision {
  readonly reason: ProfileReason;
  /** The token read before profiling, stored once the table succeeds. */
  readonly token: string | null;
  /** Why the signal was unknown, in the warehouse's words. */
  readonly detail?: string;
}

/** A table left out of the run because nothing changed since its last successful profile, whose results stay the reference. */
export interface SkippedTable extends TableRef {
  readonly reason: 'snapshot_match';
  readonly lastRunId: string;
  readonly lastProfiledAt: Date | null;
  readonly state: TableState;
}

export interface IncrementalPlan {
  /** `incremental.enabled` (and `change_detection.enabled`). */
  readonly enabled: boolean;
  /** Why an enabled incremental run still profiles every table: no change signal, no state in the store, `--full`. */
  readonly inactive?: string;
  readonly skipped: readonly SkippedTable[];
  /** Each profiled table's decision, by `schema.table`; empty when incremental profiling is off. */
  readonly decisions: ReadonlyMap<string, TableDecision>;
}

/** A run without incremental profiling: every selected table is profiled. */
export const INCREMENTAL_OFF: IncrementalPlan = { enabled: false, skipped: [], decisions: new Map() };
