import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { ConfigError } from '@baselinr/core';
import { FakeBigQuery } from './test-support/fake-bigquery/server.js';
import { bigqueryEngine, bigquerySource, connect, engineConfig, tempDir } from './test-support/harness.js';
import { PG, adminClient, createTestDataset, type TestDataset } from './test-support/pg.js';

/** Two ways a run selects nothing for a reason in its config: a wrong location, a byte cap below the catalog's bill. */
let admin: pg.Client;
let dataset: TestDataset;
let store: ReturnType<typeof tempDir>;
/** The dataset lives in EU, jobs default to US. */
let fake: FakeBigQuery;

beforeAll(async () => {
  admin = await adminClient();
  dataset = await createTestDataset(admin, 'bq_location');
  store = tempDir();
  await admin.query(`CREATE TABLE ${dataset.q}.t AS SELECT g AS id FROM generate_series(1, 3) g`);
  fake = await FakeBigQuery.start({ pg: PG, datasetLocations: { [dataset.name]: 'EU' } });
});

afterAll(async () => {
  await fake?.close();
  await dataset?.drop();
  await admin?.end();
  store?.remove();
});

const profile = (extra: Record<string, unknown>) =>
  bigqueryEngine(engineConfig({ source: bigquerySource(fake, dataset.name, extra), profiling: { tables: [{ schema: dataset.name, table: 't' }] } }, store.path), {
    runId: `location-${randomUUID()}`,
  }).profile();

describe('a dataset in another location than extra_params.location', () => {
  it('is a config error naming the location to set, not a dataset with no tables', async () => {
    const err: unknown = await profile({ location: 'US' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(
      new RegExp(`^source\\.extra_params\\.location: dataset ${fake.project}:${dataset.name} is in location EU, but jobs run in US.*set extra_params\\.location: EU`),
    );
  });

  it('is profiled once the location is right', async () => {
    const result = await profile({ location: 'EU' });
    expect(result.tables.map((t) => [t.table, t.status])).toEqual([['t', 'succeeded']]);
  });

  it('a dataset that exists nowhere still has no tables', async () => {
    const session = await connect(bigquerySource(fake, dataset.name, { location: 'EU' }), `location-${randomUUID()}`);
    expect(await session.listTables({ schemas: [`missing_${randomUUID().slice(0, 8)}`] })).toEqual([]);
  });
});

describe('a maximum_bytes_billed below what the catalog queries bill', () => {
  it('is a config error with the figure BigQuery asks for (10 MiB per table or view referenced)', async () => {
    const err: unknown = await profile({ location: 'EU', maximum_bytes_billed: 15 * 1024 * 1024 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/^source\.extra_params\.maximum_bytes_billed: 15728640 bytes is below .*raise it to at least 20971520$/);
  });

  it('is enough at three times the minimum: describing a table references three views (COLUMNS, __TABLES__, TABLE_OPTIONS)', async () => {
    const twice = await profile({ location: 'EU', maximum_bytes_billed: 20 * 1024 * 1024 });
    expect(twice.tables.map((t) => t.error?.message)).toEqual([expect.stringMatching(/maximum_bytes_billed: 20971520 bytes is below .*raise it to at least 31457280$/)]);
    const result = await profile({ location: 'EU', maximum_bytes_billed: 30 * 1024 * 1024 });
    expect(result.tables.map((t) => [t.status, t.error?.message])).toEqual([['succeeded', undefined]]);
  });
});
