import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { CancelledError, reactionTo, type WarehouseSession } from '@baselinr/core';
import { quoteIdentifier } from './dialect.js';
import type { FakeJob } from './test-support/fake-bigquery/fake-job.js';
import { FakeBigQuery } from './test-support/fake-bigquery/server.js';
import { bigqueryEngine, bigquerySource, connect, engineConfig, eventually, tempDir } from './test-support/harness.js';
import { PG, adminClient, createTestDataset, type TestDataset } from './test-support/pg.js';

let admin: pg.Client;
let dataset: TestDataset;
let store: ReturnType<typeof tempDir>;
/** Answers jobs.query only when the job is done (up to 10 s): an abort arrives while jobs.query waits. */
let patient: FakeBigQuery;
/** Answers every request within 200 ms, so the adapter long-polls getQueryResults. */
let hasty: FakeBigQuery;
/** Holds every job in its queue for 30 s before running it. */
let queued: FakeBigQuery;

beforeAll(async () => {
  admin = await adminClient();
  dataset = await createTestDataset(admin, 'bq_cancel');
  store = tempDir();
  await admin.query(`CREATE VIEW ${dataset.q}.slow AS SELECT g AS id FROM generate_series(1, 3) g WHERE g > (SELECT 0 FROM pg_sleep(30))`);
  await admin.query(`CREATE TABLE ${dataset.q}.quick AS SELECT g AS id FROM generate_series(1, 3) g`);
  patient = await FakeBigQuery.start({ pg: PG });
  hasty = await FakeBigQuery.start({ pg: PG, maxWaitMs: 200 });
  queued = await FakeBigQuery.start({ pg: PG, queueDelayMs: 30_000 });
});

afterAll(async () => {
  await patient?.close();
  await hasty?.close();
  await queued?.close();
  await dataset?.drop();
  await admin?.end();
  store?.remove();
});

/** Whether PostgreSQL is executing the job's statement right now. */
async function runningOnServer(job: FakeJob): Promise<boolean> {
  const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND state = 'active'`, [`fakebq_${job.id}`]);
  return rows[0].n > 0;
}

function slowSql(fake: FakeBigQuery): string {
  return `SELECT COUNT(*) AS m0 FROM ${[fake.project, dataset.name, 'slow'].map(quoteIdentifier).join('.')}`;
}

/** Starts the slow statement and waits until PostgreSQL runs it; returns the job and the pending outcome. */
async function startSlow(fake: FakeBigQuery, session: WarehouseSession, controller: AbortController) {
  const before = new Set(fake.jobs.all());
  const outcome = session.execute(slowSql(fake), controller.signal).then(
    () => 'resolved',
    (err: unknown) => err,
  );
  let job: FakeJob | undefined;
  const running = await eventually(async () => {
    job ??= fake.jobs.all().find((j) => !before.has(j));
    return job !== undefined && (await runningOnServer(job));
  });
  expect(running).toBe(true);
  return { job: job!, outcome };
}

async function expectStoppedOnServer(fake: FakeBigQuery, job: FakeJob): Promise<void> {
  expect(fake.requests.some((r) => r.endpoint === 'jobs.cancel' && r.jobId === job.id)).toBe(true);
  expect(await eventually(() => job.state === 'DONE')).toBe(true);
  expect(job.error?.reason).toBe('stopped');
  expect(await eventually(async () => !(await runningOnServer(job)))).toBe(true);
}

describe('cancellation on the server', () => {
  it('cancels a job whose jobs.query call is still waiting, once the job id is known', async () => {
    const session = await connect(bigquerySource(patient, dataset.name), `cancel-${randomUUID()}`);
    const controller = new AbortController();
    const { job, outcome } = await startSlow(patient, session, controller);
    controller.abort();
    expect(await outcome).toBeInstanceOf(CancelledError);
    expect(patient.requests.some((r) => r.endpoint === 'jobs.getQueryResults' && r.jobId === job.id)).toBe(false);
    await expectStoppedOnServer(patient, job);
    expect(reactionTo(await outcome).retry).toBe(false);
  });

  it('cancels a job the adapter is long-polling', async () => {
    const session = await connect(bigquerySource(hasty, dataset.name), `cancel-${randomUUID()}`);
    const controller = new AbortController();
    const { job, outcome } = await startSlow(hasty, session, controller);
    expect(await eventually(() => hasty.requests.some((r) => r.endpoint === 'jobs.getQueryResults' && r.jobId === job.id))).toBe(true);
    controller.abort();
    expect(await outcome).toBeInstanceOf(CancelledError);
    await expectStoppedOnServer(hasty, job);
  });

  it("cancels a job still waiting in BigQuery's queue, before it runs", async () => {
    const session = await connect(bigquerySource(queued, dataset.name), `cancel-${randomUUID()}`);
    const controller = new AbortController();
    const outcome = session.execute(slowSql(queued), controller.signal).catch((err: unknown) => err);
    expect(await eventually(() => queued.jobs.all().some((j) => j.state === 'PENDING'))).toBe(true);
    const job = queued.jobs.all().find((j) => j.state === 'PENDING')!;
    controller.abort();
    expect(await outcome).toBeInstanceOf(CancelledError);
    expect(await eventually(() => job.state === 'DONE')).toBe(true);
    expect([job.error?.reason, job.startTime]).toEqual(['stopped', undefined]);
  });

  it('starts no job when the signal has already aborted', async () => {
    const session = await connect(bigquerySource(patient, dataset.name), `cancel-${randomUUID()}`);
    const jobs = patient.jobs.all().length;
    const controller = new AbortController();
    controller.abort();
    await expect(session.execute(slowSql(patient), controller.signal)).rejects.toBeInstanceOf(CancelledError);
    expect(patient.jobs.all()).toHaveLength(jobs);
  });

  it('an aborted run cancels its running jobs and ends as cancelled', async () => {
    const runId = `cancel-run-${randomUUID()}`;
    const controller = new AbortController();
    const config = engineConfig(
      { source: bigquerySource(hasty, dataset.name), profiling: { tables: [{ schema: dataset.name, select_schema: true }] }, execution: { max_workers: 2 } },
      store.path,
    );
    const running = bigqueryEngine(config, { runId, signal: controller.signal }).profile();
    const ofRun = () => hasty.jobs.all().filter((j) => j.spec.labels.baselinr_run_id === runId);
    let slow: FakeJob | undefined;
    expect(
      await eventually(async () => {
        slow ??= ofRun().find((j) => j.spec.query.includes('`slow`'));
        return slow !== undefined && (await runningOnServer(slow));
      }),
    ).toBe(true);
    controller.abort();
    const result = await running;
    expect(result.status).toBe('cancelled');
    expect(result.tables.find((t) => t.table === 'slow')?.status).toBe('cancelled');
    await expectStoppedOnServer(hasty, slow!);
    for (const job of ofRun()) expect(await eventually(async () => job.state === 'DONE' && !(await runningOnServer(job)))).toBe(true);
  });
});
