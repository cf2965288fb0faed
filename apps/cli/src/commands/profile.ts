import { type ConnectionConfig, BaselinrMetrics, concurrencyNote, queuedMs, sharedPoolSettings, summaryLine, tableKey, type RunResult, type TableOutcome } from '@baselinr/core';
import { createEngine } from '../engine-setup.js';
import { formatCount, formatSeconds, printable, textTable } from '../format.js';
import type { Io } from '../io.js';
import type { Logger } from '../logger.js';
import { pushMetrics, startMetricsServer, stopServer } from '../metrics-server.js';
import { reportProgress } from '../progress.js';
import { detectRunDrift, driftJson, renderDriftReport } from './profile-drift.js';
import { enqueueCommand } from '../queue/enqueue-command.js';
import { reportAfterRun } from '../report/after-run.js';
import { jsonMetrics } from '../value-format.js';
import { storeLocation } from '../store-location.js';
import { writeFileAtomically } from '../write-file.js';
import { dryRun } from './dry-run.js';

export interface ProfileOptions {
  config: string;
  workers?: number;
  table?: string[];
  json?: boolean;
  /** Baselinr's `-o FILE`: the JSON result, written to this file too. */
  output?: string;
  quiet?: boolean;
  /** After the run, compare each succeeded table with its previous successful run. */
  detectDrift?: boolean;
  /** After the run (and drift), write its HTML report to this file. */
  report?: string;
  /** Record the run and enqueue one job per table for `baselinr worker` processes instead of profiling here. */
  enqueue?: boolean;
  /** Baselinr's `--dry-run`: profile, but keep the results only in a throwaway store. */
  dryRun?: boolean;
  /** Set by --dry-run: the throwaway store used instead of `storage.connection`. */
  storeInstead?: ConnectionConfig;
  signal?: AbortSignal;
}

/** Off a terminal, a status line this often. */
const PERIODIC_PROGRESS_MS = 15_000;

export async function profileCommand(options: ProfileOptions, io: Io, logger: Logger): Promise<number> {
  if (options.dryRun) return dryRun(options, (store) => profileCommand({ ...options, dryRun: false, storeInstead: store }, io, logger), logger);
  if (options.enqueue) return enqueueCommand(options, io, logger);
  const { config, engine } = await createEngine(options.config, { workers: options.workers, tables: options.table, signal: options.signal }, options.storeInstead);
  const location = options.storeInstead ? 'nowhere (--dry-run)' : storeLocation(config);
  logger.useRedactor(engine.redact);
  const shared = sharedPoolSettings(config);
  if (shared) logger.info(`shared pool ${shared.pool}: ${shared.slots} slot(s) across every process that uses it (coordination)`);
  const { monitoring } = config;
  const metrics = new BaselinrMetrics();
  metrics.observe(engine, config.environment);
  // Bind the port before connecting to anything: a port in use is a config error (exit 2).
  const server = monitoring.enable_metrics ? await startMetricsServer(metrics, monitoring.port) : undefined;
  if (server) logger.info(`metrics at http://localhost:${monitoring.port}/metrics`);
  const stopProgress = reportProgress(engine, { logger, liveLine: options.quiet ? undefined : io.live, periodicMs: PERIODIC_PROGRESS_MS, quiet: options.quiet });
  let result: RunResult;
  try {
    result = await engine.profile();
  } catch (err) {
    if (server) await stopServer(server);
    throw err;
  } finally {
    stopProgress();
    io.live?.('');
  }
  let drift: Awaited<ReturnType<typeof detectRunDrift>> | undefined;
  try {
    // Before the server stops and before the push, so the drift counter goes out with the run's metrics.
    drift = options.detectDrift && result.status !== 'cancelled' ? await detectRunDrift(config, result) : undefined;
    for (const event of drift?.events ?? []) {
      metrics.driftEvents.inc({ warehouse: result.warehouse, table: `${event.schema}.${event.table}`, severity: event.severity });
    }
  } finally {
    if (server && !monitoring.keep_alive) await stopServer(server);
  }
  if (monitoring.pushgateway_url) {
    await pushMetrics(metrics, monitoring.pushgateway_url, monitoring.pushgateway_job).then(
      () => logger.info(`metrics pushed to ${monitoring.pushgateway_url}`),
      (err: Error) => logger.warn(`could not push metrics to ${monitoring.pushgateway_url}: ${err.message}`),
    );
  }
  const queued = queuedMs(result);
  const note = [concurrencyNote(result), queued > 0 ? `Statements waited ${formatSeconds(queued)} in the warehouse's queue in all.` : undefined]
    .filter(Boolean)
    .join('\n') || undefined;
  const document = () => JSON.stringify({ ...resultJson(result), resultsStore: location, ...(drift ? { drift: driftJson(drift) } : {}) }, null, 2);
  if (options.output !== undefined) writeFileAtomically(options.output, document());
  if (options.json) {
    io.out(document());
  } else {
    io.out(renderResult(result, location));
    if (note) io.out(note);
    io.out(summaryLine(result));
    if (drift) io.out(`\n${renderDriftReport(drift)}`);
  }
  if (options.json && note) logger.warn(note);
  if (options.json) logger.info(summaryLine(result), { succeeded: result.succeeded, failed: result.failed, cancelled: result.cancelled });
  const reported = options.report === undefined || (await reportAfterRun(config, result.runId, options.report, logger));
  if (server && monitoring.keep_alive) {
    logger.info(`still serving metrics on port ${monitoring.port} (monitoring.keep_alive); Ctrl+C to exit`);
    await waitForAbort(options.signal);
    await stopServer(server);
    return result.failed > 0 || !reported ? 1 : 0;
  }
  return result.status === 'cancelled' ? 130 : result.failed > 0 || !reported ? 1 : 0;
}

function waitForAbort(signal: AbortSignal | undefined): Promise<void> {
  if (!signal || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

function renderResult(result: RunResult, store: string): string {
  const rows = result.tables.map((t) => [
    `${t.schema}.${t.table}`,
    t.status,
    formatCount(t.rowCount),
    t.columnCount === null ? '-' : String(t.columnCount),
    String(t.statements.length),
    formatSeconds(t.durationMs),
  ]);
  const failures = result.tables.filter((t) => t.error).map((t) => `  ${printable(tableKey(t))}: ${t.error!.message}`);
  return [
    textTable(['table', 'status', 'rows', 'columns', 'statements', 'duration'], rows, new Set([2, 3, 4, 5])),
    ...(failures.length > 0 ? ['', 'Failures:', ...failures] : []),
    '',
    `Run ${result.runId}: ${formatSeconds(result.durationMs)} with ${result.workers.workers} worker(s)`,
    `Results stored in ${store}`,
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
    concurrency: result.concurrency,
    queuedMs: queuedMs(result),
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
    columns: t.columns.map((c) => ({ name: c.column, type: c.dataType, kind: c.kind, metrics: jsonMetrics(c.metrics), ...(c.note ? { note: c.note } : {}) })),
  };
}
