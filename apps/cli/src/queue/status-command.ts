import { errorMessage, ExitCode, loadConfig, tableKey } from '@baselinr/core';
import { textTable } from '../format.js';
import type { Io } from '../io.js';
import { displayTime } from '../value-format.js';
import { openQueueDriver } from './queue-connection.js';
import { RunTracker, type QueuedRun, type QueuedTable } from './run-tracker.js';

export interface QueueStatusOptions {
  config: string;
  json?: boolean;
}

/** A table's state across workers: its final status once stored, else running (taken) or queued. */
export function tableState(table: QueuedTable): string {
  return table.status ?? (table.worker ? 'running' : 'queued');
}

/**
 * `queue status RUN_ID`: an enqueued run's progress across every worker: each table's state,
 * attempts and worker, and whether the run completed (every table has a final state).
 */
export async function queueStatusCommand(runId: string, options: QueueStatusOptions, io: Io): Promise<number> {
  const config = await loadConfig(options.config);
  const driver = await openQueueDriver(config);
  try {
    const tracker = new RunTracker(driver, config.storage.runs_table);
    const run = await tracker.run(runId).catch((err: unknown) => {
      // No bookkeeping tables yet: nothing was ever enqueued in this database.
      if (/does not exist/i.test(errorMessage(err))) return undefined;
      throw err;
    });
    if (!run) {
      io.err(`error: run ${runId}: no enqueued run with that id in the results database (profile --enqueue prints it)`);
      return ExitCode.usage;
    }
    const tables = await tracker.tablesOf(runId);
    io.out(options.json ? JSON.stringify(statusJson(run, tables), null, 2) : renderStatus(run, tables));
    return 0;
  } finally {
    await driver.close();
  }
}

function counts(tables: readonly QueuedTable[]): Record<string, number> {
  const byState: Record<string, number> = { succeeded: 0, failed: 0, cancelled: 0, running: 0, queued: 0 };
  for (const table of tables) byState[tableState(table)] = (byState[tableState(table)] ?? 0) + 1;
  return byState;
}

function renderStatus(run: QueuedRun, tables: readonly QueuedTable[]): string {
  const summary = Object.entries(counts(tables))
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  const done = run.completedAt ? `completed ${displayTime(run.completedAt)}` : 'in progress';
  const rows = tables.map((t) => [
    tableKey(t),
    tableState(t),
    String(t.attempts),
    t.worker ?? '-',
    t.durationSeconds === null ? '-' : `${t.durationSeconds.toFixed(2)}s`,
    t.error?.split('\n')[0] ?? '',
  ]);
  return [
    `Run ${run.runId}: ${run.tableCount} table(s) on queue ${run.queue}, enqueued ${displayTime(run.enqueuedAt)}, ${done}`,
    `  ${summary}`,
    textTable(['table', 'state', 'attempts', 'worker', 'duration', 'error'], rows, new Set([2, 4])),
  ].join('\n');
}

function statusJson(run: QueuedRun, tables: readonly QueuedTable[]) {
  return {
    runId: run.runId,
    queue: run.queue,
    source: run.source,
    enqueuedAt: run.enqueuedAt.toISOString(),
    completedAt: run.completedAt?.toISOString() ?? null,
    complete: run.completedAt !== null,
    counts: counts(tables),
    tables: tables.map((t) => ({
      schema: t.schema,
      table: t.table,
      state: tableState(t),
      attempts: t.attempts,
      worker: t.worker,
      jobId: t.jobId,
      startedAt: t.startedAt?.toISOString() ?? null,
      durationSeconds: t.durationSeconds,
      error: t.error,
    })),
  };
}
