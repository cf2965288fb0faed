import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openResultsStore, validateConfig, type BaselinrConfig, type SqlDriver } from '@baselinr/core';
import postgres from '@baselinr/adapter-postgres';
import { PG, pgScratch, type PgScratch } from '../../../../tests/pg-support.js';
import { createSlowViews } from '../../../../tests/slow-views.js';
import { Logger } from '../logger.js';
import { sourceIdentity, type TableJob } from './queue-mode.js';
import { RunTracker } from './run-tracker.js';
import { profileTableJob, recordGaveUp, type TableJobContext } from './table-job.js';
import { WorkerProfiling } from './worker-profiling.js';

const RUN_ID = 'run-under-test';

let scratch: PgScratch;
let driver: SqlDriver;
let profilings: Map<string, WorkerProfiling>;
let config: BaselinrConfig;
let views: string[];
let logs: string[];

function context(worker: string): TableJobContext {
  const profiling = profilings.get(worker)!;
  return { config, tracker: new RunTracker(driver, 'baselinr_runs'), profiling, worker, logger: new Logger((line) => logs.push(`${worker}: ${line}`)) };
}

const job = (table: string, source = sourceIdentity(config)): TableJob => ({ runId: RUN_ID, schema: scratch.schema, table, source });

async function storedRows(): Promise<Array<{ dataset_name: string; status: string; error_message: string | null }>> {
  const { rows } = await scratch.sql(`SELECT dataset_name, status, error_message FROM "${scratch.schema}".baselinr_runs WHERE run_id = $1 ORDER BY dataset_name`, [RUN_ID]);
  return rows as Array<{ dataset_name: string; status: string; error_message: string | null }>;
}

beforeEach(async () => {
  scratch = await pgScratch('tablejob');
  views = await createSlowViews(scratch, 2, 0.3);
  const connection = { type: 'postgres', host: PG.host, port: PG.port, database: PG.database, username: PG.user, schema: scratch.schema };
  config = validateConfig({ source: connection, storage: { connection }, profiling: { tables: [{ schema: scratch.schema, pattern: 'v_*' }] } });
  await (await openResultsStore(config, { adapters: { postgres } })).close();
  driver = await postgres.openSqlDriver!(config.storage.connection, { purpose: 'table-job test', connections: 2, configPath: 'storage.connection' });
  profilings = new Map();
  for (const label of ['a:1', 'b:2']) profilings.set(label, await WorkerProfiling.open(config, { workers: 2, label }));
  const tracker = new RunTracker(driver, 'baselinr_runs');
  await tracker.ensureTables();
  const tables = views.map((table, i) => ({ schema: scratch.schema, table, jobId: `00000000-0000-4000-8000-00000000000${i}`, priority: views.length - i }));
  await tracker.record(driver.query, { runId: RUN_ID, queue: 'test', source: sourceIdentity(config) }, tables);
  logs = [];
});
afterEach(async () => {
  await Promise.all([...profilings.values()].map((p) => p.close()));
  await driver.close();
  await scratch.drop();
});

describe('a table job on a queue worker', () => {
  it('two workers profiling the same table at once store it once; the refused copy is not a failure', async () => {
    await Promise.all([profileTableJob(job(views[0]!), 1, context('a:1')), profileTableJob(job(views[0]!), 2, context('b:2'))]);
    expect(await storedRows()).toEqual([{ dataset_name: views[0], status: 'completed', error_message: null }]);
    const { rows } = await scratch.sql(`SELECT column_name, metric_name FROM "${scratch.schema}".baselinr_results WHERE run_id = $1 GROUP BY 1, 2 HAVING count(*) > 1`, [RUN_ID]);
    expect(rows).toEqual([]);
    // Both checked before either stored, so both profiled and the key refused the second copy.
    expect(logs.filter((l) => l.includes('stored by another worker first; this copy was refused'))).toHaveLength(1);
  });

  it('a table already stored for the run is not profiled again, and the last table completes the run', async () => {
    const tracker = new RunTracker(driver, 'baselinr_runs');
    await profileTableJob(job(views[0]!), 1, context('a:1'));
    expect((await tracker.run(RUN_ID))!.completedAt).toBeNull();
    await profileTableJob(job(views[0]!), 2, context('b:2'));
    expect((await tracker.tablesOf(RUN_ID)).find((t) => t.table === views[0])).toMatchObject({ attempts: 1, worker: 'a:1', status: 'succeeded' });
    expect(logs.some((l) => l.startsWith('b:2') && l.includes('already stored (succeeded)'))).toBe(true);
    await profileTableJob(job(views[1]!), 1, context('b:2'));
    expect((await tracker.run(RUN_ID))!.completedAt).toBeInstanceOf(Date);
  });

  it('a job the queue gave up on still gives its table a final state', async () => {
    await profileTableJob(job(views[0]!), 1, context('a:1'));
    await recordGaveUp(job(views[1]!), 3, 'job failed by timeout in active state', context('a:1'));
    expect(await storedRows()).toEqual([
      { dataset_name: views[0], status: 'completed', error_message: null },
      { dataset_name: views[1], status: 'failed', error_message: 'the queue gave up after 3 attempt(s): job failed by timeout in active state' },
    ]);
    expect((await new RunTracker(driver, 'baselinr_runs').run(RUN_ID))!.completedAt).toBeInstanceOf(Date);
    // A stored table keeps its row.
    await recordGaveUp(job(views[0]!), 3, 'late', context('a:1'));
    expect((await storedRows())[0]!.status).toBe('completed');
  });

  it('refuses a job enqueued for another warehouse', async () => {
    await expect(profileTableJob(job(views[0]!, 'postgres:elsewhere:5432/other'), 1, context('a:1'))).rejects.toThrow(/enqueued for postgres:elsewhere:5432\/other/);
    expect(await storedRows()).toEqual([]);
  });
});
