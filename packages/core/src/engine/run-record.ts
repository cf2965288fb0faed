import type { RunSummaryRecord, TableTiming } from '../store/contract.js';
import type { LimitChange } from '../scheduler/adaptive-limit.js';
import type { RunPlan, RunStatus, TableOutcome } from './outcome.js';

/** A run is cancelled when its signal aborted, failed when any table (or the run itself) failed. */
export function runStatus(aborted: boolean, outcomes: readonly TableOutcome[], completed = true): RunStatus {
  if (aborted) return 'cancelled';
  return !completed || outcomes.some((o) => o.status === 'failed') ? 'failed' : 'succeeded';
}

/** The summary written when a run starts (`running`, no end); the end rewrites it with its status. */
export function startedRunSummary(runId: string, environment: string, plan: RunPlan, startedAt: Date): RunSummaryRecord {
  return {
    runId,
    environment,
    warehouse: plan.warehouse,
    status: 'running',
    startedAt,
    finishedAt: null,
    requestedWorkers: plan.workers.requested,
    effectiveWorkers: plan.workers.workers,
    clamps: plan.workers.clamps,
    poolSize: plan.workers.pool.size,
    tableCount: plan.tables.length + plan.missing.length,
    concurrencyChanges: [],
  };
}

/** The summary at the end; `tableCount` counts the tables found after the run started too. */
export function finishedRunSummary(started: RunSummaryRecord, status: RunStatus, changes: readonly LimitChange[], tableCount = started.tableCount): RunSummaryRecord {
  return { ...started, status, finishedAt: new Date(), concurrencyChanges: [...changes], tableCount };
}

/** Where and how a table ran. `worker` is null for a table that never reached a worker. */
export function tableTiming(outcome: TableOutcome, worker: number | null, retries: number): TableTiming {
  return {
    worker,
    finishedAt: new Date(outcome.startedAt.getTime() + outcome.durationMs),
    statementCount: outcome.statements.length,
    statementAttempts: outcome.statements.reduce((sum, s) => sum + s.attempts, 0),
    retries,
  };
}
