import { describeClamp, summaryLine, type RunResult, type TableOutcome } from '@baselinr/core';
import { createEngine } from '../engine-setup.js';
import { formatCount, formatSeconds, textTable } from '../format.js';
import type { Io } from '../io.js';

export interface ProfileOptions {
  config: string;
  workers?: number;
  table?: string[];
  json?: boolean;
  signal?: AbortSignal;
}

export async function profileCommand(options: ProfileOptions, io: Io): Promise<number> {
  const { engine } = await createEngine(options.config, { workers: options.workers, tables: options.table, signal: options.signal });
  let done = 0;
  let total = 0;
  engine.on('run_started', ({ runId, plan }) => {
    total = plan.tables.length + plan.missing.length;
    io.err(`Run ${runId}: ${total} table(s) on ${plan.warehouse}, ${plan.workers.workers} worker(s)`);
    for (const clamp of plan.workers.clamps) io.err(`  ${describeClamp(clamp)}`);
  });
  engine.on('statement_retry', (e) =>
    io.err(`  retry ${e.attempt} for ${e.table.schema}.${e.table.table} in ${e.delaySeconds.toFixed(2)}s (${e.kind}): ${e.message}`),
  );
  engine.on('table_completed', ({ outcome }) => {
    done++;
    const detail = outcome.error ? outcome.error.message : `${formatCount(outcome.rowCount)} rows, ${outcome.columnCount} columns`;
    io.err(`[${done}/${total}] ${outcome.schema}.${outcome.table} ${outcome.status} in ${formatSeconds(outcome.durationMs)}: ${detail}`);
  });
  const result = await engine.profile();
  io.out(options.json ? JSON.stringify(resultJson(result), null, 2) : renderResult(result));
  if (!options.json) io.out(summaryLine(result));
  else io.err(summaryLine(result));
  return result.status === 'cancelled' ? 130 : result.failed > 0 ? 1 : 0;
}

function renderResult(result: RunResult): string {
  const rows = result.tables.map((t) => [
    `${t.schema}.${t.table}`,
    t.status,
    formatCount(t.rowCount),
    t.columnCount === null ? '-' : String(t.columnCount),
    String(t.statements.length),
    formatSeconds(t.durationMs),
  ]);
  const failures = result.tables.filter((t) => t.error).map((t) => `  ${t.schema}.${t.table}: ${t.error!.message}`);
  return [
    textTable(['table', 'status', 'rows', 'columns', 'statements', 'duration'], rows, new Set([2, 3, 4, 5])),
    ...(failures.length > 0 ? ['', 'Failures:', ...failures] : []),
    '',
    `Run ${result.runId}: ${formatSeconds(result.durationMs)} with ${result.workers.workers} worker(s)`,
  ].join('\n');
}

export function resultJson(result: RunResult) {
  return {
    runId: result.runId,
    status: result.status,
    startedAt: result.startedAt.toISOString(),
    durationMs: result.durationMs,
    warehouse: result.warehouse,
    workers: { requested: result.workers.requested, effective: result.workers.workers, clamps: result.workers.clamps, pool: result.workers.pool },
    summary: { succeeded: result.succeeded, failed: result.failed, cancelled: result.cancelled },
    tables: result.tables.map(tableJson),
  };
}

function tableJson(t: TableOutcome) {
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
    statements: t.statements.map((s) => ({ purpose: s.purpose, durationMs: Math.round(s.durationMs * 1000) / 1000, attempts: s.attempts })),
    error: t.error ?? null,
    columns: t.columns.map((c) => ({ name: c.column, type: c.dataType, kind: c.kind, metrics: c.metrics, ...(c.note ? { note: c.note } : {}) })),
  };
}
