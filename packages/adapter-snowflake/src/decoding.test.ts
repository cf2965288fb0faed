import './test-support/sdk-env.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { reactionTo, WarehouseError } from '@baselinr/core';
import type { SnowflakeSession } from './session.js';
import { BIG, BIG_DECIMAL } from './test-support/dataset.js';
import { FakeSnowflake } from './test-support/fake-snowflake/server.js';
import { USER, adminClient, createTestSchema, openSession, sourceConnection } from './test-support/harness.js';

let admin: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let fake: FakeSnowflake;
let session: SnowflakeSession;

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'bl_sf_decoding');
  await admin.query(
    `CREATE TABLE ${schema.q}."TYPED" ("BIG" int8, "DEC" numeric(22,6), "F" float8, "TS" timestamp, "TSTZ" timestamptz, "D" date, "T" time, "B" boolean, "J" jsonb)`,
  );
  await admin.query(
    `INSERT INTO ${schema.q}."TYPED" VALUES ($1, $2, 0.1, '1969-12-31 23:59:58.000001', '2024-01-02 03:04:05.123456+00', '2024-02-29', '23:59:59.5', true, '{"a": [1, 2]}')`,
    [BIG, BIG_DECIMAL],
  );
  await admin.query(`CREATE TABLE ${schema.q}."THOUSAND" AS SELECT g AS "N" FROM generate_series(1, 1000) g`);
  // Small inline rowsets, so a thousand rows arrive as chunks downloaded from the result store.
  fake = await FakeSnowflake.start({ users: [USER], longPollMs: 200, chunks: { inlineRows: 50, chunkRows: 100 } });
  session = await openSession(sourceConnection(fake, schema.name));
});

afterAll(async () => {
  await session?.close();
  await fake?.stop();
  await schema?.drop();
  await admin?.end();
});

describe('values through the SDK', () => {
  it('are exact: NUMBER as text, timestamps with every fraction digit in UTC', async () => {
    const { rows } = await session.execute(`SELECT * FROM ${schema.q}."TYPED"`);
    expect(rows).toEqual([
      {
        BIG,
        DEC: BIG_DECIMAL,
        F: '0.1',
        TS: '1969-12-31 23:59:58.000001000',
        TSTZ: '2024-01-02 03:04:05.123456000 +00:00',
        D: '2024-02-29',
        T: '23:59:59.500000000',
        B: true,
        J: '{"a": [1, 2]}',
      },
    ]);
  });

  it('arrive in full and in order when the result is split into chunks', async () => {
    const chunksBefore = fake.requests.chunk;
    const { rows } = await session.execute(`SELECT "N" AS n, "N"::text || 'x' AS label FROM ${schema.q}."THOUSAND" ORDER BY "N"`);
    expect(rows).toHaveLength(1000);
    expect(rows.map((r) => Number(r.N))).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(rows[999]).toEqual({ N: '1000', LABEL: '1000x' });
    // 50 rows inline, 950 in chunks of 100.
    expect(fake.requests.chunk - chunksBefore).toBe(10);
  });

  describe('a result chunk cloud storage refuses', () => {
    const thousand = () => `SELECT "N" AS n FROM ${schema.q}."THOUSAND" ORDER BY "N"`;
    const runs = (sql: string) => fake.queries().filter((q) => q.sqlText === sql).length;

    it('is fetched again with fresh URLs, without running the statement again', async () => {
      // 400 is not one the SDK retries itself: the first fetch fails at once.
      fake.injectFault('chunk', { status: 400 }, 1);
      const sql = `${thousand()} -- refetched`;
      const { rows } = await session.execute(sql);
      expect(rows).toHaveLength(1000);
      expect(runs(sql)).toBe(1);
    });

    it('fails after a bounded number of fetches, explained, and is not retried by the run', async () => {
      fake.injectFault('chunk', { status: 400 }, 1000);
      const sql = `${thousand()} -- blocked`;
      try {
        const err = await session.execute(sql).then(
          () => undefined,
          (e: unknown) => e as WarehouseError,
        );
        expect(err).toBeInstanceOf(WarehouseError);
        expect(err).toMatchObject({ kind: 'permission_denied', driverCode: '402002' });
        expect(err?.message).toMatch(/could not download the result of query [\w-]+ from cloud storage \(Snowflake 402002, HTTP 400\), even after retries/);
        expect(err?.message).toContain('SYSTEM$ALLOWLIST()');
        expect(reactionTo(err!).retry).toBe(false);
        expect(runs(sql)).toBe(1);
        // Three fetches of the result, each with its own chunk URLs.
        expect(fake.queries().find((q) => q.sqlText === sql)?.resultFetches).toBe(3);
      } finally {
        fake.clearFaults();
      }
    });
  });
});
