import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import { tableKey, type BaselinrConfig, type RunPlan } from '@baselinr/core';
import { bossDb, type QueueConnection } from './queue-connection.js';
import { jobRetryOptions, sourceIdentity, type TableJob } from './queue-mode.js';
import type { EnqueuedTable } from './run-tracker.js';

/**
 * Records a run and enqueues one job per table of its plan, all in one transaction: a run is
 * either enqueued whole or not at all. Tables missing from the catalog are enqueued too, so a
 * worker records them as failed like a local run does. Tables incremental profiling skips are
 * not enqueued; each job carries its table's decision. Returns the tables in queue order.
 */
export async function enqueueRun(queue: QueueConnection, config: BaselinrConfig, runId: string, plan: RunPlan): Promise<EnqueuedTable[]> {
  const refs = [...plan.tables, ...plan.missing];
  // pg-boss takes higher priorities first: the plan's order (longest expected first) survives.
  const tables: EnqueuedTable[] = refs.map((ref, i) => ({ schema: ref.schema, table: ref.table, jobId: randomUUID(), priority: refs.length - i }));
  const source = sourceIdentity(config);
  const retry = jobRetryOptions(config);
  const jobs: PgBoss.JobInsert<TableJob>[] = tables.map((t) => ({
    id: t.jobId,
    name: queue.names.jobs,
    data: { runId, schema: t.schema, table: t.table, source, incremental: plan.incremental.decisions.get(tableKey(t)) },
    priority: t.priority,
    deadLetter: queue.names.deadLetter,
    ...retry,
  }));
  await queue.driver.transaction(async (query) => {
    await queue.tracker.record(query, { runId, queue: queue.names.jobs, source }, tables);
    await queue.boss.insert(jobs, { db: bossDb(query) });
  });
  return tables;
}
