import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { reactionTo, WarehouseError, type ErrorCause, type WarehouseSession } from '@baselinr/core';
import { apiErrors, type DataApiError, type FakeDataApi } from './test-support/fake-data-api/server.js';
import { adminClient, connect, createTestSchema, redshiftSource, startFake, testCredentials, waitFor, type TestSchema } from './test-support/harness.js';

const credentials = testCredentials();
let fake: FakeDataApi;
let admin: pg.Client;
let schema: TestSchema;
let session: WarehouseSession;

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'rs_errors');
  await admin.query(`CREATE TABLE ${schema.q}.t (id integer)`);
  fake = await startFake(credentials);
  session = await connect(redshiftSource(fake, credentials));
});

afterAll(async () => {
  await session?.close();
  await fake?.close();
  await schema?.drop();
  await admin?.end();
});

afterEach(() => fake.configure({ runMs: 0, maxActiveStatements: undefined }));

async function failure(run: Promise<unknown>): Promise<WarehouseError> {
  const err = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'the call failed').toBeInstanceOf(WarehouseError);
  return err as WarehouseError;
}

describe('a refused ExecuteStatement, as the SDK raises it', () => {
  const cases: Array<[string, ErrorCause, DataApiError]> = [
    ['ThrottlingException', 'rate_limited', apiErrors.throttling()],
    ['InternalServerException (500)', 'internal', apiErrors.internal()],
    ['ServiceUnavailableException (503)', 'internal', apiErrors.unavailable()],
    ['ValidationException', 'syntax', apiErrors.validation('Sql contains an invalid character.')],
    ['ResourceNotFoundException', 'object_not_found', apiErrors.notFound('Secret not found.')],
    ['AccessDeniedException', 'permission_denied', apiErrors.accessDenied('ExecuteStatement')],
  ];

  it.each(cases)('%s is %s, reported at once without SDK retries', async (_, kind, error) => {
    fake.failNext('ExecuteStatement', error);
    const before = fake.calls('ExecuteStatement');
    const err = await failure(session.execute('SELECT 1 AS m0'));
    expect(fake.calls('ExecuteStatement') - before).toBe(1);
    expect(err.kind).toBe(kind);
    expect(err.driverCode).toBe(error.type);
    expect(err.message).toContain(error.message);
  });

  it('ActiveStatementsExceededException, when the server is at its limit, is rate_limited: the run backs off', async () => {
    fake.configure({ maxActiveStatements: 1, runMs: 500 });
    const holding = session.execute('SELECT 1 AS m0');
    expect(await waitFor(() => fake.statements().some((s) => s.status === 'STARTED'))).toBe(true);
    const err = await failure(session.execute('SELECT 2 AS m0'));
    expect(err).toMatchObject({ kind: 'rate_limited', driverCode: 'ActiveStatementsExceededException' });
    expect(reactionTo(err)).toEqual({ retry: true, lowerConcurrency: true });
    await holding;
  });

  it('an unknown cluster is a ValidationException of cause object_not_found', async () => {
    const other = await connect(redshiftSource(fake, credentials, { cluster_identifier: 'no-such-cluster' }));
    const err = await failure(other.execute('SELECT 1 AS m0')).finally(() => other.close());
    expect(err).toMatchObject({ kind: 'object_not_found', driverCode: 'ValidationException' });
  });
});

describe('a statement that fails in the database', () => {
  it("a missing column is object_not_found, with Redshift's error message", async () => {
    const err = await failure(session.execute(`SELECT missing_column AS m0 FROM ${schema.q}.t`));
    expect(err).toMatchObject({ kind: 'object_not_found', driverCode: 'FAILED' });
    expect(err.message).toMatch(/column "missing_column" does not exist/);
  });

  it('a syntax error is syntax, never retried', async () => {
    const err = await failure(session.execute(`SELEC COUNT(*) AS m0 FROM ${schema.q}.t`));
    expect(err).toMatchObject({ kind: 'syntax', driverCode: 'FAILED' });
    expect(err.message).toMatch(/syntax error/);
    expect(reactionTo(err).retry).toBe(false);
  });

  it('a database that does not exist fails the statement: object_not_found', async () => {
    const other = await connect({ ...redshiftSource(fake, credentials), database: 'no_such_db' });
    const err = await failure(other.execute('SELECT 1 AS m0')).finally(() => other.close());
    expect(err).toMatchObject({ kind: 'object_not_found', driverCode: 'FAILED' });
    expect(err.message).toMatch(/no_such_db/);
  });
});

