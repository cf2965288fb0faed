import { describeRowSelection, queuedMs, type RunResult, type TableOutcome } from '@baselinr/core';
import type { Io } from '../io.js';
import { jsonMetrics } from '../value-format.js';

/** One table as `profile --json` shows it. */
export function tableJson(t: TableOutcome) {
  return {
    schema: t.schema,
    table: t.table,
    status: t.status,
    rowCount: t.rowCount,
    columnCount: t.columnCount,
    startedAt: t.startedAt.toISOString(),
    durationMs: t.durationMs,
    worker: t.worker,
    statementCount: t.statements.length,
    statements: t.statements.map((s) => ({
      purpose: s.purpose,
      durationMs: Math.round(s.durationMs * 1000) / 1000,
      attempts: s.attempts,
      ...(s.queuedMs !== undefined ? { queuedMs: s.queuedMs } : {}),
      ...(s.bytesProcessed !== undefined ? { bytesProcessed: s.bytesProcessed } : {}),
      ...(s.queryId !== undefined ? { queryId: s.queryId } : {}),
      ...(s.batchedTables !== undefined ? { batchedTables: s.batchedTables } : {}),
    })),
    error: t.error ?? null,
    ...(t.rowSelection ? { rowSelection: { ...t.rowSelection, description: describeRowSelection(t.rowSelection) } } : {}),
    ...(t.spooled ? { spooled: t.spooled } : {}),
    columns: t.columns.map((c) => ({
      name: c.column,
      type: c.dataType,
      kind: c.kind,
      metrics: jsonMetrics(c.metrics),
      ...(c.note ? { note: c.note } : {}),
      ...(c.notComputed ? { notComputed: c.notComputed } : {}),
    })),
  };
}

/** The run as a whole, without its tables (they are written as they finish). */
export function runJson(result: RunResult) {
  return {
    runId: result.runId,
    status: result.status,
    startedAt: result.startedAt.toISOString(),
    durationMs: result.durationMs,
    warehouse: result.warehouse,
    workers: { requested: result.workers.requested, effective: result.workers.workers, clamps: result.workers.clamps, pool: result.workers.pool },
    concurrency: result.concurrency,
    queuedMs: queuedMs(result),
    summary: { succeeded: result.succeeded, failed: result.failed, cancelled: result.cancelled, skipped: result.skipped.length },
    incremental: {
      enabled: result.incremental.enabled,
      ...(result.incremental.inactive ? { inactive: result.incremental.inactive } : {}),
      ...(result.incremental.stateWarning ? { stateWarning: result.incremental.stateWarning } : {}),
      skipped: result.skipped.map((s) => ({ schema: s.schema, table: s.table, reason: s.reason, lastRunId: s.lastRunId, lastProfiledAt: s.lastProfiledAt?.toISOString() ?? null })),
    },
    ...(result.spooled ? { spooled: result.spooled } : {}),
  };
}

const indent = (text: string, spaces: number) => text.replace(/^/gm, ' '.repeat(spaces));

/**
 * `profile --json` written as the run goes, so memory does not grow with the table count: one
 * JSON document whose `tables` array gets each table as it finishes and whose other keys follow
 * the run's end; or, as `--json-lines`, one object per line (`"type": "table"`, then `"type": "run"`).
 */
export class JsonRunStream {
  private opened = false;
  /** The last table, held back until the next one says whether a comma follows it. */
  private held: string | undefined;

  constructor(
    private readonly io: Io,
    private readonly format: 'document' | 'lines',
  ) {}

  table(outcome: TableOutcome): void {
    const json = tableJson(outcome);
    if (this.format === 'lines') {
      this.io.out(JSON.stringify({ type: 'table', ...json }));
      return;
    }
    this.open();
    if (this.held !== undefined) this.io.out(`${this.held},`);
    this.held = indent(JSON.stringify(json, null, 2), 4);
  }

  end(run: Record<string, unknown>): void {
    if (this.format === 'lines') {
      this.io.out(JSON.stringify({ type: 'run', ...run }));
      return;
    }
    this.open();
    if (this.held !== undefined) this.io.out(this.held);
    // The run's keys after `tables`, as JSON.stringify lays out an object's body.
    this.io.out(`  ],\n${JSON.stringify(run, null, 2).slice(2)}`);
  }

  private open(): void {
    if (this.opened) return;
    this.opened = true;
    this.io.out('{\n  "tables": [');
  }
}
