import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type pg from 'pg';
import type { BigQueryOptions } from '@google-cloud/bigquery';
import { FakeBigQuery } from './test-support/fake-bigquery/server.js';
import { eventually, sdkClient } from './test-support/harness.js';
import { PG, adminClient, createTestDataset, type TestDataset } from './test-support/pg.js';

/**
 * The fake answers the SDK's own high-level API too (jobs.insert, jobs.get, jobs.cancel, the
 * SDK's own row parsing), with and without the /bigquery/v2 prefix: evidence that it speaks
 * BigQuery's protocol rather than only what this adapter happens to send.
 */
let admin: pg.Client;
let dataset: TestDataset;
let fake: FakeBigQuery;

beforeAll(async () => {
  admin = await adminClient();
  dataset = await createTestDataset(admin, 'bq_fake');
  await admin.query(`CREATE TABLE ${dataset.q}.t (id bigint, name text, at timestamptz)`);
  await admin.query(`INSERT INTO ${dataset.q}.t VALUES (1, 'one', '2024-02-29 12:34:56.5+00'), (2, 'two', NULL)`);
  await admin.query(`CREATE VIEW ${dataset.q}.slow AS SELECT 1 AS id FROM (SELECT pg_sleep(30)) s`);
  fake = await FakeBigQuery.start({ pg: PG });
});

afterAll(async () => {
  await fake?.close();
  await dataset?.drop();
  await admin?.end();
});

const client = (options?: BigQueryOptions) => sdkClient(fake, options);

const table = (name: string) => `\`${fake.project}.${dataset.name}.${name}\``;

describe("the fake BigQuery server, driven by the SDK's own API", () => {
  it('answers BigQuery#query (jobs.query) with rows the SDK parses itself', async () => {
    const [rows] = await client().query({ query: `SELECT id, name, at FROM ${table('t')} WHERE id IN UNNEST(@ids) ORDER BY id`, params: { ids: [1, 2] } });
    expect(rows.map((r: { id: number; name: string; at: { value: string } | null }) => [r.id, r.name, r.at?.value ?? null])).toEqual([
      [1, 'one', '2024-02-29T12:34:56.500Z'],
      [2, 'two', null],
    ]);
  });

  it('runs a job created with jobs.insert, reports it with jobs.get and refuses a duplicate id', async () => {
    const jobId = `insert_${randomUUID().replaceAll('-', '_')}`;
    const [job] = await client().createQueryJob({ query: `SELECT COUNT(*) AS n FROM ${table('t')}`, jobId, labels: { via: 'insert' } });
    const [rows] = await job.getQueryResults();
    expect(rows).toEqual([{ n: 2 }]);
    const [metadata] = await job.getMetadata();
    expect(metadata).toMatchObject({ status: { state: 'DONE' }, configuration: { labels: { via: 'insert' } }, jobReference: { jobId } });
    expect(Number(metadata.statistics.totalBytesProcessed)).toBeGreaterThan(0);
    const duplicate: unknown = await client()
      .createQueryJob({ query: 'SELECT 1', jobId })
      .catch((e: unknown) => e);
    expect(duplicate).toMatchObject({ code: 409 });
  });

  it('cancels a running job with jobs.cancel, stopping its statement', async () => {
    const [job] = await client().createQueryJob({ query: `SELECT COUNT(*) AS n FROM ${table('slow')}`, jobId: `slow_${randomUUID().replaceAll('-', '_')}` });
    const fakeJob = fake.jobs.get(job.id!)!;
    expect(await eventually(() => fakeJob.state === 'RUNNING')).toBe(true);
    await job.cancel();
    expect(await eventually(() => fakeJob.state === 'DONE')).toBe(true);
    const [metadata] = await job.getMetadata();
    expect(metadata.status.errorResult).toMatchObject({ reason: 'stopped' });
    const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND state = 'active'`, [`fakebq_${fakeJob.id}`]);
    expect(rows[0].n).toBe(0);
  });

  it('serves paths with the /bigquery/v2 prefix (apiEndpoint) and without it (BIGQUERY_EMULATOR_HOST)', async () => {
    const before = fake.requests.length;
    await client().query('SELECT 1 AS one');
    vi.stubEnv('BIGQUERY_EMULATOR_HOST', fake.url);
    try {
      await client({}).query('SELECT 1 AS one');
    } finally {
      vi.unstubAllEnvs();
    }
    const seen = fake.requests.slice(before).filter((r) => r.endpoint === 'jobs.query');
    expect(seen.map((r) => r.prefixed)).toEqual([true, false]);
  });
});
