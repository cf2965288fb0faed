import './test-support/sdk-env.js';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { CancelledError, reactionTo, WarehouseError, type ConnectionConfig } from '@baselinr/core';
import type { SnowflakeSession } from './session.js';
import { FakeSnowflake } from './test-support/fake-snowflake/server.js';
import { USER, adminClient, createTestSchema, openSession, sourceConnection, until } from './test-support/harness.js';

let admin: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let fake: FakeSnowflake;
let session: SnowflakeSession;

/** The error a promise rejects with, checked to be core's WarehouseError keeping the SDK's error as cause. */
async function warehouseError(promise: Promise<unknown>): Promise<WarehouseError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WarehouseError);
  const wrapped = err as WarehouseError;
  expect(wrapped.cause).toBeInstanceOf(Error);
  return wrapped;
}

const connect = (connection: ConnectionConfig) => openSession(connection).then((s) => s.close());

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'bl_sf_errors');
  await admin.query(`CREATE TABLE ${schema.q}."T" ("ID" int4)`);
  await admin.query(`INSERT INTO ${schema.q}."T" VALUES (1), (2)`);
  await admin.query(`CREATE VIEW ${schema.q}."SLOW" AS SELECT g AS "ID" FROM generate_series(1, 3) g WHERE g > (SELECT 0 FROM pg_sleep(30))`);
  fake = await FakeSnowflake.start({ users: [USER], longPollMs: 200, concurrencyLevel: 1 });
  session = await openSession(sourceConnection(fake, schema.name), { workers: 3 });
});

afterAll(async () => {
  await session?.close();
  await fake?.stop();
  await schema?.drop();
  await admin?.end();
});

describe('login failures', () => {
  it('a wrong password is an authentication failure, never retried', async () => {
    const err = await warehouseError(connect(sourceConnection(fake, schema.name, { password: 'not-the-password' })));
    expect(err.kind).toBe('authentication_failed');
    expect(reactionTo(err).retry).toBe(false);
    expect(err.driverCode).toBe('390100');
    expect(err.message).toMatch(/could not log in to Snowflake account .*Incorrect username or password/);
  });

  it.each([
    [503, 'internal'],
    [429, 'rate_limited'],
  ])('HTTP %i from the login service is %s, retried', async (status, cause) => {
    fake.injectFault('login', { status });
    const err = await warehouseError(connect(sourceConnection(fake, schema.name)));
    expect(err.kind).toBe(cause);
    expect(reactionTo(err).retry).toBe(true);
    expect(err.driverCode).toBe('401002');
    expect(err.message).toContain(`HTTP ${status}`);
  });

  it('an unreachable service is connection_refused, retried', async () => {
    const connection = sourceConnection(fake, schema.name, { extra_params: { access_url: `http://127.0.0.1:${await closedPort()}` } });
    const err = await warehouseError(connect(connection));
    expect(err.kind).toBe('connection_refused');
    expect(reactionTo(err).retry).toBe(true);
    expect(err.driverCode).toBe('401001');
    expect(err.message).toContain('ECONNREFUSED');
  });
});

