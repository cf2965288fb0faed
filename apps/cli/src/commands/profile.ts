import { type ConnectionConfig, BaselinrMetrics, concurrencyNote, describeRowSelection, queuedMs, sharedPoolSettings, summaryLine, tableKey, type RunResult } from '@baselinr/core';
import { createEngine } from '../engine-setup.js';
import { formatCount, formatSeconds, printable, textTable } from '../format.js';
import type { Io } from '../io.js';
import type { Logger } from '../logger.js';
import { pushMetrics, startMetricsServer, stopServer } from '../metrics-server.js';
import { reportProgress } from '../progress.js';
import { detectRunDrift, driftJson, renderDriftReport } from './profile-drift.js';
import { storeLocation } from '../store-location.js';
import { JsonRunStream, runJson } from './profile-json.js';
import { dryRun } from './dry-run.js';
import { FileLines } from '../write-file.js';
import { describeFlush } from '../spool.js';

export interface ProfileOptions {
  config: string;
  workers?: number;
  table?: string[];
  json?: boolean;
  /** With `json`: one JSON object per line (each table, then the run) instead of one document. */
  jsonLines?: boolean;
  /** Baselinr's `-o FILE`: the `--json` document written to this file too. */
  output?: string;
  /** Baselinr's `--dry-run`: profile, but keep the results only in a throwaway store. */
  dryRun?: boolean;
  /** Set by --dry-run: the throwaway store used instead of `storage.connection`. */
  storeInstead?: ConnectionConfig;
  quiet?: boolean;
  /** After the run, compare each succeeded table with its previous successful run. */
  detectDrift?: boolean;
  /** After the run (and drift), write its HTML report to this file. */
  report?: string;
  /** Record the run and enqueue one job per table for `baselinr worker` processes instead of profiling here. */
  enqueue?: boolean;
  /** With `incremental.enabled`: profile every table, changed or not. */
  full?: boolean;
  signal?: AbortSignal;
}

/** Off a terminal, a status line this often. */
const PERIODIC_PROGRESS_MS = 15_000;

export async function profileCommand(options: ProfileOptions, io: Io, logger: Logger): Promise<number> {
  if (options.dryRun) return dryRun(options, (store) => profileCommand({ ...options, dryRun: false, storeInstead: store }, io, logger), logger);
  if (options.enqueue) return (await import('../queue/enqueue-command.js')).enqueueCommand(options, io, logger);
  // The run keeps each table's summary only: its metrics are stored, and streamed with --json as it finishes.
  const { config, engine } = await createEngine(
    options.config,
    { workers: options.workers, tables: options.table, signal: options.signal, keepTableDetail: false, full: options.full },
    options.storeInstead,
  );
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
  const json = options.json || options.jsonLines ? new JsonRunStream(io, options.jsonLines ? 'lines' : 'document') : undefined;
  // -o FILE: the same document, streamed into a file that appears whole once the run ends.
  const file = options.output === undefined ? undefined : new FileLines(options.output);
  const streams = [json, file && new JsonRunStream(file.io, 'document')].filter((s): s is JsonRunStream => s !== undefined);
  for (const stream of streams) {
    engine.on('table_completed', ({ outcome }) => stream.table(outcome));
    engine.on('table_failed', ({ outcome }) => stream.table(outcome));
  }
  engine.on('spool_flushed', ({ flush }) => {
    const { lines, problem } = describeFlush(flush);
    for (const line of lines) {
      if (problem) logger.warn(line);
      else logger.info(line);
    }
  });
  const stopProgress = reportProgress(engine, { logger, liveLine: options.quiet ? undefined : io.live, periodicMs: PERIODIC_PROGRESS_MS, quiet: options.quiet });
  let result: RunResult;
  try {
    result = await engine.profile();
  } catch (err) {
    if (server) await stopServer(server);
    file?.discard();
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
  const note =
    [concurrencyNote(result), queued > 0 ? `Statements waited ${formatSeconds(queued)} in the warehouse's queue in all.` : undefined, incrementalNote(result)]
      .filter(Boolean)
      .join('\n') || undefined;
  const ending = { ...runJson(result), resultsStore: location, ...(drift ? { drift: driftJson(drift) } : {}) };
  for (const stream of streams) stream.end(ending);
  file?.commit();
  if (!json) {
    io.out(renderResult(result, location));
    if (note) io.out(note);
    io.out(summaryLine(result));
    if (drift) io.out(`\n${renderDriftReport(drift)}`);
  }
  if (json && note) logger.warn(note);
  if (json) logger.info(summaryLine(result), { succeeded: result.succeeded, failed: result.failed, cancelled: result.cancelled, skipped: result.skipped.length });
  // Not in the store yet: drift, reports and the exit code must not treat the run as complete.
  if (result.spooled) logger.warn(spooledNote(result.spooled, location, options.config));
  const reported = options.report === undefined || (await (await import('../report/after-run.js')).reportAfterRun(config, result.runId, options.report, logger));
  if (server && monitoring.keep_alive) {
    logger.info(`still serving metrics on port ${monitoring.port} (monitoring.keep_alive); Ctrl+C to exit`);
    await waitForAbort(options.signal);
    await stopServer(server);
    return result.failed > 0 || result.spooled || !reported ? 1 : 0;
  }
  return result.status === 'cancelled' ? 130 : result.failed > 0 || result.spooled || !reported ? 1 : 0;
}

function spooledNote(spooled: NonNullable<RunResult['spooled']>, store: string, configPath: string): string {
  return (
    `The results store ${store} stayed unwritable: ${spooled.tables} table(s) of this run are kept in the spool ${spooled.dir}, not in the store yet. ` +
    `Write them with \`baselinr store flush --config ${configPath}\` once the store is free (the next profile run writes them first too).`
  );
}

function waitForAbort(signal: AbortSignal | undefined): Promise<void> {
  if (!signal || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Why an incremental run profiled every table, and any trouble keeping table state; undefined when there is nothing to say. */
function incrementalNote(result: RunResult): string | undefined {
  const { inactive, stateWarning } = result.incremental;
  return [inactive && `Incremental profiling: ${inactive}.`, stateWarning && `Incremental profiling: ${stateWarning}.`].filter(Boolean).join('\n') || undefined;
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
  const selections = result.tables.flatMap((t) => (t.rowSelection ? [`  ${printable(tableKey(t))}: ${describeRowSelection(t.rowSelection)}`] : []));
  const notComputed = result.tables.flatMap((t) =>
    t.columns.flatMap((c) => Object.values(c.notComputed ?? {}).map((reason) => `  ${printable(`${tableKey(t)}.${c.column}`)}: ${reason}`)),
  );
  return [
    textTable(['table', 'status', 'rows', 'columns', 'statements', 'duration'], rows, new Set([2, 3, 4, 5])),
    ...(selections.length > 0 ? ['', 'Rows profiled (partitions and samples):', ...selections] : []),
    ...(failures.length > 0 ? ['', 'Failures:', ...failures] : []),
    ...(notComputed.length > 0 ? ['', 'Metrics not computed (stored as null):', ...notComputed] : []),
    '',
    `Run ${result.runId}: ${formatSeconds(result.durationMs)} with ${result.workers.workers} worker(s)`,
    `Results stored in ${store}`,
  ].join('\n');
}
