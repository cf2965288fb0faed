import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { WarehouseSession } from '@baselinr/core';
import type { FakeDataApi } from './test-support/fake-data-api/server.js';
import { adminClient, connect, createTestSchema, redshiftSource, startFake, testCredentials, waitFor, type TestSchema } from './test-support/harness.js';
import { collectWarnings } from './test-support/warnings.js';

const credentials = testCredentials();
let admin: pg.Client;
let schema: TestSchema;

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'rs_fallbacks');
  await admin.query(`CREATE TABLE ${schema.q}.filled AS SELECT g AS id, 'x' || g AS label FROM generate_series(1, 250) g`);
  await admin.query(`ANALYZE ${schema.q}.filled`);
});

afterAll(async () => {
  await schema?.drop();
  await admin?.end();
});

/**
 * The warnings of `code` emitted so far. Node delivers warnings in order on a later tick, so once
 * a marker emitted now has arrived, every earlier warning has too.
 */
async function settledWarnings(warnings: ReturnType<typeof collectWarnings>, code: string): Promise<string[]> {
  process.emitWarning('all earlier warnings delivered', { code: 'TEST_MARKER' });
  expect(await waitFor(() => warnings.byCode('TEST_MARKER').length > 0, 100, 5)).toBe(true);
  return warnings.byCode(code);
}

describe('an ordinary user, to whom SVV_TABLE_INFO shows nothing', () => {
  let fake: FakeDataApi;
  let session: WarehouseSession;

  beforeAll(async () => {
    fake = await startFake(credentials, { ordinaryUser: true });
    session = await connect(redshiftSource(fake, credentials));
  });
  afterAll(async () => {
    await session?.close();
    await fake?.close();
  });

  it('still gets row estimates, from pg_class.reltuples, with one warning per run that says why and what restores them', async () => {
    const warnings = collectWarnings();
    try {
      const first = await session.listTables({ schemas: [schema.name] });
      const second = await session.listTables({ schemas: [schema.name] });
      expect(first).toEqual([{ schema: schema.name, table: 'filled', type: 'table', rowEstimate: 250 }]);
      expect(second).toEqual(first);
      const said = await settledWarnings(warnings, 'BASELINR_REDSHIFT_ROW_ESTIMATES');
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/SVV_TABLE_INFO.*pg_class\.reltuples.*SYSLOG ACCESS UNRESTRICTED/);
    } finally {
      warnings.stop();
    }
  });
});

describe('names folded to lower case, as Redshift folds them', () => {
  let fake: FakeDataApi;
  let session: WarehouseSession;
  const shouted = () => schema.name.toUpperCase();

  beforeAll(async () => {
    fake = await startFake(credentials);
    session = await connect(redshiftSource(fake, credentials));
  });
  afterAll(async () => {
    await session?.close();
    await fake?.close();
  });

  it('a schema configured in upper case lists and describes the lower-case schema, under the configured name, with a warning', async () => {
    const warnings = collectWarnings();
    try {
      const tables = await session.listTables({ schemas: [shouted()] });
      expect(tables).toEqual([{ schema: shouted(), table: 'filled', type: 'table', rowEstimate: 250 }]);
      const [described] = await session.describeTables([{ schema: shouted(), table: 'filled' }]);
      expect(described).toMatchObject({ schema: shouted(), table: 'filled', columns: [{ name: 'id' }, { name: 'label' }] });
      const said = await settledWarnings(warnings, 'BASELINR_REDSHIFT_NAME_FOLDED');
      expect(said).toEqual([expect.stringContaining(`write schema: ${schema.name}`)]);
    } finally {
      warnings.stop();
    }
  });

  it('a schema spelled as Redshift lists it gives no warning', async () => {
    const warnings = collectWarnings();
    try {
      expect(await session.listTables({ schemas: [schema.name] })).toHaveLength(1);
      expect(await settledWarnings(warnings, 'BASELINR_REDSHIFT_NAME_FOLDED')).toEqual([]);
    } finally {
      warnings.stop();
    }
  });
});
