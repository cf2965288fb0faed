import './test-support/sdk-env.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { WarehouseError, type WarehouseSession } from '@baselinr/core';
import type { SnowflakeSession } from './session.js';
import { FakeSnowflake } from './test-support/fake-snowflake/server.js';
import { DATABASE, USER, adminClient, createTestSchema, openSession, sourceConnection } from './test-support/harness.js';

/**
 * The fake refuses what Snowflake refuses (see translate.ts), so SQL another engine would accept
 * cannot pass only because PostgreSQL runs it.
 */
let admin: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let fake: FakeSnowflake;
let session: SnowflakeSession;

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'bl_sf_strict');
  await admin.query(`CREATE TABLE ${schema.q}."T" ("ID" int4, "NAME" varchar(10))`);
  await admin.query(`INSERT INTO ${schema.q}."T" VALUES (1, 'a'), (2, 'bb')`);
  fake = await FakeSnowflake.start({ users: [USER], longPollMs: 200, usableDatabases: [DATABASE] });
  session = await openSession(sourceConnection(fake, schema.name));
});

afterAll(async () => {
  await session?.close();
  await fake?.stop();
  await schema?.drop();
  await admin?.end();
});

async function refusal(sql: string, on: WarehouseSession = session): Promise<WarehouseError> {
  const err = await on.execute(sql).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WarehouseError);
  return err as WarehouseError;
}

describe('functions outside Snowflake’s reference', () => {
  it.each([
    ['CHAR_LENGTH (PostgreSQL; Snowflake spells it LENGTH)', 'MAX(CHAR_LENGTH("NAME"))', 'CHAR_LENGTH'],
    ['APPROX_DISTINCT (Trino and Athena)', 'APPROX_DISTINCT("ID")', 'APPROX_DISTINCT'],
    ['SAFE_CAST (BigQuery)', 'SAFE_CAST("ID" AS STRING)', 'SAFE_CAST'],
  ])('%s is an unknown function (002140), never run', async (_, expression, name) => {
    const err = await refusal(`SELECT ${expression} AS m0 FROM ${schema.q}."T"`);
    expect(err).toMatchObject({ kind: 'syntax', driverCode: '002140' });
    expect(err.message).toContain(`Unknown function ${name}`);
  });

  it("Redshift's APPROXIMATE COUNT(DISTINCT ...) is a syntax error", async () => {
    const err = await refusal(`SELECT APPROXIMATE COUNT(DISTINCT "ID") AS m0 FROM ${schema.q}."T"`);
    expect(err).toMatchObject({ kind: 'syntax', driverCode: '001003' });
  });

  it("the dialect's own functions run", async () => {
    const { rows } = await session.execute(`SELECT APPROX_COUNT_DISTINCT("ID") AS m0, MAX(LENGTH("NAME")) AS m1, STDDEV_SAMP("ID") AS m2 FROM ${schema.q}."T"`);
    expect(rows).toEqual([{ M0: '2', M1: '2', M2: expect.stringMatching(/^0\.70710678/) }]);
  });
});

describe('a database the role cannot use', () => {
  let lost: WarehouseSession;
  beforeAll(async () => {
    // Snowflake logs in anyway, without a current database.
    lost = await openSession(sourceConnection(fake, schema.name, { database: 'NOT_GRANTED' }));
  });
  afterAll(() => lost?.close());

  it('an unqualified INFORMATION_SCHEMA fails as Snowflake fails it without a current database (090105)', async () => {
    const err = await refusal(`SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES`, lost);
    expect(err.driverCode).toBe('090105');
    expect(err.message).toContain('This session does not have a current database');
  });

  it('listing tables names the database that is missing or not granted', async () => {
    const err = await lost.listTables({ schemas: [schema.name] }).then(
      () => undefined,
      (e: unknown) => e as WarehouseError,
    );
    expect(err).toBeInstanceOf(WarehouseError);
    expect(err).toMatchObject({ kind: 'object_not_found', driverCode: '002003' });
    expect(err?.message).toContain("Database 'NOT_GRANTED' does not exist or not authorized");
  });
});
