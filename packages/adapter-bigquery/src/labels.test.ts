import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { FakeBigQuery } from './test-support/fake-bigquery/server.js';
import { bigqueryEngine, bigquerySource, engineConfig, tempDir } from './test-support/harness.js';
import { PG, adminClient, createTestDataset, type TestDataset } from './test-support/pg.js';

let admin: pg.Client;
let dataset: TestDataset;
let store: ReturnType<typeof tempDir>;
let fake: FakeBigQuery | undefined;

beforeAll(async () => {
  admin = await adminClient();
  dataset = await createTestDataset(admin, 'bq_labels');
  store = tempDir();
  for (const name of ['a', 'b', 'c']) await admin.query(`CREATE TABLE ${dataset.q}.${name} AS SELECT g AS id FROM generate_series(1, 3) g`);
});

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

afterAll(async () => {
  await dataset?.drop();
  await admin?.end();
  store?.remove();
});

/** Profiles the dataset on a fake of its own, so every job the fake saw belongs to this run. */
async function run(runId: string | undefined, extra: Record<string, unknown> = {}) {
  fake = await FakeBigQuery.start({ pg: PG });
  const config = engineConfig({ source: bigquerySource(fake, dataset.name, extra), execution: { max_workers: 2 } }, store.path);
  const result = await bigqueryEngine(config, runId === undefined ? {} : { runId }).profile();
  return { result, jobs: fake.jobs.all() };
}

describe('job labels', () => {
  it('labels every job of a run, catalog queries included, with the run id', async () => {
    const { result, jobs } = await run(undefined, { labels: { team: 'data-eng', env: 'ci' } });
    expect(result.succeeded).toBe(3);
    // Small tables may share a job: each job once.
    const statementJobs = [...new Set(result.tables.flatMap((t) => t.statements.map((s) => s.queryId)))];
    expect(jobs.map((j) => j.id)).toEqual(expect.arrayContaining(statementJobs));
    expect(jobs.length).toBeGreaterThan(statementJobs.length); // catalog jobs too
    // A default run id (a UUID) is a valid label value as it is.
    for (const job of jobs) expect(job.spec.labels).toEqual({ team: 'data-eng', env: 'ci', baselinr_run_id: result.runId });
  });

  it('turns any run id into a label BigQuery accepts, the same on every job and distinct per run', async () => {
    const hostile = `Nightly Run #42 / ÄB ${randomUUID()} ${'x'.repeat(80)}`;
    const first = await run(hostile);
    const second = await run(`${hostile.slice(0, 20)} other ${randomUUID()}`);
    // The fake refuses labels BigQuery would refuse; every job of both runs was accepted and ran.
    for (const { result, jobs } of [first, second]) {
      expect(result.succeeded).toBe(3);
      expect(jobs.every((j) => j.error === undefined)).toBe(true);
      expect(new Set(jobs.map((j) => j.spec.labels.baselinr_run_id)).size).toBe(1);
    }
    const label = first.jobs[0]!.spec.labels.baselinr_run_id!;
    expect(label.length).toBeLessThanOrEqual(63);
    expect(label.startsWith('nightly_run__42')).toBe(true);
    expect(second.jobs[0]!.spec.labels.baselinr_run_id).not.toBe(label);
  });
});
