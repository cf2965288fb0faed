import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { ConfigError, type ConnectionConfig, type WarehouseSession } from '@baselinr/core';
import { adapter } from './index.js';
import { adminClient, connect, createTestSchema, PG, type TestSchema } from './test-support/harness.js';
import { toPositional } from './wire-executor.js';

/** Baselinr's own Redshift config shape, pointed at the local PostgreSQL as the protocol peer. */
const wireSource = (extra: Partial<ConnectionConfig> = {}): ConnectionConfig => ({
  type: 'redshift',
  host: PG.host,
  port: PG.port,
  username: PG.user,
  password: 'x',
  database: PG.database,
  ...extra,
  extra_params: extra.extra_params ?? {},
});

let admin: pg.Client;
let schema: TestSchema;
let session: WarehouseSession;

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'rs_wire');
  await admin.query(`CREATE TABLE ${schema.q}.orders AS SELECT g AS id, g * 1.5 AS amount FROM generate_series(1, 40) g`);
  await admin.query(`ANALYZE ${schema.q}.orders`);
  session = await connect(wireSource({ schema: schema.name }));
});

afterAll(async () => {
  await session?.close();
  await schema?.drop();
  await admin?.end();
});

describe('host, port, username, password, database: the PostgreSQL wire protocol', () => {
  // Describing needs SVV_COLUMNS, which only Redshift has: the Data API fake's tests cover it.
  it('lists tables through pg, with row estimates', async () => {
    expect(await session.listTables({ schemas: [schema.name] })).toEqual([{ schema: schema.name, table: 'orders', type: 'table', rowEstimate: 40 }]);
  });

  it('runs statements on connections named for the run, in UTC with ISO dates', async () => {
    const runId = `wire-${randomUUID()}`;
    const named = await connect(wireSource(), runId);
    try {
      const result = await named.execute(
        `SELECT application_name AS app, current_setting('TimeZone') AS tz, current_setting('DateStyle') AS ds FROM pg_stat_activity WHERE pid = pg_backend_pid()`,
      );
      const rows = Array.isArray(result) ? result : result.rows;
      expect(rows).toEqual([{ app: `baselinr ${runId}`, tz: 'UTC', ds: 'ISO, MDY' }]);
    } finally {
      await named.close();
    }
  });

  it('holds a connection per running statement: the pool policy counts connections', () => {
    expect(adapter.limits(wireSource()).pool).toEqual({ kind: 'connections', maxConnections: 22, spare: 2 });
    expect(adapter.limits({ type: 'redshift', database: 'dev', extra_params: { cluster_identifier: 'c' } }).pool.kind).toBe('in-flight');
  });

  it('defaults to port 5439, Redshift’s', async () => {
    const refused = await connect(wireSource({ port: undefined, extra_params: { connect_timeout: 2 } })).then(
      (s) => s.close().then(() => undefined),
      (err: unknown) => err as Error,
    );
    expect(refused?.message).toMatch(/5439/);
  });
});

describe('settings of the other transport are refused with the fix', () => {
  it.each([
    [{ extra_params: { cluster_identifier: 'c' } }, /source\.extra_params\.cluster_identifier: a Data API setting, but source\.host connects over the PostgreSQL wire protocol/],
    [{ extra_params: { statement_timeout: 1000 } }, /source\.extra_params\.statement_timeout: unknown option for redshift over the wire protocol; expected one of sslmode/],
    [{ database: '' }, /source\.database: required/],
    [{ account: 'xy123' }, /source\.account: not a Redshift setting/],
  ])('%j', async (extra, message) => {
    const err = await connect(wireSource(extra as Partial<ConnectionConfig>)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(message);
  });
});

describe('toPositional', () => {
  it('numbers named placeholders in order of first use, and leaves casts alone', () => {
    expect(
      toPositional('SELECT x::text FROM t WHERE a IN (:s0, :s1) OR b = :s0', [
        { name: 's0', value: 'p' },
        { name: 's1', value: 'q' },
      ]),
    ).toEqual({
      text: 'SELECT x::text FROM t WHERE a IN ($1, $2) OR b = $1',
      values: ['p', 'q'],
    });
  });

  it('leaves SQL without parameters untouched', () => {
    expect(toPositional("SELECT ':s0'", [])).toEqual({ text: "SELECT ':s0'", values: [] });
  });
});
