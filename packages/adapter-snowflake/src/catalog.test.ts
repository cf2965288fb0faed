import './test-support/sdk-env.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { ConfigError } from '@baselinr/core';
import type { SnowflakeSession } from './session.js';
import { FakeSnowflake } from './test-support/fake-snowflake/server.js';
import { DATABASE, USER, adminClient, createTestSchema, engine, engineConfig, openSession, quote, sourceConnection, tempDir } from './test-support/harness.js';

const HOSTILE = 'we"ird.name';
const PLAIN_TABLES = ['T1', 'T2', 'T3', 'T4', 'T5'];

let admin: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let fake: FakeSnowflake;
let session: SnowflakeSession;
let store: ReturnType<typeof tempDir>;

/** Catalog statements the server ran, by the view they read. */
const describeQueries = () => fake.queries().filter((q) => q.sqlText.includes('INFORMATION_SCHEMA.COLUMNS'));
const listQueries = () => fake.queries().filter((q) => q.sqlText.includes('INFORMATION_SCHEMA.TABLES') && !q.sqlText.includes('COLUMNS'));

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'bl_sf_catalog');
  store = tempDir();
  for (const [i, name] of PLAIN_TABLES.entries()) {
    await admin.query(`CREATE TABLE ${schema.q}.${quote(name)} ("ID" int8, "AMOUNT" numeric(12,2), "NAME" varchar(20), "AT" timestamptz, "DOC" jsonb)`);
    await admin.query(`INSERT INTO ${schema.q}.${quote(name)} ("ID") SELECT g FROM generate_series(1, ${(i + 1) * 3}) g`);
  }
  await admin.query(`CREATE TABLE ${schema.q}."MixedCase" ("Value" float8, "flag" boolean)`);
  await admin.query(`CREATE TABLE ${schema.q}.${quote(HOSTILE)} (${quote('a"b')} int4, "D" date)`);
  await admin.query(`INSERT INTO ${schema.q}.${quote(HOSTILE)} VALUES (1, '2024-02-29'), (NULL, NULL)`);
  await admin.query(`CREATE VIEW ${schema.q}."V_T1" AS SELECT "ID" FROM ${schema.q}."T1"`);
  fake = await FakeSnowflake.start({ users: [USER], longPollMs: 200 });
  session = await openSession(sourceConnection(fake, schema.name));
});

afterAll(async () => {
  await session?.close();
  await fake?.stop();
  await schema?.drop();
  await admin?.end();
  store?.remove();
});

describe('listTables', () => {
  it('lists tables with Snowflake row counts and views without, in one query', async () => {
    const before = listQueries().length;
    const listed = await session.listTables({ schemas: [schema.name] });
    expect(listQueries().length - before).toBe(1);
    expect(listed.map((t) => t.table)).toEqual([...PLAIN_TABLES, 'V_T1', HOSTILE, 'MixedCase'].sort());
    expect(listed.find((t) => t.table === 'T4')).toEqual({ schema: schema.name, table: 'T4', type: 'table', rowEstimate: 12 });
    expect(listed.find((t) => t.table === 'V_T1')).toEqual({ schema: schema.name, table: 'V_T1', type: 'view' });
  });

  it('names the database: catalog queries never depend on the session having a current one', async () => {
    await session.listTables({ schemas: [schema.name] });
    await session.describeTables([{ schema: schema.name, table: 'T1' }]);
    expect(listQueries().at(-1)?.sqlText).toContain(`FROM "${DATABASE}".INFORMATION_SCHEMA.TABLES WHERE`);
    expect(describeQueries().at(-1)?.sqlText).toContain(`FROM "${DATABASE}".INFORMATION_SCHEMA.COLUMNS c JOIN "${DATABASE}".INFORMATION_SCHEMA.TABLES t`);
  });

  it('stops with the upper-case spelling when a schema is written in lower case', async () => {
    const lower = schema.name.toLowerCase();
    const err = await session.listTables({ schemas: [lower] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(`write schema: ${schema.name}`);
  });

  it('lists nothing for a schema that does not exist', async () => {
    expect(await session.listTables({ schemas: ['NO_SUCH_SCHEMA_ANYWHERE'] })).toEqual([]);
  });
});

describe('describeTables', () => {
  it('describes a batch in one catalog query, leaving out tables that do not exist', async () => {
    const before = describeQueries().length;
    const refs = ['T1', 'MixedCase', HOSTILE, 'NOT_THERE'].map((table) => ({ schema: schema.name, table }));
    const described = await session.describeTables(refs);
    expect(describeQueries().length - before).toBe(1);
    expect(described.map((d) => d.table)).toEqual(['T1', 'MixedCase', HOSTILE]);
    expect(described[0]).toEqual({
      schema: schema.name,
      table: 'T1',
      rowEstimate: 3,
      columns: [
        { name: 'ID', dataType: 'NUMBER(38,0)', kind: 'integer' },
        { name: 'AMOUNT', dataType: 'NUMBER(12,2)', kind: 'decimal' },
        { name: 'NAME', dataType: 'TEXT', kind: 'string' },
        { name: 'AT', dataType: 'TIMESTAMP_TZ', kind: 'temporal' },
        { name: 'DOC', dataType: 'VARIANT', kind: 'other', unsupportedReason: expect.stringMatching(/counts only/) },
      ],
    });
    expect(described[1]!.columns).toEqual([
      { name: 'Value', dataType: 'FLOAT', kind: 'float' },
      { name: 'flag', dataType: 'BOOLEAN', kind: 'boolean' },
    ]);
    expect(described[2]!.columns.map((c) => c.name)).toEqual(['a"b', 'D']);
  });
});

describe('a run', () => {
  it('describes tables in batches of execution.batch_size and profiles quoted and hostile names', async () => {
    const describesBefore = describeQueries().length;
    const result = await engine(
      engineConfig({ source: sourceConnection(fake, schema.name), profiling: { tables: [{ select_schema: true }] }, execution: { batch_size: 3 } }, store.path),
    ).profile();
    expect(result.failed).toBe(0);
    expect(result.tables).toHaveLength(PLAIN_TABLES.length + 3);
    // 8 tables in batches of 3: three catalog queries for all of their columns.
    expect(describeQueries().length - describesBefore).toBe(3);
    const hostile = result.tables.find((t) => t.table === HOSTILE)!;
    expect(hostile.rowCount).toBe(2);
    expect(hostile.columns.find((c) => c.column === 'a"b')!.metrics).toMatchObject({ count: 2, null_count: 1, min: '1', max: '1' });
    expect(hostile.columns.find((c) => c.column === 'D')!.metrics).toMatchObject({ min: '2024-02-29', max: '2024-02-29' });
  });
});