describe('a FAILED statement is classified by its message, as Redshift words it', () => {
  /** The statement fails on the server with exactly `message`, reported by the Data API as FAILED. */
  const raising = (message: string) => `DO $body$ BEGIN RAISE EXCEPTION '%', '${message.replaceAll("'", "''")}'; END $body$`;
  const cases: Array<[string, ErrorCause, boolean, string]> = [
    ['a WLM query monitoring rule abort', 'resource_exhausted', true, 'Query (1838) cancelled by WLM abort action of Query Monitoring Rule "long_scans".'],
    [
      'a serializable isolation violation (1023)',
      'serialization_conflict',
      true,
      '1023 DETAIL: Serializable isolation violation on table - 100123, transactions forming the cycle are: 5821, 5840 (pid:1230)',
    ],
    ['a failover', 'connection_lost', true, 'Cluster failover in progress; the connection was closed'],
    ['a restart', 'connection_lost', true, 'server closed the connection unexpectedly'],
    ['a division by zero', 'unknown', false, 'division by zero'],
  ];

  it.each(cases)('%s is %s (retried: %s)', async (_, kind, retried, message) => {
    const err = await failure(session.execute(raising(message)));
    expect(err).toMatchObject({ kind, driverCode: 'FAILED' });
    expect(err.message).toContain(message);
    expect(reactionTo(err).retry).toBe(retried);
  });
});

describe('SQL of other engines fails as Redshift fails it (the fake is strict)', () => {
  it.each([
    ['APPROX_COUNT_DISTINCT (Snowflake, BigQuery)', 'APPROX_COUNT_DISTINCT(id)', 'function approx_count_distinct does not exist'],
    ['IFF (Snowflake)', 'MAX(IFF(id > 0, 1, 0))', 'function iff does not exist'],
    ['SAFE_CAST (BigQuery)', 'MAX(SAFE_CAST(id AS STRING))', 'function safe_cast does not exist'],
  ])('%s', async (_, expression, message) => {
    const err = await failure(session.execute(`SELECT ${expression} AS m0 FROM ${schema.q}.t`));
    expect(err).toMatchObject({ kind: 'object_not_found', driverCode: 'FAILED' });
    expect(err.message).toContain(message);
  });

  it("the dialect's own functions run", async () => {
    const result = await session.execute(`SELECT APPROXIMATE COUNT(DISTINCT id) AS m0, MAX(CHAR_LENGTH(CAST(id AS VARCHAR))) AS m1 FROM ${schema.q}.t`);
    expect('rows' in result && result.rows).toEqual([{ m0: 0, m1: null }]);
  });
});

describe('calls about a running statement', () => {
  it('retries a throttled DescribeStatement, and the statement succeeds', async () => {
    fake.failNext('DescribeStatement', apiErrors.throttling(), 2);
    const before = fake.calls('DescribeStatement');
    const result = await session.execute('SELECT 7 AS m0');
    expect('rows' in result && result.rows).toEqual([{ m0: 7 }]);
    expect(fake.calls('DescribeStatement') - before).toBeGreaterThanOrEqual(3);
  });

  it('retries a GetStatementResult that failed with a 500', async () => {
    fake.failNext('GetStatementResult', apiErrors.internal());
    const result = await session.execute('SELECT 8 AS m0');
    expect('rows' in result && result.rows).toEqual([{ m0: 8 }]);
  });

  it('cancels the statement on the server when polling fails for good, and reports an internal error', async () => {
    fake.configure({ runMs: 10_000 });
    const marker = `orphan_${Date.now()}`;
    fake.failNext('DescribeStatement', apiErrors.internal(), 5);
    const err = await failure(session.execute(`SELECT 1 AS ${marker}`));
    expect(err).toMatchObject({ kind: 'internal', driverCode: 'InternalServerException' });
    const statement = fake.statements().find((s) => s.request.sql.includes(marker))!;
    expect(statement.cancelRequested).toBe(true);
    expect(statement.status).toBe('ABORTED');
  });
});

describe('reaching the service', () => {
  it('an endpoint nobody listens on is connection_refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const other = await connect(redshiftSource(fake, credentials, { endpoint: `http://127.0.0.1:${port}` }));
    const err = await failure(other.execute('SELECT 1 AS m0')).finally(() => other.close());
    expect(err).toMatchObject({ kind: 'connection_refused', driverCode: 'ECONNREFUSED' });
  });

  it('a wrong secret key is InvalidSignatureException: authentication_failed', async () => {
    const other = await connect(redshiftSource(fake, { ...credentials, secretAccessKey: 'not-the-secret' }));
    const err = await failure(other.execute('SELECT 1 AS m0')).finally(() => other.close());
    expect(err).toMatchObject({ kind: 'authentication_failed', driverCode: 'InvalidSignatureException' });
  });

  it('an unknown access key is UnrecognizedClientException: authentication_failed', async () => {
    const other = await connect(redshiftSource(fake, { ...credentials, accessKeyId: 'AKIAUNKNOWN' }));
    const err = await failure(other.execute('SELECT 1 AS m0')).finally(() => other.close());
    expect(err).toMatchObject({ kind: 'authentication_failed', driverCode: 'UnrecognizedClientException' });
  });

  it('takes credentials from the AWS chain (here the environment) when the config has none', async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
    try {
      const source = redshiftSource(fake, credentials);
      const { access_key_id: _id, secret_access_key: _secret, ...chained } = source.extra_params;
      const other = await connect({ ...source, extra_params: chained });
      const result = await other.execute('SELECT 3 AS m0').finally(() => other.close());
      expect('rows' in result && result.rows).toEqual([{ m0: 3 }]);
    } finally {
      for (const [key, value] of [
        ['AWS_ACCESS_KEY_ID', saved.id],
        ['AWS_SECRET_ACCESS_KEY', saved.secret],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
