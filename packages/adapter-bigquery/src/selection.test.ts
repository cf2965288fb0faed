import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ConfigError, type BaselinrConfigInput } from '@baselinr/core';
import { FakeBigQuery } from './test-support/fake-bigquery/server.js';
import { bigqueryEngine, bigquerySource, connect, engineConfig, sdkClient, tempDir } from './test-support/harness.js';
import { PG, adminClient, pgQuote } from './test-support/pg.js';

/**
 * Baselinr's selection keys on BigQuery: `select_all_schemas` and `schema_pattern` over the datasets
 * datasets.list gives, and `tags` / `tags_any` over table labels set with tables.patch, all through
 * the real SDK. The fake serves a PostgreSQL database of its own, so the project's datasets are
 * exactly the ones made here: sales, marketing and public (the database's own schema) in US,
 * sales_eu in EU, and the hidden _staging.
 */
const DATABASE = `bq_select_${process.pid}_${randomUUID().slice(0, 8)}`;
const DATASETS = ['sales', 'marketing', 'sales_eu', '_staging'];
const US_DATASETS = ['marketing', 'public', 'sales'];

let admin: pg.Client;
let fake: FakeBigQuery;
let store: ReturnType<typeof tempDir>;

/** tables.patch through the SDK, as a user's script labels a table; answers the table's labels. */
const setLabels = async (dataset: string, table: string, labels: Record<string, string | null>) => {
  // A null value removes a label (tables.patch merges maps); the SDK's type admits strings only.
  const response = await sdkClient(fake)
    .dataset(dataset)
    .table(table)
    .setMetadata({ labels: labels as Record<string, string> });
  const [metadata] = response as unknown as [{ labels?: Record<string, string> }];
  return metadata.labels;
};

beforeAll(async () => {
  admin = await adminClient();
  await admin.query(`CREATE DATABASE ${pgQuote(DATABASE)}`);
  const own = new pg.Client({ ...PG, database: DATABASE });
  await own.connect();
  try {
    for (const dataset of DATASETS) await own.query(`CREATE SCHEMA ${pgQuote(dataset)}`);
    await own.query(`CREATE TABLE sales.orders AS SELECT g AS id, g * 2 AS amount FROM generate_series(1, 5) g`);
    await own.query(`CREATE TABLE sales.customers (id integer)`);
    await own.query(`CREATE VIEW sales.v_orders AS SELECT id FROM sales.orders`);
    await own.query(`CREATE TABLE marketing.campaigns AS SELECT g AS id FROM generate_series(1, 3) g`);
    await own.query(`CREATE TABLE sales_eu.orders (id integer)`);
    await own.query(`CREATE TABLE _staging.raw (id integer)`);
  } finally {
    await own.end();
  }
  // Two datasets a page, so listing them follows datasets.list's page tokens.
  fake = await FakeBigQuery.start({ pg: { ...PG, database: DATABASE }, datasetLocations: { sales_eu: 'EU' }, maxPageRows: 2 });
  await setLabels('sales', 'orders', { env: 'prod', pii: '' });
  await setLabels('sales', 'customers', { env: 'dev' });
  await setLabels('sales', 'v_orders', { pii: '' });
  await setLabels('marketing', 'campaigns', { env: 'prod', team: 'growth', old: 'x' });
  await setLabels('sales_eu', 'orders', { pii: '' });
  store = tempDir();
});

afterAll(async () => {
  await fake?.close();
  await admin?.query(`DROP DATABASE IF EXISTS ${pgQuote(DATABASE)} WITH (FORCE)`);
  await admin?.end();
  store?.remove();
});

type TableEntryInput = NonNullable<NonNullable<BaselinrConfigInput['profiling']>['tables']>[number];

const config = (tables: TableEntryInput[], extra: Record<string, unknown> = { location: 'US' }) =>
  engineConfig({ source: bigquerySource(fake, 'sales', extra), profiling: { tables } }, store.path);

const planned = async (tables: TableEntryInput[]) => (await bigqueryEngine(config(tables)).plan()).tables.map((t) => `${t.schema}.${t.table}`).sort();

/** Jobs that read labels (TABLE_OPTIONS' labels option), of one run. */
const labelJobs = (runId: string) => fake.jobs.all().filter((j) => j.spec.labels.baselinr_run_id === runId && j.spec.query.includes("o.option_name = 'labels'"));

