import { describeClamp, tableKey, type IncrementalPlan, type RunPlan } from '@baselinr/core';
import { createEngine } from '../engine-setup.js';
import { formatCount, printable, textTable } from '../format.js';
import type { Io } from '../io.js';

export async function planCommand(options: { config: string; workers?: number; table?: string[]; json?: boolean }, io: Io): Promise<number> {
  const { engine } = await createEngine(options.config, { workers: options.workers, tables: options.table });
  const plan = await engine.plan();
  io.out(options.json ? JSON.stringify(planJson(plan), null, 2) : renderPlan(plan));
  return 0;
}

export function planJson(plan: RunPlan) {
  return {
    warehouse: plan.warehouse,
    requestedWorkers: plan.workers.requested,
    requestedBy: plan.workers.requestedBy,
    effectiveWorkers: plan.workers.workers,
    clamps: plan.workers.clamps,
    pool: plan.workers.pool,
    batchSize: plan.batchSize,
    queueSize: plan.queueSize,
    tables: plan.tables.map((t, i) => ({ position: i + 1, schema: t.schema, table: t.table, type: t.type, expected: t.expected ?? null })),
    missing: plan.missing,
    unmatched: plan.unmatched,
    incremental: {
      enabled: plan.incremental.enabled,
      ...(plan.incremental.inactive ? { inactive: plan.incremental.inactive } : {}),
      skipped: plan.incremental.skipped.map((s) => ({
        schema: s.schema,
        table: s.table,
        reason: s.reason,
        lastRunId: s.lastRunId,
        lastProfiledAt: s.lastProfiledAt?.toISOString() ?? null,
      })),
      profiled: [...plan.incremental.decisions].map(([table, d]) => ({ table, reason: d.reason, ...(d.detail ? { detail: d.detail } : {}) })),
    },
  };
}

/** What incremental profiling decided: each skipped table, and why the others are profiled, counted by reason. */
function renderIncremental(incremental: IncrementalPlan): string[] {
  if (!incremental.enabled) return [];
  const why = new Map<string, number>();
  for (const decision of incremental.decisions.values()) {
    const reason = decision.detail ? `${decision.reason}: ${decision.detail}` : decision.reason;
    why.set(reason, (why.get(reason) ?? 0) + 1);
  }
  return [
    '',
    `Incremental: ${incremental.skipped.length} table(s) skipped as unchanged, ${incremental.decisions.size} to profile`,
    ...(incremental.inactive ? [`  ${incremental.inactive}`] : []),
    ...[...why].map(([reason, n]) => `  profile ${n}: ${printable(reason)}`),
    ...incremental.skipped.map((s) => `  skip ${printable(tableKey(s))}: unchanged since run ${s.lastRunId}${s.lastProfiledAt ? ` (${s.lastProfiledAt.toISOString()})` : ''}`),
  ];
}

function renderPlan(plan: RunPlan): string {
  const { workers } = plan;
  const lines = [
    `Warehouse: ${plan.warehouse}`,
    `Workers: ${workers.workers} effective (requested ${workers.requested} by ${workers.requestedBy})`,
    ...workers.clamps.map((c) => `  clamp: ${describeClamp(c)}`),
    `Pool: ${workers.pool.size} connection(s), at most ${workers.pool.maxConcurrentStatements} statement(s) at once (${workers.pool.reason})`,
    `Describe batch size: ${plan.batchSize}; queue size: ${plan.queueSize}`,
    `Order: ${workers.workers > 1 ? 'longest expected first' : 'selection order (sequential run)'}`,
    '',
    textTable(
      ['#', 'table', 'type', 'expected'],
      plan.tables.map((t, i) => [
        String(i + 1),
        `${t.schema}.${t.table}`,
        t.type,
        t.expected === undefined ? '-' : t.expected.source === 'history' ? `${t.expected.seconds.toFixed(2)}s (last run)` : `${formatCount(t.expected.rows)} rows (catalog)`,
      ]),
      new Set([0]),
    ),
    '',
    `${plan.tables.length} table(s) selected`,
    ...plan.missing.map((m) => `missing: ${printable(tableKey(m))} is named in the config but not in the catalog`),
    ...plan.unmatched.map((entry) => `matched nothing: ${entry}`),
    ...renderIncremental(plan.incremental),
  ];
  return lines.join('\n');
}
