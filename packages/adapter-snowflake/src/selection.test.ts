import './test-support/sdk-env.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ConfigError, WarehouseError } from '@baselinr/core';
import { createPgTestDatabase } from '@baselinr/adapter-testkit';
import type { SnowflakeSession } from './session.js';
import { FakeSnowflake, PG } from './test-support/fake-snowflake/server.js';
import { DATABASE, USER, adminClient, engine, engineConfig, openSession, sourceConnection, tempDir } from './test-support/harness.js';

/**
 * Baselinr's selection keys on Snowflake: schemas from INFORMATION_SCHEMA.SCHEMATA, tags from
 * SNOWFLAKE.ACCOUNT_USAGE.TAG_REFERENCES. Tags are set the way a user sets them (CREATE TAG,
 * ALTER TABLE ... SET TAG) through the SDK. The fake runs on a PostgreSQL database of its own,
 * so "every schema" is this file's schemas only.
 */
let admin: pg.Client;
let database: Awaited<ReturnType<typeof createPgTestDatabase>>;
let fake: FakeSnowflake;
let user: SnowflakeSession;
let store: ReturnType<typeof tempDir>;

const SCHEMAS: Record<string, readonly string[]> = { SALES: ['ORDERS', 'REFUNDS'], SALES_EU: ['ORDERS'], HR: ['PEOPLE'] };

beforeAll(async () => {
  admin = await adminClient();
  database = await createPgTestDatabase(admin, 'bl_sf_select');
  const own = new pg.Client({ ...PG, database: database.name });
  await own.connect();
  try {
    for (const [schema, tables] of Object.entries(SCHEMAS)) {
      await own.query(`CREATE SCHEMA "${schema}"`);
      for (const table of tables) await own.query(`CREATE TABLE "${schema}"."${table}" AS SELECT g AS "ID" FROM generate_series(1, 5) g`);
    }
    await own.query(`CREATE VIEW "SALES"."BIG_ORDERS" AS SELECT "ID" FROM "SALES"."ORDERS" WHERE "ID" > 2`);
  } finally {
    await own.end();
  }
  fake = await FakeSnowflake.start({ users: [USER], longPollMs: 200, pgDatabase: database.name });
  store = tempDir();
  user = await openSession(sourceConnection(fake, 'SALES'));
  for (const sql of [
    'CREATE TAG PII',
    'CREATE TAG SALES.TIER',
    // Unqualified names are the session's (SALES); a tag in another schema is named with it.
    "ALTER TABLE ORDERS SET TAG PII = 'true', TIER = 'gold'",
    "ALTER TABLE SALES_EU.ORDERS SET TAG SALES.PII = 'true'",
    "ALTER TABLE HR.PEOPLE SET TAG SALES.TIER = 'silver'",
    "ALTER VIEW BIG_ORDERS SET TAG PII = 'true'",
  ]) {
    await user.execute(sql);
  }
});

afterAll(async () => {
  await user?.close();
  await fake?.stop();
  await database?.drop();
  await admin?.end();
  store?.remove();
});

const config = (tables: unknown[], on: FakeSnowflake = fake) => engineConfig({ source: sourceConnection(on, 'SALES'), profiling: { tables } }, store.path);
const planned = async (tables: unknown[], on: FakeSnowflake = fake) => (await engine(config(tables, on)).plan()).tables.map((t) => `${t.schema}.${t.table}`);
const tagQueries = () => fake.queries().filter((q) => q.sqlText.includes('TAG_REFERENCES'));