describe('the fake keeps table labels as BigQuery does', () => {
  it('merges a tables.patch into the labels, a null value removing one, and serves them in TABLE_OPTIONS', async () => {
    expect(await setLabels('marketing', 'campaigns', { old: null })).toEqual({ env: 'prod', team: 'growth' });
    const [rows] = await sdkClient(fake).query({
      query: `SELECT table_name, option_type, option_value FROM \`${fake.project}\`.marketing.INFORMATION_SCHEMA.TABLE_OPTIONS WHERE option_name = 'labels'`,
      location: 'US',
    });
    expect(rows).toEqual([{ table_name: 'campaigns', option_type: 'ARRAY<STRUCT<STRING, STRING>>', option_value: '[STRUCT("env", "prod"), STRUCT("team", "growth")]' }]);
  });

  it('refuses what BigQuery refuses: labels breaking its rules, and tables that do not exist', async () => {
    await expect(setLabels('sales', 'orders', { Env: 'prod' })).rejects.toMatchObject({ code: 400, message: expect.stringMatching(/Invalid label: Env=prod/) });
    await expect(setLabels('sales', 'orders', { env: 'Prod' })).rejects.toMatchObject({ code: 400 });
    await expect(setLabels('sales', 'missing', { env: 'prod' })).rejects.toMatchObject({ code: 404, message: `Not found: Table ${fake.project}:sales.missing` });
  });
});

describe('listing datasets (select_all_schemas, schema_pattern)', () => {
  it("lists the project's datasets in the run's location, hidden ones left out, across pages of datasets.list", async () => {
    const before = fake.requests.filter((r) => r.endpoint === 'datasets.list').length;
    const session = await connect(bigquerySource(fake, 'sales', { location: 'US' }), `list-${randomUUID()}`);
    expect(await session.listSchemas!()).toEqual(US_DATASETS);
    expect(fake.requests.filter((r) => r.endpoint === 'datasets.list').length - before).toBe(2);
    const eu = await connect(bigquerySource(fake, 'sales_eu', { location: 'eu' }), `list-${randomUUID()}`);
    expect(await eu.listSchemas!()).toEqual(['sales_eu']);
  });

  it("takes the default dataset's location when extra_params.location is unset, and refuses to guess between several", async () => {
    const session = await connect(bigquerySource(fake, 'sales_eu'), `list-${randomUUID()}`);
    expect(await session.listSchemas!()).toEqual(['sales_eu']);
    const unplaced = await connect(bigquerySource(fake, ''), `list-${randomUUID()}`);
    const error: unknown = await unplaced.listSchemas!().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('are in several locations (EU: sales_eu; US: marketing, public, sales)');
    expect((error as Error).message).toContain('set extra_params.location');
  });

  it('selects every dataset of the location, or those matching schema_pattern', async () => {
    expect(await planned([{ select_all_schemas: true }])).toEqual(['marketing.campaigns', 'sales.customers', 'sales.orders', 'sales.v_orders']);
    // sales_eu matches the pattern but is in EU: not listed for a US run.
    expect(await planned([{ schema_pattern: 'sales*', select_schema: true }])).toEqual(['sales.customers', 'sales.orders', 'sales.v_orders']);
    expect(await planned([{ schema_pattern: '^(sales|marketing)$', pattern_type: 'regex', pattern: '^[a-z]+s$' }])).toEqual([
      'marketing.campaigns',
      'sales.customers',
      'sales.orders',
    ]);
  });
});

describe('selecting by labels (tags, tags_any)', () => {
  it("matches `key:value` and a value-less label's key, all of `tags` and any of `tags_any`", async () => {
    expect(await planned([{ select_all_schemas: true, tags: ['pii'] }])).toEqual(['sales.orders', 'sales.v_orders']);
    expect(await planned([{ select_all_schemas: true, tags: ['pii', 'env:prod'] }])).toEqual(['sales.orders']);
    expect(await planned([{ select_all_schemas: true, tags_any: ['env:dev', 'team:growth'] }])).toEqual(['marketing.campaigns', 'sales.customers']);
    // A labelled key is not a tag by itself when the label has a value.
    await expect(planned([{ schema: 'sales', select_schema: true, tags: ['env'] }])).rejects.toThrow(
      /all 3 matching table\(s\) are excluded by exclude_patterns, table_types, tags/,
    );
  });

  it('profiles the tables the labels select, reading labels in the listing query only when the config selects by tags', async () => {
    const tagged = `tagged-${randomUUID()}`;
    const run = await bigqueryEngine(config([{ schema_pattern: 's*', select_schema: true, tags: ['env:prod'] }]), { runId: tagged }).profile();
    expect(run.tables.map((t) => [`${t.schema}.${t.table}`, t.status, t.rowCount])).toEqual([['sales.orders', 'succeeded', 5]]);
    expect(labelJobs(tagged)).toHaveLength(1);

    const untagged = `untagged-${randomUUID()}`;
    const plain = await bigqueryEngine(config([{ schema: 'marketing', table: 'campaigns' }]), { runId: untagged }).profile();
    expect(plain.succeeded).toBe(1);
    expect(fake.jobs.all().filter((j) => j.spec.labels.baselinr_run_id === untagged)).not.toHaveLength(0);
    expect(labelJobs(untagged)).toHaveLength(0);
  });
});
