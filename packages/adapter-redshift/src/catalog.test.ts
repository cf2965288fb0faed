import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { TableDescription, WarehouseSession } from '@baselinr/core';
import type { FakeDataApi } from './test-support/fake-data-api/server.js';
import { adminClient, connect, createTestSchema, engine, quote, redshiftSource, runConfig, startFake, tempDir, testCredentials, type TestSchema } from './test-support/harness.js';

const credentials = testCredentials();
const HOSTILE = `we"ird 'name; --`;
let fake: FakeDataApi;
let admin: pg.Client;
let main: TestSchema;
let other: TestSchema;
let session: WarehouseSession;
let store: ReturnType<typeof tempDir>;

beforeAll(async () => {
  admin = await adminClient();
  main = await createTestSchema(admin, 'rs_catalog');
  other = await createTestSchema(admin, 'rs_catalog_other');
  store = tempDir();
  fake = await startFake(credentials);
  await admin.query(`CREATE TABLE ${main.q}.filled (id integer, amount numeric(12,2), label varchar(16), code char(3), at timestamptz, ok boolean, ratio double precision)`);
  await admin.query(`INSERT INTO ${main.q}.filled SELECT g, g / 4.0, 'x' || g, 'abc', now(), g % 2 = 0, g / 3.0 FROM generate_series(1, 120) g`);
  await admin.query(`CREATE TABLE ${main.q}.empty (id bigint)`);
  await admin.query(`CREATE VIEW ${main.q}.recent AS SELECT id, label FROM ${main.q}.filled WHERE id > 100`);
  await admin.query(`CREATE TABLE ${main.q}.${quote(HOSTILE)} (${quote('col"umn')} integer, raw bytea)`);
  await admin.query(`CREATE TABLE ${other.q}.elsewhere (id integer)`);
  await admin.query(`ANALYZE ${main.q}.filled`);
  await admin.query(`ANALYZE ${main.q}.empty`);
  session = await connect(redshiftSource(fake, credentials));
});

afterAll(async () => {
  await session?.close();
  await fake?.close();
  await main?.drop();
  await other?.drop();
  await admin?.end();
  store?.remove();
});

const catalogStatements = (marker: string) => fake.statements().filter((s) => s.request.sql.includes(marker)).length;

describe('listTables', () => {
  it('lists tables and views of every schema asked for, in that order, with estimates where SVV_TABLE_INFO has one', async () => {
    const tables = await session.listTables({ schemas: [other.name, main.name] });
    expect(tables).toEqual([
      { schema: other.name, table: 'elsewhere', type: 'table' },
      { schema: main.name, table: 'empty', type: 'table' },
      { schema: main.name, table: 'filled', type: 'table', rowEstimate: 120 },
      { schema: main.name, table: 'recent', type: 'view' },
      { schema: main.name, table: HOSTILE, type: 'table' },
    ]);
  });

  it('costs two statements whatever the number of schemas', async () => {
    const before = fake.calls('ExecuteStatement');
    await session.listTables({ schemas: [main.name, other.name, 'no_such_schema'] });
    expect(fake.calls('ExecuteStatement') - before).toBe(2);
  });
});

describe('describeTables', () => {
  let described: TableDescription[];
  let statements: number;

  beforeAll(async () => {
    const before = catalogStatements('svv_columns');
    described = await session.describeTables([
      { schema: main.name, table: 'filled' },
      { schema: main.name, table: 'recent' },
      { schema: main.name, table: HOSTILE },
      { schema: other.name, table: 'elsewhere' },
      { schema: main.name, table: 'missing' },
    ]);
    statements = catalogStatements('svv_columns') - before;
  });

  it('describes a batch of tables across schemas with one catalog statement', () => {
    expect(statements).toBe(1);
    expect(described.map((d) => `${d.schema}.${d.table}`).sort()).toEqual(
      [`${main.name}.filled`, `${main.name}.recent`, `${main.name}.${HOSTILE}`, `${other.name}.elsewhere`].sort(),
    );
  });

  it('gives columns in order with their declared types and kinds', () => {
    const filled = described.find((d) => d.table === 'filled')!;
    expect(filled.columns).toEqual([
      { name: 'id', dataType: 'integer', kind: 'integer' },
      { name: 'amount', dataType: 'numeric(12,2)', kind: 'decimal' },
      { name: 'label', dataType: 'character varying(16)', kind: 'string' },
      { name: 'code', dataType: 'character(3)', kind: 'string' },
      { name: 'at', dataType: 'timestamp with time zone', kind: 'temporal' },
      { name: 'ok', dataType: 'boolean', kind: 'boolean' },
      { name: 'ratio', dataType: 'double precision', kind: 'float' },
    ]);
  });

  it('passes hostile names as parameters and counts unknown types only', () => {
    const hostile = described.find((d) => d.table === HOSTILE)!;
    expect(hostile.columns[0]).toEqual({ name: 'col"umn', dataType: 'integer', kind: 'integer' });
    expect(hostile.columns[1]).toMatchObject({ name: 'raw', kind: 'other', unsupportedReason: expect.stringMatching(/counts/) });
    const statement = fake
      .statements()
      .filter((s) => s.request.sql.includes('svv_columns'))
      .at(-1)!;
    expect(statement.request.sql).not.toContain(HOSTILE);
    expect(statement.request.parameters.map((p) => p.value)).toContain(HOSTILE);
  });
});

describe('in a run', () => {
  it('describes tables in batches of execution.batch_size, one statement per batch', async () => {
    const before = catalogStatements('svv_columns');
    const config = runConfig(
      redshiftSource(fake, credentials),
      { profiling: { tables: [{ schema: main.name, select_schema: true }] }, execution: { batch_size: 2, max_workers: 2 } },
      store.path,
    );
    const result = await engine(config).profile();
    expect(result.succeeded).toBe(4);
    expect(catalogStatements('svv_columns') - before).toBe(Math.ceil(4 / 2));
    const filled = result.tables.find((t) => t.table === 'filled')!;
    expect(filled.rowCount).toBe(120);
    expect(result.tables.find((t) => t.table === HOSTILE)!.columns.find((c) => c.column === 'raw')!.note).toMatch(/counts/);
  });
});