describe("Baselinr's selection keys on Snowflake", () => {
  it('select_all_schemas lists every schema of the database but INFORMATION_SCHEMA', async () => {
    expect(await user.listSchemas()).toEqual(['HR', 'SALES', 'SALES_EU', 'public']);
    expect(await planned([{ select_all_schemas: true }])).toEqual(['HR.PEOPLE', 'SALES.BIG_ORDERS', 'SALES.ORDERS', 'SALES.REFUNDS', 'SALES_EU.ORDERS']);
  });

  it('schema_pattern selects in every matching schema, as a wildcard or a regex', async () => {
    expect(await planned([{ schema_pattern: 'SALES*', pattern: 'ORDERS' }])).toEqual(['SALES.ORDERS', 'SALES_EU.ORDERS']);
    expect(await planned([{ schema_pattern: '^(HR|SALES_EU)$', pattern_type: 'regex', select_schema: true }])).toEqual(['HR.PEOPLE', 'SALES_EU.ORDERS']);
  });

  it('reads no tags when the config does not select by them', async () => {
    const before = tagQueries().length;
    await planned([{ select_all_schemas: true }]);
    expect(tagQueries().length).toBe(before);
  });

  it('tags (all of them) and tags_any (one of them) match NAME:VALUE, read in one query per listing', async () => {
    const before = tagQueries().length;
    expect(await planned([{ select_all_schemas: true, tags: ['PII:true'] }])).toEqual(['SALES.BIG_ORDERS', 'SALES.ORDERS', 'SALES_EU.ORDERS']);
    // The engine lists the first schema alone and the others together: two listings, two tag queries.
    expect(tagQueries().length - before).toBe(2);
    expect(await planned([{ schema_pattern: 'SALES*', select_schema: true, tags: ['PII:true', 'TIER:gold'] }])).toEqual(['SALES.ORDERS']);
    expect(await planned([{ select_all_schemas: true, tags_any: ['TIER:gold', 'TIER:silver'] }])).toEqual(['HR.PEOPLE', 'SALES.ORDERS']);
    expect(await planned([{ select_schema: true, table_types: ['table'], tags: ['PII:true'] }])).toEqual(['SALES.ORDERS']);
  });

  it('profiles the tables the tags select', async () => {
    const result = await engine(config([{ select_all_schemas: true, tags_any: ['TIER:gold', 'TIER:silver'] }])).profile();
    expect(result.failed).toBe(0);
    expect(result.tables.map((t) => [`${t.schema}.${t.table}`, t.rowCount])).toEqual([
      ['HR.PEOPLE', 5],
      ['SALES.ORDERS', 5],
    ]);
  });

  it('a dropped table loses its tags: a new table of the same name is not selected by them', async () => {
    // The fake runs CREATE and DROP on PostgreSQL, which folds unquoted names to lower case: quoted here.
    await user.execute('CREATE TABLE "SALES"."OLD_ORDERS" AS SELECT 1 AS "ID"');
    await user.execute("ALTER TABLE SALES.OLD_ORDERS SET TAG PII = 'old'");
    expect(await planned([{ select_schema: true, tags: ['PII:old'] }])).toEqual(['SALES.OLD_ORDERS']);
    await user.execute('DROP TABLE "SALES"."OLD_ORDERS"');
    await user.execute('CREATE TABLE "SALES"."OLD_ORDERS" AS SELECT 1 AS "ID"');
    try {
      await expect(planned([{ select_schema: true, tags: ['PII:old'] }])).rejects.toThrow('excluded by exclude_patterns, table_types, tags, tags_any');
    } finally {
      await user.execute('DROP TABLE "SALES"."OLD_ORDERS"');
    }
  });

  it('refuses to select by tags, naming the grant, when the role cannot read ACCOUNT_USAGE', async () => {
    const unprivileged = await FakeSnowflake.start({ users: [USER], longPollMs: 200, pgDatabase: database.name, usableDatabases: [DATABASE] });
    try {
      // Selections without tags still run on such a role.
      expect(await planned([{ schema_pattern: 'HR', select_schema: true }], unprivileged)).toEqual(['HR.PEOPLE']);
      const err = await planned([{ select_all_schemas: true, tags: ['PII:true'] }], unprivileged).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toContain("SNOWFLAKE.ACCOUNT_USAGE.TAG_REFERENCES, which the run's role cannot read");
      expect((err as Error).message).toContain("Database 'SNOWFLAKE' does not exist or not authorized");
      expect((err as Error).message).toContain('GRANT IMPORTED PRIVILEGES ON DATABASE SNOWFLAKE TO ROLE');
    } finally {
      await unprivileged.stop();
    }
  });
});

describe('the fake serves tags as Snowflake does', () => {
  async function refusal(sql: string): Promise<WarehouseError> {
    const err = await user.execute(sql).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WarehouseError);
    return err as WarehouseError;
  }

  it('refuses a tag that exists, a tag or a table that does not, and a view altered as a table', async () => {
    expect((await refusal('CREATE TAG PII')).message).toContain("Object 'PII' already exists");
    expect((await refusal("ALTER TABLE ORDERS SET TAG NOPE = 'x'")).message).toContain(`Tag '${DATABASE}.SALES.NOPE' does not exist or not authorized`);
    expect((await refusal("ALTER TABLE MISSING SET TAG PII = 'x'")).message).toContain(`Table '${DATABASE}.SALES.MISSING' does not exist or not authorized`);
    expect((await refusal("ALTER TABLE BIG_ORDERS SET TAG PII = 'x'")).message).toContain('does not exist or not authorized');
    await expect(user.execute("ALTER TABLE IF EXISTS MISSING SET TAG PII = 'x'")).resolves.toBeDefined();
  });

  it("has ACCOUNT_USAGE's column names: Baselinr's OBJECT_DOMAIN is an invalid identifier there", async () => {
    const err = await refusal("SELECT OBJECT_SCHEMA FROM SNOWFLAKE.ACCOUNT_USAGE.TAG_REFERENCES WHERE OBJECT_DOMAIN = 'TABLE'");
    expect(err).toMatchObject({ driverCode: '000904' });
    const { rows } = await user.execute("SELECT TAG_NAME, TAG_VALUE, OBJECT_NAME, DOMAIN FROM SNOWFLAKE.ACCOUNT_USAGE.TAG_REFERENCES WHERE OBJECT_SCHEMA = 'HR'");
    expect(rows).toEqual([{ TAG_NAME: 'TIER', TAG_VALUE: 'silver', OBJECT_NAME: 'PEOPLE', DOMAIN: 'TABLE' }]);
  });

  it('UNSET TAG removes a table from what the tag selects', async () => {
    await user.execute("ALTER TABLE SALES_EU.ORDERS SET TAG SALES.TIER = 'bronze'");
    expect(await planned([{ select_all_schemas: true, tags: ['TIER:bronze'] }])).toEqual(['SALES_EU.ORDERS']);
    await user.execute('ALTER TABLE SALES_EU.ORDERS UNSET TAG SALES.TIER');
    await expect(planned([{ select_all_schemas: true, tags: ['TIER:bronze'] }])).rejects.toThrow('excluded by');
  });
});
