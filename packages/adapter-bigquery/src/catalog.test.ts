import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { WarehouseSession } from '@baselinr/core';
import { FakeBigQuery } from './test-support/fake-bigquery/server.js';
import { bigqueryEngine, bigquerySource, connect, engineConfig, tempDir } from './test-support/harness.js';
import { PG, adminClient, createTestDataset, pgQuote, type TestDataset } from './test-support/pg.js';

const PAGE_ROWS = 7;

let admin: pg.Client;
let fake: FakeBigQuery;
let sales: TestDataset;
let misc: TestDataset;
let session: WarehouseSession;
let store: ReturnType<typeof tempDir>;

const ORDERS_COLUMNS: ReadonlyArray<readonly [string, string, string]> = [
  // PostgreSQL type, the kind the adapter should give, and the BigQuery type the fake reports
  ['id bigint', 'integer', 'INT64'],
  ['amount numeric(12,2)', 'decimal', 'NUMERIC(12, 2)'],
  ['note varchar(20)', 'string', 'STRING(20)'],
  ['ts timestamptz', 'temporal', 'TIMESTAMP'],
  ['flags integer[]', 'other', 'ARRAY<INT64>'],
  ['payload jsonb', 'other', 'JSON'],
  ['raw bytea', 'other', 'BYTES'],
  ['ok boolean', 'boolean', 'BOOL'],
  ['d date', 'temporal', 'DATE'],
  ['dt timestamp', 'temporal', 'DATETIME'],
  ['f double precision', 'float', 'FLOAT64'],
];

const HOSTILE_TABLE = 'my table-1';
const HOSTILE_COLUMNS = ["it's", 'back\\slash', 'tick`name', 'Mixed Case', 'semi;colon'];

const catalogJobs = (view: string) => fake.jobs.all().filter((j) => j.spec.query.includes(`INFORMATION_SCHEMA.${view}`));

beforeAll(async () => {
  admin = await adminClient();
  sales = await createTestDataset(admin, 'bq_catalog_sales');
  misc = await createTestDataset(admin, 'bq_catalog_misc');
  store = tempDir();
  await admin.query(`CREATE TABLE ${sales.q}.orders (${ORDERS_COLUMNS.map(([c]) => c).join(', ')})`);
  await admin.query(`INSERT INTO ${sales.q}.orders (id, amount, note) SELECT g, g * 1.5, 'n' || g FROM generate_series(1, 5) g`);
  await admin.query(`ALTER TABLE ${sales.q}.orders DROP COLUMN raw`); // a dropped column leaves a gap in attnum
  await admin.query(`ALTER TABLE ${sales.q}.orders ADD COLUMN raw bytea`);
  await admin.query(`CREATE TABLE ${sales.q}.empty (x integer)`);
  await admin.query(`CREATE VIEW ${sales.q}.v_orders AS SELECT id, note FROM ${sales.q}.orders`);
  const wide = Array.from({ length: 20 }, (_, i) => `c${String(i).padStart(2, '0')} integer`).join(', ');
  await admin.query(`CREATE TABLE ${misc.q}.wide20 (${wide})`);
  await admin.query(`INSERT INTO ${misc.q}.wide20 (c00) SELECT g FROM generate_series(1, 3) g`);
  for (let i = 0; i < 5; i++) await admin.query(`CREATE TABLE ${misc.q}.small_${i} AS SELECT g AS n FROM generate_series(1, ${i + 1}) g`);
  await admin.query(`CREATE TABLE ${misc.q}.${pgQuote(HOSTILE_TABLE)} (${HOSTILE_COLUMNS.map((c) => `${pgQuote(c)} text`).join(', ')})`);
  await admin.query(`INSERT INTO ${misc.q}.${pgQuote(HOSTILE_TABLE)} VALUES ('a', 'b', 'c', 'd', 'e'), (NULL, 'bb', NULL, 'dd', NULL)`);
  fake = await FakeBigQuery.start({ pg: PG, maxPageRows: PAGE_ROWS });
  session = await connect(bigquerySource(fake, sales.name), `catalog-${randomUUID()}`);
});

afterAll(async () => {
  await fake?.close();
  await sales?.drop();
  await misc?.drop();
  await admin?.end();
  store?.remove();
});

