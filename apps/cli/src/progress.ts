import { describeClamp, describeRowSelection, tableKey, type ProfileEngine, type TableOutcome } from '@baselinr/core';
import { formatCount, formatSeconds, printable } from './format.js';
import type { Logger } from './logger.js';

export interface ProgressOptions {
  readonly logger: Logger;
  /** A live status line on a terminal (rewritten in place), or undefined off a TTY. */
  readonly liveLine?: (text: string) => void;
  /** Off a TTY, a status line every this many milliseconds. */
  readonly periodicMs?: number;
  readonly quiet?: boolean;
}

/** Reports a run as it goes: a line per table, retries and concurrency changes, and a status line. */
export function reportProgress(engine: ProfileEngine, options: ProgressOptions): () => void {
  const { logger } = options;
  let total = 0;
  let done = 0;
  let failed = 0;
  const running = new Set<string>();
  let started = 0;
  /** Statements waiting for a slot of the shared pool (`coordination`), as the last slot_wait said. */
  let waitingForSlot = 0;
  let timer: NodeJS.Timeout | undefined;

  const status = () => {
    const elapsed = Date.now() - started;
    const eta = done > 0 && done < total ? `, ETA ${formatSeconds((elapsed / done) * (total - done))}` : '';
    const waiting = waitingForSlot > 0 ? `, ${waitingForSlot} waiting for slot` : '';
    return `${done}/${total} tables, ${running.size} active${waiting}, ${failed} failed, ${formatSeconds(elapsed)} elapsed${eta}`;
  };

  const offs = [
    engine.on('run_started', ({ runId, plan }) => {
      started = Date.now();
      total = plan.tables.length + plan.missing.length;
      logger.info(`Run ${runId}: ${total} table(s) on ${plan.warehouse}, ${plan.workers.workers} worker(s)`, { runId, tables: total, workers: plan.workers.workers });
      for (const clamp of plan.workers.clamps) logger.info(`  ${describeClamp(clamp)}`, { clamp });
      for (const entry of plan.unmatched) logger.warn(`matched nothing: ${entry}`, { unmatched: entry });
      if (options.quiet) return;
      if (options.liveLine) timer = setInterval(() => options.liveLine!(status()), 250);
      else if (options.periodicMs) timer = setInterval(() => logger.info(`progress: ${status()}`), options.periodicMs);
      timer?.unref();
    }),
    engine.on('tables_discovered', (e) => {
      total += e.tables.length + e.missing.length;
      for (const entry of e.unmatched) logger.warn(`matched nothing: ${entry}`, { unmatched: entry });
    }),
    engine.on('table_started', ({ table }) => running.add(tableKey(table))),
    engine.on('retry', (e) =>
      logger.warn(`retry ${e.attempt} for ${printable(tableKey(e.table))} in ${e.delaySeconds.toFixed(2)}s (${e.kind}): ${e.message}`, {
        table: `${e.table.schema}.${e.table.table}`,
        attempt: e.attempt,
        delaySeconds: e.delaySeconds,
        kind: e.kind,
      }),
    ),
    engine.on('catalog_retry', (e) =>
      logger.warn(`retry ${e.attempt} of the catalog query ${e.query} in ${e.delaySeconds.toFixed(2)}s (${e.kind}): ${e.message}`, {
        query: e.query,
        attempt: e.attempt,
        delaySeconds: e.delaySeconds,
        kind: e.kind,
      }),
    ),
    engine.on('table_skipped', (e) =>
      logger.debug(`${printable(tableKey(e.table))} skipped (${e.reason}): unchanged since run ${e.lastRunId}`, { table: tableKey(e.table), reason: e.reason }),
    ),
    engine.on('concurrency_changed', (e) => logger.warn(`concurrency ${e.from} -> ${e.to}: ${e.reason}`, { from: e.from, to: e.to })),
    engine.on('slot_wait', (e) => {
      waitingForSlot = e.waiting;
    }),
    engine.on('slot_lost', (e) =>
      logger.warn(`lost slot ${e.slot} of shared pool ${e.pool}: its lease expired before the heartbeat renewed it (the pool may briefly run one statement too many)`, {
        pool: e.pool,
        slot: e.slot,
      }),
    ),
  ];
  const finished = (outcome: TableOutcome) => {
    done++;
    running.delete(tableKey(outcome));
    if (outcome.status !== 'succeeded') failed++;
    if (options.quiet && outcome.status === 'succeeded') return;
    const sampled = outcome.rowSelection ? ` (${describeRowSelection(outcome.rowSelection)})` : '';
    const detail = outcome.error ? outcome.error.message : `${formatCount(outcome.rowCount)} rows, ${outcome.columnCount} columns${sampled}`;
    const line = `[${done}/${total}] ${printable(tableKey(outcome))} ${outcome.status} in ${formatSeconds(outcome.durationMs)}: ${detail}`;
    const fields = { table: `${outcome.schema}.${outcome.table}`, status: outcome.status, durationMs: outcome.durationMs, rows: outcome.rowCount };
    if (outcome.status === 'succeeded') logger.info(line, fields);
    else logger.warn(line, { ...fields, error: outcome.error });
    options.liveLine?.(status());
  };
  offs.push(
    engine.on('table_completed', ({ outcome }) => finished(outcome)),
    engine.on('table_failed', ({ outcome }) => finished(outcome)),
  );
  return () => {
    if (timer) clearInterval(timer);
    for (const off of offs) off();
  };
}
