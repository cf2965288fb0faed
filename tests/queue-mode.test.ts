import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivitySampler } from './pg-activity.js';
import { CliProcesses } from './cli-processes.js';
import { PG, pgScratch, type PgScratch } from './pg-support.js';
import { createSlowViews } from './slow-views.js';
import { writeAndFlushStatistics } from '@baselinr/adapter-testkit';

const VIEWS = 10;
const WORKERS = 3;
const SLOTS = 4;
/** Short expiry and maintenance so a dead worker's job is retried within seconds. */
const JOB_EXPIRE_SECONDS = 8;
/** The bounds docs/orchestration.md states per process: the limiter's and the queue client's connections. */
const LEASE_CONNECTION_BOUND = 2;
const QUEUE_CONNECTION_BOUND = 2;

let scratch: PgScratch;
let processes: CliProcesses;

beforeEach(async () => {
  scratch = await pgScratch('queue');
  processes = new CliProcesses(170_000);
});
afterEach(async () => {
  await processes.killAll();
  await scratch.sql(`DROP SCHEMA IF EXISTS ${queueSchema()} CASCADE`);
  await scratch.drop();
});

/** pg-boss's schema: a plain lower-case name, dropped with the test. */
const queueSchema = () => `${scratch.schema}_q`;

function writeConfig(overrides: Record<string, unknown> = {}): string {
  const connection = { type: 'postgres', host: PG.host, port: PG.port, database: PG.database, username: PG.user, schema: scratch.schema };
  const config = {
    source: connection,
    storage: { connection },
    profiling: { tables: [{ schema: scratch.schema, pattern: 'v_*' }] },
    execution: { max_workers: 2 },
    coordination: { slots: SLOTS, lease_ttl_seconds: 3 },
    queue: { schema: queueSchema(), job_expire_seconds: JOB_EXPIRE_SECONDS, maintenance_interval_seconds: 1, polling_interval_seconds: 0.5 },
    retry: { retries: 2, backoff_strategy: 'fixed', min_backoff: 0, max_backoff: 0.1 },
    ...overrides,
  };
  const file = join(scratch.dir, 'config.yml');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

const q = () => `"${scratch.schema}"`;

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await scratch.sql(sql, params)).rows as T[];
}

/** Tables of the run the worker `pid` has taken and the store has no row for yet. */
async function inFlightOn(runId: string, pid: number): Promise<string[]> {
  const found = await rows<{ dataset_name: string }>(
    `SELECT t.dataset_name FROM ${q()}.baselinr_queue_tables t WHERE t.run_id = $1 AND t.worker LIKE $2 AND NOT EXISTS (` +
      `SELECT 1 FROM ${q()}.baselinr_runs r WHERE r.run_id = t.run_id AND r.schema_name = t.schema_name AND r.dataset_name = t.dataset_name)`,
    [runId, `%:${pid}`],
  );
  return found.map((r) => r.dataset_name);
}