describe('catalog discovery through the SDK', () => {
  it('lists the tables and views of each dataset with their stored row counts, one catalog job per dataset', async () => {
    const before = catalogJobs('TABLES').length;
    const tables = await session.listTables({ schemas: [sales.name, misc.name] });
    expect(catalogJobs('TABLES').length - before).toBe(2);

    const inSales = tables.filter((t) => t.schema === sales.name);
    expect(inSales.map((t) => [t.table, t.type])).toEqual([
      ['empty', 'table'],
      ['orders', 'table'],
      ['v_orders', 'view'],
    ]);
    const counted = async (schema: string, table: string) => Number((await admin.query(`SELECT count(*) AS n FROM ${pgQuote(schema)}.${pgQuote(table)}`)).rows[0].n);
    for (const t of tables.filter((x) => x.type === 'table')) expect(t.rowEstimate).toBe(await counted(t.schema, t.table));
    expect(inSales.find((t) => t.table === 'v_orders')?.rowEstimate).toBeUndefined();
    expect(tables.filter((t) => t.schema === misc.name).map((t) => t.table)).toContain(HOSTILE_TABLE);
  });

  it('treats a dataset that does not exist as having no tables', async () => {
    const tables = await session.listTables({ schemas: [`missing_${randomUUID().slice(0, 8)}`, sales.name] });
    expect(tables.length).toBeGreaterThan(0);
    expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([sales.name]));
  });

  it('describes tables of several datasets in one catalog job, paged, in column order', async () => {
    const before = catalogJobs('COLUMNS').length;
    const pagesBefore = fake.requests.filter((r) => r.pageToken).length;
    const described = await session.describeTables([
      { schema: sales.name, table: 'orders' },
      { schema: misc.name, table: 'wide20' },
      { schema: sales.name, table: 'v_orders' },
      { schema: sales.name, table: 'no_such_table' },
    ]);
    expect(catalogJobs('COLUMNS').length - before).toBe(1);
    // 11 + 20 + 2 columns do not fit one page of 7 rows: the adapter followed the page tokens.
    expect(fake.requests.filter((r) => r.pageToken).length - pagesBefore).toBeGreaterThanOrEqual(4);

    expect(described.map((d) => d.table).sort()).toEqual(['orders', 'v_orders', 'wide20']);
    const orders = described.find((d) => d.table === 'orders')!;
    const { rows: attributes } = await admin.query(`SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`, [
      `${sales.q}.orders`,
    ]);
    expect(orders.columns.map((c) => c.name)).toEqual(attributes.map((a) => a.attname));
    for (const [definition, kind, dataType] of ORDERS_COLUMNS) {
      const column = orders.columns.find((c) => c.name === definition.split(' ')[0])!;
      expect({ name: column.name, kind: column.kind, dataType: column.dataType }).toEqual({ name: column.name, kind, dataType });
      expect(Boolean(column.unsupportedReason)).toBe(kind === 'other');
    }
    expect(orders.rowEstimate).toBe(5);
    expect(described.find((d) => d.table === 'v_orders')!.rowEstimate).toBeUndefined();
    expect(described.find((d) => d.table === 'wide20')!.columns).toHaveLength(20);
  });

  it("describes a run's tables in batches of execution.batch_size, one catalog job per batch", async () => {
    const runId = `batches-${randomUUID()}`;
    const config = engineConfig(
      {
        source: bigquerySource(fake, misc.name),
        profiling: {
          tables: [
            { schema: misc.name, pattern: 'small_*' },
            { schema: misc.name, table: 'wide20' },
          ],
        },
        execution: { batch_size: 2 },
      },
      store.path,
    );
    const result = await bigqueryEngine(config, { runId }).profile();
    expect(result.succeeded).toBe(6);
    const describeJobs = catalogJobs('COLUMNS').filter((j) => j.spec.labels.baselinr_run_id === runId);
    expect(describeJobs).toHaveLength(Math.ceil(result.tables.length / 2));
  });

  it('profiles tables and columns whose names need quoting', async () => {
    const config = engineConfig({ source: bigquerySource(fake, misc.name), profiling: { tables: [{ schema: misc.name, table: HOSTILE_TABLE }] } }, store.path);
    const result = await bigqueryEngine(config).profile();
    expect(result.tables[0]?.error).toBeUndefined();
    // null_count (rows minus the column's values) reads each column by its quoted name; count is the rows.
    const { rows } = await admin.query(
      `SELECT ${HOSTILE_COLUMNS.map((c, i) => `(count(*) - count(${pgQuote(c)}))::int AS c${i}`).join(', ')} FROM ${misc.q}.${pgQuote(HOSTILE_TABLE)}`,
    );
    const counts = Object.fromEntries(result.tables[0]!.columns.map((c) => [c.column, c.metrics.null_count]));
    expect(counts).toEqual(Object.fromEntries(HOSTILE_COLUMNS.map((c, i) => [c, rows[0][`c${i}`]])));
  });
});
