import './test-support/sdk-env.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { Connection, RowStatement } from 'snowflake-sdk';
import { loadSnowflakeSdk } from './sdk.js';
import { FakeSnowflake } from './test-support/fake-snowflake/server.js';
import { ACCOUNT, DATABASE, USER, adminClient, createTestSchema, until } from './test-support/harness.js';

// The parts of the protocol the adapter itself does not use, driven through the SDK directly, so
// the fake server is known to answer them as Snowflake does.

let admin: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let fake: FakeSnowflake;
let connection: Connection;

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'bl_sf_fake');
  await admin.query(`CREATE VIEW ${schema.q}."SLOW" AS SELECT 1 AS "ONE" WHERE (SELECT true FROM pg_sleep(0.6))`);
  await admin.query(`CREATE TABLE ${schema.q}."AT" ("TSTZ" timestamptz, "NTZ" timestamp)`);
  await admin.query(`INSERT INTO ${schema.q}."AT" VALUES ('2024-01-02 03:04:05.123456+00', '2024-01-02 03:04:05.123456')`);
  await admin.query(`CREATE VIEW ${schema.q}."STUCK" AS SELECT 1 AS "ONE" WHERE (SELECT true FROM pg_sleep(30))`);
  fake = await FakeSnowflake.start({ users: [USER], longPollMs: 100 });
  connection = await connect(fake);
});

afterAll(async () => {
  await disconnect(connection);
  await fake?.stop();
  await schema?.drop();
  await admin?.end();
});

async function connect(server: FakeSnowflake): Promise<Connection> {
  const sdk = await loadSnowflakeSdk();
  return new Promise((resolve, reject) => {
    sdk
      .createConnection({ account: ACCOUNT, username: USER.name, password: USER.password, database: DATABASE, warehouse: 'WH', accessUrl: server.url })
      .connect((err, conn) => (err ? reject(err) : resolve(conn)));
  });
}

const disconnect = (conn: Connection | undefined) => new Promise((resolve) => (conn ? conn.destroy(resolve) : resolve(undefined)));

/** Runs a statement the SDK's default way: the query request is held, then polled at getResultUrl. */
function execute(sqlText: string, on = connection): { statement: RowStatement; rows: Promise<unknown[]> } {
  let statement!: RowStatement;
  const rows = new Promise<unknown[]>((resolve, reject) => {
    statement = on.execute({ sqlText, complete: (err, _stmt, result) => (err ? reject(err) : resolve(result ?? [])) });
  });
  return { statement, rows };
}

/** One row of a statement run with per-statement session `parameters` (the query-request's `parameters`). */
function firstRow(sqlText: string, parameters: Record<string, string>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    connection.execute({ sqlText, parameters, complete: (err, _stmt, rows) => (err ? reject(err) : resolve(rows?.[0])) });
  });
}

describe("the statement's session parameters, applied as Snowflake applies them", () => {
  const sql = () => `SELECT CAST("TSTZ" AS VARCHAR) AS tz, CAST("NTZ" AS VARCHAR) AS ntz FROM ${schema.q}."AT"`;

  it("without any, the account's defaults: America/Los_Angeles and milliseconds", async () => {
    expect(await firstRow(sql(), {})).toEqual({ TZ: '2024-01-01 19:04:05.123 -0800', NTZ: '2024-01-02 03:04:05.123' });
  });

  it('TIMEZONE and the output formats of the statement, not of the session', async () => {
    const parameters = { TIMEZONE: 'Asia/Tokyo', TIMESTAMP_TZ_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM', TIMESTAMP_NTZ_OUTPUT_FORMAT: 'YYYY-MM-DD"T"HH24:MI:SS.FF6' };
    expect(await firstRow(sql(), parameters)).toEqual({ TZ: '2024-01-02 12:04:05.123456000 +09:00', NTZ: '2024-01-02T03:04:05.123456' });
    expect(await firstRow(sql(), {})).toEqual({ TZ: '2024-01-01 19:04:05.123 -0800', NTZ: '2024-01-02 03:04:05.123' });
  });
});

describe('fake Snowflake protocol', () => {
  it('answers a statement that outlasts the long-poll with 333333 and the result at getResultUrl', async () => {
    const before = fake.requests.result;
    expect(await execute(`SELECT "ONE" FROM ${schema.q}."SLOW"`).rows).toEqual([{ ONE: 1 }]);
    // 0.6 s of work polled every 0.1 s: several result requests.
    expect(fake.requests.result - before).toBeGreaterThan(2);
  });

  it('cancels by request id while the query request is still held (the query id not known yet)', async () => {
    // A long-poll longer than the test: the SDK cannot have learnt the query id when it cancels.
    const holding = await FakeSnowflake.start({ users: [USER], longPollMs: 60_000 });
    const held = await connect(holding);
    try {
      const { statement, rows } = execute(`SELECT "ONE" FROM ${schema.q}."STUCK"`, held);
      const outcome = rows.catch((err: { code?: string }) => err);
      const stuck = await until(() => holding.queries().find((q) => q.status === 'RUNNING'), 'STUCK to run');
      expect(statement.getQueryId()).toBeUndefined();
      await new Promise<void>((resolve) => statement.cancel(() => resolve()));
      expect(await outcome).toMatchObject({ code: '000604', sqlState: '57014' });
      expect(stuck.status).toBe('ABORTED');
      expect(holding.requests.abort).toBe(1);
    } finally {
      await disconnect(held);
      await holding.stop();
    }
  });

  it('answers heartbeats, and tells a missing statement apart from a finished one', async () => {
    const before = fake.requests.heartbeat;
    expect(await connection.isValidAsync()).toBe(true);
    expect(fake.requests.heartbeat - before).toBe(1);
    expect(await connection.getQueryStatus('00000000-0000-0000-0000-000000000000')).toBe('NO_QUERY_DATA');
    expect(await connection.getQueryStatus(fake.queries()[0]!.id)).toBe('SUCCESS');
  });
});
