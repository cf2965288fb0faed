import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { WarehouseSession } from '@baselinr/core';
import { createPgTestDatabase } from '@baselinr/adapter-testkit';
import type { FakeDataApi } from './test-support/fake-data-api/server.js';
import { PG, adminClient, connect, engine, redshiftSource, runConfig, startFake, tempDir, testCredentials } from './test-support/harness.js';

/**
 * Baselinr's selection keys on Redshift through the Data API: schemas from SVV_REDSHIFT_SCHEMAS,
 * tags from table comments (COMMENT ON TABLE, sent through the SDK as a user would). The fake
 * runs on a PostgreSQL database of its own, so "every schema" is this file's schemas only.
 */
const credentials = testCredentials();
let admin: pg.Client;
let database: Awaited<ReturnType<typeof createPgTestDatabase>>;
let fake: FakeDataApi;
let session: WarehouseSession;
let store: ReturnType<typeof tempDir>;

const SCHEMAS: Record<string, readonly string[]> = { sales: ['orders', 'refunds'], sales_eu: ['orders'], hr: ['people'] };

beforeAll(async () => {
  admin = await adminClient();
  database = await createPgTestDatabase(admin, 'bl_rs_select');
  const own = new pg.Client({ ...PG, database: database.name });
  await own.connect();
  try {
    for (const [schema, tables] of Object.entries(SCHEMAS)) {
      await own.query(`CREATE SCHEMA ${schema}`);
      for (const table of tables) await own.query(`CREATE TABLE ${schema}.${table} AS SELECT g AS id FROM generate_series(1, 5) g`);
    }
    await own.query('CREATE VIEW sales.big_orders AS SELECT id FROM sales.orders WHERE id > 2');
  } finally {
    await own.end();
  }
  store = tempDir();
  fake = await startFake(credentials, { pg: { ...PG, database: database.name } });
  session = await connect(redshiftSource(fake, credentials));
  for (const sql of [
    "COMMENT ON TABLE sales.orders IS 'Orders by day. tags: pii, finance'",
    "COMMENT ON TABLE sales_eu.orders IS 'pii'",
    "COMMENT ON TABLE hr.people IS 'tags: pii, hr'",
    "COMMENT ON VIEW sales.big_orders IS 'tags: finance'",
    // A column's comment is no table tag.
    "COMMENT ON COLUMN sales.refunds.id IS 'tags: pii'",
  ]) {
    await session.execute(sql);
  }
});

afterAll(async () => {
  await session?.close();
  await fake?.close();
  await database?.drop();
  await admin?.end();
  store?.remove();
});

const config = (tables: unknown[]) => runConfig(redshiftSource(fake, credentials), { profiling: { tables } }, store.path);
const planned = async (tables: unknown[]) => (await engine(config(tables)).plan()).tables.map((t) => `${t.schema}.${t.table}`);
const commentReads = () => fake.statements().filter((s) => s.request.sql.includes('pg_description')).length;

describe("Baselinr's selection keys on Redshift", () => {
  it("select_all_schemas lists the database's schemas, Redshift's own left out", async () => {
    expect(await session.listSchemas!()).toEqual(['hr', 'public', 'sales', 'sales_eu']);
    expect(await planned([{ select_all_schemas: true }])).toEqual(['hr.people', 'sales.big_orders', 'sales.orders', 'sales.refunds', 'sales_eu.orders']);
  });

  it('schema_pattern selects in every matching schema, as a wildcard or a regex', async () => {
    expect(await planned([{ schema_pattern: 'sales*', pattern: 'orders' }])).toEqual(['sales.orders', 'sales_eu.orders']);
    expect(await planned([{ schema_pattern: '^(hr|sales_eu)$', pattern_type: 'regex', select_schema: true }])).toEqual(['hr.people', 'sales_eu.orders']);
  });

  it('reads no comments when the config does not select by tags', async () => {
    const before = commentReads();
    await planned([{ select_all_schemas: true }]);
    expect(commentReads()).toBe(before);
  });

  it('tags (all of them) and tags_any (one of them) read table comments, one statement per listing', async () => {
    const before = commentReads();
    expect(await planned([{ select_all_schemas: true, tags: ['pii'] }])).toEqual(['hr.people', 'sales.orders', 'sales_eu.orders']);
    // The engine lists the first schema alone and the others together: two listings, two reads.
    expect(commentReads() - before).toBe(2);
    expect(await planned([{ select_all_schemas: true, tags: ['pii', 'finance'] }])).toEqual(['sales.orders']);
    expect(await planned([{ schema_pattern: 'sales*', select_schema: true, tags_any: ['finance', 'hr'] }])).toEqual(['sales.big_orders', 'sales.orders']);
  });

  it('profiles the tables the tags select', async () => {
    const result = await engine(config([{ select_all_schemas: true, tags_any: ['hr', 'finance'], table_types: ['table'] }])).profile();
    expect(result.failed).toBe(0);
    expect(result.tables.map((t) => [`${t.schema}.${t.table}`, t.rowCount])).toEqual([
      ['hr.people', 5],
      ['sales.orders', 5],
    ]);
  });
});
