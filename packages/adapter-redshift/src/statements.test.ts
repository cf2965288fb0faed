import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { QueryResult, RunResult, WarehouseSession } from '@baselinr/core';
import type { FakeDataApi } from './test-support/fake-data-api/server.js';
import { adminClient, connect, createTestSchema, engine, redshiftSource, runConfig, startFake, tempDir, testCredentials, type TestSchema } from './test-support/harness.js';

const credentials = testCredentials();
let fake: FakeDataApi;
let admin: pg.Client;
let schema: TestSchema;
let store: ReturnType<typeof tempDir>;

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'rs_statements');
  store = tempDir();
  fake = await startFake(credentials);
  for (const name of ['orders', 'customers']) {
    await admin.query(`CREATE TABLE ${schema.q}.${name} (id bigint, amount numeric(12,2), note varchar(20))`);
    await admin.query(`INSERT INTO ${schema.q}.${name} SELECT g, g * 1.5, 'n' || g FROM generate_series(1, 30) g`);
  }
});

afterAll(async () => {
  await fake?.close();
  await schema?.drop();
  await admin?.end();
  store?.remove();
});

function asResult(value: unknown): QueryResult {
  expect(Array.isArray(value), 'execute reports a QueryResult, not bare rows').toBe(false);
  return value as QueryResult;
}

describe('statements through the SDK and the fake Data API', () => {
  let session: WarehouseSession;
  beforeAll(async () => {
    session = await connect(redshiftSource(fake, credentials));
  });
  afterAll(() => session?.close());

  it('reads every page of a result by following NextToken', async () => {
    fake.configure({ pageSize: 7 });
    const before = fake.calls('GetStatementResult');
    const result = asResult(await session.execute(`SELECT g AS n, 'row ' || g AS label FROM generate_series(1, 25) g ORDER BY g`));
    fake.configure({ pageSize: 1000 });
    expect(result.rows.map((r) => r.n)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(result.rows[24]).toEqual({ n: 25, label: 'row 25' });
    expect(fake.calls('GetStatementResult') - before).toBe(Math.ceil(25 / 7));
  });

  it('keeps 2^53 + 1 exact when it travels as text, as the dialect sends extremes', async () => {
    const big = '9007199254740993';
    const result = asResult(
      await session.execute(`SELECT ${session.dialect.exactText(`CAST(${big} AS BIGINT)`)} AS m0, CAST(NULL AS INTEGER) AS m1, TRUE AS m2, CAST(0.5 AS DOUBLE PRECISION) AS m3`),
    );
    expect(result.rows).toEqual([{ m0: big, m1: null, m2: true, m3: 0.5 }]);
  });

  it('reports the statement id the service gave, and the time it waited in the queue', async () => {
    fake.configure({ queueMs: 150 });
    const result = asResult(await session.execute('SELECT 1 AS m0'));
    fake.configure({ queueMs: 0 });
    const submitted = fake.statements().find((s) => s.id === result.queryId);
    expect(submitted, 'queryId is the Data API statement id').toBeDefined();
    // Derived from the service's own timestamps: at least the queue delay the fake imposed.
    expect(result.queuedMs).toBeGreaterThanOrEqual(140);
    // ...and no more than its whole time on the server (1 ms for rounding to the wire's milliseconds).
    expect(result.queuedMs).toBeLessThanOrEqual(submitted!.updatedAt - submitted!.createdAt + 1);
  });

  it('sends no parameters for plain statements and named parameters for catalog ones', async () => {
    await session.describeTables([{ schema: schema.name, table: 'orders' }]);
    const catalog = fake.statements().filter((s) => s.request.sql.includes('svv_columns'));
    expect(catalog.at(-1)!.request.parameters).toEqual([
      { name: 's0', value: schema.name },
      { name: 't0_0', value: 'orders' },
    ]);
  });
});

describe('run identification', () => {
  let result: RunResult;
  const runId = `ident-${randomUUID()}`;

  beforeAll(async () => {
    const config = runConfig(
      redshiftSource(fake, credentials),
      { profiling: { tables: [{ schema: schema.name, select_schema: true }] }, execution: { max_workers: 2 } },
      store.path,
    );
    result = await engine(config, { runId }).profile();
  });

  it('profiles the tables', () => {
    expect(result.succeeded).toBe(2);
  });

  it('names every statement of the run after it, catalog statements included, and tags its SQL', () => {
    const ofRun = fake.statements().filter((s) => s.request.statementName === `baselinr ${runId}`);
    const profiling = result.tables.flatMap((t) => t.statements);
    // listTables (3: the tables, SVV_TABLE_INFO, and pg_class.reltuples since the 30-row tables
    // were never analyzed) + describe (1) + 2 tables x (aggregate + histogram)
    expect(ofRun.length).toBe(4 + profiling.length);
    for (const statement of ofRun) expect(statement.request.sql.startsWith(`/* baselinr run ${runId} */ `)).toBe(true);
    for (const record of profiling) expect(ofRun.map((s) => s.id)).toContain(record.queryId);
  });

  it('runs statements against the configured cluster and database', () => {
    const ofRun = fake.statements().filter((s) => s.request.statementName === `baselinr ${runId}`);
    for (const statement of ofRun) expect(statement.request).toMatchObject({ clusterIdentifier: fake.clusterIdentifier, database: fake.database });
  });
});