describe('queue mode on pg-boss', () => {
  it('three workers, one killed mid-table: every table stored exactly once, the run completes, no job lost', { timeout: 200_000 }, async () => {
    const views = await createSlowViews(scratch, VIEWS, 0.5);
    const config = writeConfig();
    const enqueue = processes.start('profile', '--enqueue', '--config', config, '--json');
    expect(await enqueue.exited(60_000), enqueue.stderr()).toBe(0);
    const { runId, tables } = JSON.parse(enqueue.stdout()) as { runId: string; tables: Array<{ table: string; jobId: string }> };
    expect(tables.map((t) => t.table).sort()).toEqual(views);

    const sampler = new ActivitySampler(`${q()}.`);
    await sampler.start();
    const workers = Array.from({ length: WORKERS }, () => processes.start('worker', '--config', config));
    const victim = workers[0]!;
    let killedTables: string[] = [];
    const deadline = performance.now() + 90_000;
    while (killedTables.length === 0) {
      if (performance.now() > deadline) throw new Error(`the worker never took a table:\n${victim.stderr()}`);
      await sleep(50);
      killedTables = await inFlightOn(runId, victim.pid);
    }
    victim.child.kill('SIGKILL');
    const killedAt = performance.now();
    await victim.exited(10_000);
    // What it had in hand when it died (nobody retakes a job before it expires).
    killedTables = await inFlightOn(runId, victim.pid);
    expect(killedTables.length).toBeGreaterThan(0);

    let completed = false;
    while (!completed && performance.now() - killedAt < 120_000) {
      await sleep(250);
      completed = (await rows(`SELECT 1 FROM ${q()}.baselinr_queue_runs WHERE run_id = $1 AND completed_at IS NOT NULL`, [runId])).length === 1;
    }
    const recoveredMs = performance.now() - killedAt;
    const peaks = await sampler.stop();
    const status = processes.start('queue', 'status', runId, '--config', config, '--json');
    expect(await status.exited(30_000), status.stderr()).toBe(0);
    const report = JSON.parse(status.stdout()) as { complete: boolean; counts: Record<string, number>; tables: Array<{ table: string; attempts: number; worker: string }> };
    console.info(
      `queue: killed a worker mid-table (${killedTables.join(', ')}); the run completed ${Math.round(recoveredMs)} ms later ` +
        `(job expiry ${JOB_EXPIRE_SECONDS}s); peak ${peaks.profiling} statements at once; per process: ${peaks.leaseConnections} limiter, ${peaks.queueConnections} queue connections`,
    );

    expect(completed).toBe(true);
    expect(report.complete).toBe(true);
    expect(report.counts).toMatchObject({ succeeded: VIEWS, failed: 0, running: 0, queued: 0 });
    // Exactly once: one run row per table, and no metric stored twice.
    const stored = await rows<{ dataset_name: string; status: string }>(`SELECT dataset_name, status FROM ${q()}.baselinr_runs WHERE run_id = $1 ORDER BY dataset_name`, [runId]);
    expect(stored).toEqual(views.map((dataset_name) => ({ dataset_name, status: 'completed' })));
    const duplicates = await rows(`SELECT dataset_name, column_name, metric_name FROM ${q()}.baselinr_results WHERE run_id = $1 GROUP BY 1, 2, 3 HAVING count(*) > 1`, [runId]);
    expect(duplicates).toEqual([]);
    const withResults = await rows(`SELECT DISTINCT dataset_name FROM ${q()}.baselinr_results WHERE run_id = $1`, [runId]);
    expect(withResults).toHaveLength(VIEWS);
    // The run's summary covers all its tables and the workers that stored them (each job used to rewrite it as 1 table, 1 worker).
    const summaryOf = () =>
      rows<{ table_count: number; status: string; effective_workers: number; finished_at: Date | null }>(
        `SELECT table_count, status, effective_workers, finished_at FROM ${q()}.baselinr_run_summaries WHERE run_id = $1`,
        [runId],
      );
    let summaries = await summaryOf();
    for (let i = 0; i < 100 && summaries[0]?.status === 'running'; i++) summaries = await sleep(100).then(summaryOf);
    expect(summaries).toEqual([{ table_count: VIEWS, status: 'succeeded', effective_workers: new Set(report.tables.map((t) => t.worker)).size, finished_at: expect.any(Date) }]);
    // The killed worker's tables were retried elsewhere.
    for (const table of killedTables) {
      const row = report.tables.find((t) => t.table === table)!;
      expect(row.attempts).toBeGreaterThanOrEqual(2);
      expect(row.worker).not.toMatch(new RegExp(`:${victim.pid}$`));
    }
    // No job lost: every job of the run completed, none gave up.
    const jobs = await rows<{ state: string; n: number }>(`SELECT state::text, count(*)::int AS n FROM ${queueSchema()}.job WHERE id = ANY($1::uuid[]) GROUP BY state`, [
      tables.map((t) => t.jobId),
    ]);
    expect(jobs).toEqual([{ state: 'completed', n: VIEWS }]);
    expect(await rows(`SELECT id FROM ${queueSchema()}.job WHERE name = 'baselinr-profile-gave-up'`)).toEqual([]);
    expect(peaks.profiling).toBeLessThanOrEqual(SLOTS);
    expect(peaks.leaseConnections).toBeLessThanOrEqual(LEASE_CONNECTION_BOUND);
    expect(peaks.queueConnections).toBeGreaterThan(0);
    expect(peaks.queueConnections).toBeLessThanOrEqual(QUEUE_CONNECTION_BOUND);

    // The survivors stop cleanly when asked.
    for (const worker of workers.slice(1)) worker.child.kill('SIGTERM');
    for (const worker of workers.slice(1)) expect(await worker.exited(30_000)).toBe(0);
  });

  it('incremental: workers record change tokens, so a later run skips what they profiled; enqueueing skips unchanged tables', { timeout: 150_000 }, async () => {
    const tables = ['t_a', 't_b', 't_c'];
    // One connection for the writes and the flush, so the change signals read next already count them.
    const writer = await scratch.admin.connect();
    try {
      for (const t of tables) await writer.query(`CREATE TABLE ${q()}.${t} AS SELECT g AS id, g * 2 AS v FROM generate_series(1, 50) g`);
      await writer.query('SELECT pg_stat_force_next_flush()');
    } finally {
      writer.release();
    }
    const config = writeConfig({ profiling: { tables: [{ schema: scratch.schema, pattern: 't_*' }] }, incremental: { enabled: true } });
    type Enqueued = { runId: string; tables: Array<{ table: string }>; skipped: Array<{ table: string; reason: string; lastRunId: string }> };
    const enqueue = async (): Promise<Enqueued> => {
      const run = processes.start('profile', '--enqueue', '--config', config, '--json');
      expect(await run.exited(60_000), run.stderr()).toBe(0);
      return JSON.parse(run.stdout()) as Enqueued;
    };
    const completed = async (runId: string) => {
      for (let i = 0; i < 600; i++) {
        if ((await rows(`SELECT 1 FROM ${q()}.baselinr_queue_runs WHERE run_id = $1 AND completed_at IS NOT NULL`, [runId])).length === 1) return true;
        await sleep(100);
      }
      return false;
    };
    type State = { table_name: string; last_run_id: string; snapshot_id: string | null; decision: string; decision_reason: string; skipped_by: string | null };
    const states = () =>
      rows<State>(
        `SELECT table_name, last_run_id, snapshot_id, decision, decision_reason, metadata::json->>'skipped_by' AS skipped_by FROM ${q()}.baselinr_table_state ORDER BY table_name`,
      );

    const first = await enqueue();
    expect(first.tables.map((t) => t.table).sort()).toEqual(tables);
    expect(first.skipped).toEqual([]);
    const worker = processes.start('worker', '--config', config);
    expect(await completed(first.runId), worker.stderr()).toBe(true);
    const recorded = await states();
    expect(recorded.map((s) => [s.table_name, s.last_run_id, s.decision, s.decision_reason])).toEqual(tables.map((t) => [t, first.runId, 'full', 'no_previous_state']));
    expect(recorded.every((s) => s.snapshot_id !== null)).toBe(true);

    // A local incremental run after the workers: nothing changed, nothing profiled.
    const local = processes.start('profile', '--config', config, '--json');
    expect(await local.exited(60_000), local.stderr()).toBe(0);
    expect((JSON.parse(local.stdout()) as { summary: object }).summary).toEqual({ succeeded: 0, failed: 0, cancelled: 0, skipped: 3 });

    // One table written: only it is enqueued, the others are skipped at enqueue time.
    const client = await scratch.admin.connect();
    try {
      await writeAndFlushStatistics(client, `INSERT INTO ${q()}.t_b VALUES (51, 102)`);
    } finally {
      client.release();
    }
    const third = await enqueue();
    expect(third.tables.map((t) => t.table)).toEqual(['t_b']);
    expect(third.skipped.map((s) => [s.table, s.reason, s.lastRunId])).toEqual([
      ['t_a', 'snapshot_match', first.runId],
      ['t_c', 'snapshot_match', first.runId],
    ]);
    expect(await completed(third.runId), worker.stderr()).toBe(true);
    expect((await states()).map((s) => [s.table_name, s.last_run_id, s.decision, s.decision_reason, s.skipped_by])).toEqual([
      ['t_a', first.runId, 'skip', 'snapshot_match', third.runId],
      ['t_b', third.runId, 'full', 'change_detected', null],
      ['t_c', first.runId, 'skip', 'snapshot_match', third.runId],
    ]);
    expect(await rows(`SELECT dataset_name, status FROM ${q()}.baselinr_runs WHERE run_id = $1`, [third.runId])).toEqual([{ dataset_name: 't_b', status: 'completed' }]);

    // Nothing changed: nothing enqueued, and the run is complete as enqueued.
    const fourth = await enqueue();
    expect(fourth.tables).toEqual([]);
    expect(fourth.skipped).toHaveLength(3);
    const status = processes.start('queue', 'status', fourth.runId, '--config', config, '--json');
    expect(await status.exited(30_000), status.stderr()).toBe(0);
    expect(JSON.parse(status.stdout())).toMatchObject({ complete: true });
    expect(await rows(`SELECT status FROM ${q()}.baselinr_run_summaries WHERE run_id = $1`, [fourth.runId])).toEqual([{ status: 'succeeded' }]);

    worker.child.kill('SIGTERM');
    expect(await worker.exited(30_000)).toBe(0);
  });

  it('an unknown run id, and --enqueue with --detect-drift, are usage errors (exit 2)', { timeout: 60_000 }, async () => {
    const config = writeConfig();
    const status = processes.start('queue', 'status', 'no-such-run', '--config', config);
    expect(await status.exited(30_000)).toBe(2);
    expect(status.stderr()).toMatch(/run no-such-run: no enqueued run with that id/);
    const enqueue = processes.start('profile', '--enqueue', '--detect-drift', '--config', config);
    expect(await enqueue.exited(30_000)).toBe(2);
    expect(enqueue.stderr()).toMatch(/--detect-drift cannot be combined with --enqueue/);
  });

  it('a results store outside PostgreSQL is a clear config error (exit 2)', async () => {
    const file = join(scratch.dir, 'sqlite.yml');
    writeFileSync(
      file,
      JSON.stringify({ source: { type: 'sqlite', filepath: join(scratch.dir, 'w.db') }, storage: { connection: { type: 'sqlite', filepath: join(scratch.dir, 'r.db') } } }),
    );
    const worker = processes.start('worker', '--config', file);
    expect(await worker.exited(30_000)).toBe(2);
    expect(worker.stderr()).toMatch(/queue mode .* needs PostgreSQL/);
  });
});