describe('statement failures', () => {
  it('a missing table is object_not_found, with code, SQLSTATE and query id', async () => {
    const err = await warehouseError(session.execute(`SELECT COUNT(*) AS m0 FROM ${schema.q}."NO_SUCH_TABLE"`));
    expect(err.kind).toBe('object_not_found');
    expect(err.driverCode).toBe('002003');
    expect(err.message).toMatch(/SQL compilation error[\s\S]*\[Snowflake 002003, SQLSTATE 42S02, query [0-9a-f-]{36}\]/);
  });

  it('two statements in one request are refused as syntax, never retried', async () => {
    const err = await warehouseError(session.execute(`SELECT 1 AS m0; SELECT 2 AS m0`));
    expect(err.kind).toBe('syntax');
    expect(err.driverCode).toBe('000008');
    expect(reactionTo(err).retry).toBe(false);
  });

  it('a missing column (invalid identifier) is object_not_found, a syntax error is syntax', async () => {
    const column = await warehouseError(session.execute(`SELECT COUNT("NO_SUCH_COLUMN") AS m0 FROM ${schema.q}."T"`));
    expect([column.kind, column.driverCode]).toEqual(['object_not_found', '000904']);
    const syntax = await warehouseError(session.execute(`SELEC COUNT(*) AS m0 FROM ${schema.q}."T"`));
    expect([syntax.kind, syntax.driverCode]).toEqual(['syntax', '001003']);
  });

  it('HTTP 503 on a query request is retried by the SDK itself and the statement succeeds', async () => {
    const before = fake.requests.query;
    fake.injectFault('query', { status: 503 });
    const result = await session.execute(`SELECT COUNT(*) AS m0 FROM ${schema.q}."T"`);
    expect(result.rows).toEqual([{ M0: '2' }]);
    expect(fake.requests.query - before).toBe(2);
  });

  it('an expired session token is renewed by the SDK without failing the statement', async () => {
    const renewals = fake.requests.renew;
    fake.expireSessions({ master: false });
    expect((await session.execute(`SELECT COUNT(*) AS m0 FROM ${schema.q}."T"`)).rows).toEqual([{ M0: '2' }]);
    expect(fake.requests.renew).toBeGreaterThan(renewals);
  });

  it('a session that expired for good is connection_lost, and the next statement logs in again', async () => {
    const logins = fake.logins.length;
    fake.expireSessions({ master: true });
    const err = await warehouseError(session.execute(`SELECT COUNT(*) AS m0 FROM ${schema.q}."T"`));
    expect(err.kind).toBe('connection_lost');
    expect(reactionTo(err).retry).toBe(true);
    expect(err.driverCode).toBe('407002');
    expect((await session.execute(`SELECT COUNT(*) AS m0 FROM ${schema.q}."T"`)).rows).toEqual([{ M0: '2' }]);
    expect(fake.logins.length).toBeGreaterThan(logins);
  });

  it('an internal error (000603) is internal: the run retries the statement, and the retry succeeds', async () => {
    fake.injectFault('result', { code: '000603', sqlState: 'XX000', message: 'SQL execution internal error: Processing aborted due to error 300002:2523566479' });
    const err = await warehouseError(session.execute(`SELECT COUNT(*) AS m0 FROM ${schema.q}."T"`));
    expect([err.kind, err.driverCode]).toEqual(['internal', '000603']);
    expect(reactionTo(err).retry).toBe(true);
    expect((await session.execute(`SELECT COUNT(*) AS m0 FROM ${schema.q}."T"`)).rows).toEqual([{ M0: '2' }]);
  });

  it('a session the server dropped is connection_lost', async () => {
    fake.injectFault('query', { code: '390111', message: 'Session no longer exists. New login required to access the service.' });
    const err = await warehouseError(session.execute(`SELECT COUNT(*) AS m0 FROM ${schema.q}."T"`));
    expect(err.kind).toBe('connection_lost');
    expect((await session.execute(`SELECT COUNT(*) AS m0 FROM ${schema.q}."T"`)).rows).toEqual([{ M0: '2' }]);
  });
});

describe('timeouts', () => {
  it('a statement queued past STATEMENT_QUEUED_TIMEOUT_IN_SECONDS is resource_exhausted: the run backs off and retries', async () => {
    const queuedSession = await openSession(sourceConnection(fake, schema.name, { extra_params: { statement_queued_timeout_seconds: 1 } }), { workers: 2 });
    const occupy = new AbortController();
    try {
      const occupying = session.execute(`SELECT COUNT(*) AS m0 FROM ${schema.q}."SLOW"`, occupy.signal).catch((e: unknown) => e);
      await until(() => fake.queries().find((q) => q.sqlText.includes('"SLOW"') && q.status === 'RUNNING'), 'SLOW to hold the only slot');
      const err = await warehouseError(queuedSession.execute(`SELECT COUNT(*) AS m0 FROM ${schema.q}."T"`));
      expect(err.kind).toBe('resource_exhausted');
      expect(reactionTo(err)).toEqual({ retry: true, lowerConcurrency: true });
      expect(err.driverCode).toBe('000630');
      expect(err.message).toMatch(/waited in the warehouse queue past STATEMENT_QUEUED_TIMEOUT_IN_SECONDS/);
      occupy.abort();
      expect(await occupying).toBeInstanceOf(CancelledError);
    } finally {
      occupy.abort();
      await queuedSession.close();
    }
  });

  it('a statement running past STATEMENT_TIMEOUT_IN_SECONDS was cancelled by the warehouse, never retried: it would time out again', async () => {
    const timedSession = await openSession(sourceConnection(fake, schema.name), { statementSeconds: 1 });
    try {
      const err = await warehouseError(timedSession.execute(`SELECT COUNT(*) AS m0 FROM ${schema.q}."SLOW"`));
      expect(err.kind).toBe('cancelled');
      expect(reactionTo(err).retry).toBe(false);
      expect(err.driverCode).toBe('000630');
      expect(err.message).toContain('Statement reached its statement or warehouse timeout of 1 second(s)');
    } finally {
      await timedSession.close();
    }
  });
});
