import type { TableRef } from '../adapter/contract.js';
import type { ErrorKind } from '../errors.js';
import type { OrderedTable } from '../scheduler/order.js';
import type { WorkerPlan } from '../scheduler/effective-workers.js';
import type { TableRunStatus } from '../store/contract.js';
import type { ColumnProfile, StatementRecord } from './profile-table.js';

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
  readonly error?: { readonly message: string; readonly kind: ErrorKind | 'not_found' | 'store' };
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
}

export interface RunPlan {
  readonly warehouse: string;
  readonly workers: WorkerPlan;
  readonly tables: readonly OrderedTable[];
  readonly missing: readonly TableRef[];
  readonly batchSize: number;
  readonly queueSize: number;
}

export type EngineEvent =
  | { readonly type: 'run_started'; readonly runId: string; readonly plan: RunPlan }
  | { readonly type: 'table_started'; readonly runId: string; readonly table: TableRef; readonly worker: number }
  | { readonly type: 'statement_retry'; readonly runId: string; readonly table: TableRef; readonly attempt: number; readonly delaySeconds: number; readonly kind: ErrorKind; readonly message: string }
  | { readonly type: 'table_completed'; readonly runId: string; readonly outcome: TableOutcome }
  | { readonly type: 'run_completed'; readonly result: RunResult };

/** `Profiling completed: 49 succeeded, 1 failed` (and cancelled, when any were). */
export function summaryLine(result: Pick<RunResult, 'succeeded' | 'failed' | 'cancelled'>): string {
  const cancelled = result.cancelled > 0 ? `, ${result.cancelled} cancelled` : '';
  return `Profiling completed: ${result.succeeded} succeeded, ${result.failed} failed${cancelled}`;
}
