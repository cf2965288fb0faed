import type { TableRef } from '../adapter/types.js';
import type { ErrorCause } from '../errors.js';
import type { LimitChange } from '../scheduler/adaptive-limit.js';
import type { OrderedTable } from '../scheduler/order.js';
import type { WorkerPlan } from '../scheduler/effective-workers.js';
import type { TableRunStatus } from '../store/contract.js';
import type { AppliedRowSelection } from '../plan/row-source.js';
import type { SpoolFlush } from '../store/spool.js';
import type { IncrementalPlan, SkippedTable } from './incremental-plan.js';
import type { ColumnProfile, StatementRecord } from './profile-table.js';
import type { SlotWait } from './statement-runner.js';
import type { CatalogQuery } from './catalog-retry.js';

export interface TableOutcome extends TableRef {
  readonly status: TableRunStatus;
  readonly rowCount: number | null;
  readonly columnCount: number | null;
  readonly columns: readonly ColumnProfile[];
  readonly statements: readonly StatementRecord[];
  readonly startedAt: Date;
  readonly durationMs: number;
  /** Which worker slot (0-based) ran the table, for timelines. */
  readonly worker: number;
  readonly error?: { readonly message: string; readonly kind: ErrorCause | 'not_found' | 'store' };
  /** The partition filter and sample the metrics were computed over; absent for every row of the table. */
  readonly rowSelection?: AppliedRowSelection;
  /** The spool file that keeps the table's record, when the results store stayed unwritable. */
  readonly spooled?: string;
}

export type RunStatus = 'succeeded' | 'failed' | 'cancelled';

export interface RunResult {
  readonly runId: string;
  readonly status: RunStatus;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly warehouse: string;
  readonly workers: WorkerPlan;
  readonly tables: readonly TableOutcome[];
  readonly succeeded: number;
  readonly failed: number;
  readonly cancelled: number;
  /** Tables left out because nothing changed since their last successful profile (`incremental`). */
  readonly skipped: readonly SkippedTable[];
  /** Whether incremental profiling was on, why it profiled everything if so, and any trouble storing table state. */
  readonly incremental: { readonly enabled: boolean; readonly inactive?: string; readonly stateWarning?: string };
  /** How the adaptive limit moved: `minimum` below `initial` means the warehouse pushed back. */
  readonly concurrency: { readonly initial: number; readonly minimum: number; readonly final: number; readonly changes: readonly LimitChange[] };
  /** Present when the results store stayed unwritable: the spool folder and how many tables it keeps (the run's summary may be there too). */
  readonly spooled?: { readonly dir: string; readonly tables: number };
}

export interface RunPlan {
  readonly warehouse: string;
  readonly workers: WorkerPlan;
  readonly tables: readonly OrderedTable[];
  readonly missing: readonly TableRef[];
  /** Each pattern, schema or `--table` name that matched no table (the run goes on with the others). */
  readonly unmatched: readonly string[];
  readonly batchSize: number;
  readonly queueSize: number;
  /** Which selected tables incremental profiling leaves out, and why each of `tables` is profiled. */
  readonly incremental: IncrementalPlan;
}

export type EngineEvent =
  | { readonly type: 'run_started'; readonly runId: string; readonly plan: RunPlan }
  /**
   * Tables of a part of the catalog listed after the run started (`run_started`'s plan holds the
   * first part): they join the waiting tables in run order; missing ones are recorded next.
   */
  | {
      readonly type: 'tables_discovered';
      readonly runId: string;
      readonly tables: readonly OrderedTable[];
      readonly missing: readonly TableRef[];
      readonly unmatched: readonly string[];
    }
  | { readonly type: 'table_started'; readonly runId: string; readonly table: TableRef; readonly worker: number }
  | { readonly type: 'statement_completed'; readonly runId: string; readonly table: TableRef; readonly record: StatementRecord }
  | {
      readonly type: 'retry';
      readonly runId: string;
      readonly table: TableRef;
      readonly attempt: number;
      readonly delaySeconds: number;
      readonly kind: ErrorCause;
      readonly message: string;
      readonly free: boolean;
    }
  | { readonly type: 'concurrency_changed'; readonly runId: string; readonly from: number; readonly to: number; readonly reason: string }
  | { readonly type: 'queue_changed'; readonly runId: string; readonly waiting: number }
  /** Statements waiting for a slot under the run's (adaptive) concurrency limit. */
  | { readonly type: 'statements_waiting'; readonly runId: string; readonly waiting: number }
  /** A statement's wait for a slot of the shared pool (`coordination`); `waiting` counts this process's waiting statements. */
  | ({ readonly type: 'slot_wait'; readonly runId: string; readonly table: TableRef } & SlotWait)
  /** A lease expired before its heartbeat renewed it (the process stalled) and another holder took the slot. */
  | { readonly type: 'slot_lost'; readonly runId: string; readonly pool: string; readonly slot: number }
  /**
   * Baselinr's `ProfilingSkipped` (action `skip`): a table left out because nothing changed since
   * its last successful profile (`incremental`); `snapshotId` is the change token both reads gave.
   */
  | {
      readonly type: 'table_skipped';
      readonly runId: string;
      readonly table: TableRef;
      readonly reason: SkippedTable['reason'];
      readonly action: 'skip';
      readonly snapshotId: string | null;
      /** The run whose results stay the table's reference. */
      readonly lastRunId: string;
    }
  /** A catalog query (listing schemas or tables, reading change signals) failed for a transient cause and is tried again. */
  | {
      readonly type: 'catalog_retry';
      readonly runId: string;
      readonly warehouse: string;
      readonly query: CatalogQuery;
      readonly attempt: number;
      readonly delaySeconds: number;
      readonly kind: ErrorCause;
      readonly message: string;
    }
  /** A table profiled and stored. */
  | { readonly type: 'table_completed'; readonly runId: string; readonly outcome: TableOutcome }
  /** A table that failed or was cancelled (recorded in the store unless the store itself failed). */
  | { readonly type: 'table_failed'; readonly runId: string; readonly outcome: TableOutcome }
  /** Before profiling, records earlier runs spooled were written to the store (or could not be yet). */
  | { readonly type: 'spool_flushed'; readonly runId: string; readonly flush: SpoolFlush }
  | { readonly type: 'run_completed'; readonly result: RunResult };

/** Says when and how far the run lowered its concurrency, or undefined when it never did. */
export function concurrencyNote(result: Pick<RunResult, 'concurrency'>): string | undefined {
  const { initial, minimum, final } = result.concurrency;
  if (minimum >= initial) return undefined;
  return `Concurrency was reduced from ${initial} to ${minimum} worker(s) because the warehouse refused connections${final > minimum ? `; it recovered to ${final}` : ''}.`;
}

/** Total time statements waited in the warehouse's own queue, when the warehouse reports it. */
export function queuedMs(result: Pick<RunResult, 'tables'>): number {
  return result.tables.reduce((sum, t) => sum + t.statements.reduce((s, st) => s + (st.queuedMs ?? 0), 0), 0);
}

/** `Profiling completed: 49 succeeded, 1 failed` (and cancelled, and skipped as unchanged, when any were). */
export function summaryLine(result: Pick<RunResult, 'succeeded' | 'failed' | 'cancelled'> & { readonly skipped?: readonly unknown[] }): string {
  const cancelled = result.cancelled > 0 ? `, ${result.cancelled} cancelled` : '';
  const skipped = result.skipped?.length ? `, ${result.skipped.length} skipped (unchanged)` : '';
  return `Profiling completed: ${result.succeeded} succeeded, ${result.failed} failed${cancelled}${skipped}`;
}
