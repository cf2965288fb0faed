import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { QueryResult, WarehouseSession } from '@baselinr/core';
import { quoteIdentifier } from './dialect.js';
import { decodeRows, timestampText } from './decode.js';
import { FakeBigQuery } from './test-support/fake-bigquery/server.js';
import { bigquerySource, connect } from './test-support/harness.js';
import { PG, adminClient, createTestDataset, type TestDataset } from './test-support/pg.js';

let admin: pg.Client;
let fake: FakeBigQuery;
let dataset: TestDataset;
let session: WarehouseSession;

const VALUES = [
  { big: '9007199254740993', dec: '12345678901234.567891', ts: '2024-02-29 12:34:56.123456+00', dt: '1999-12-31 23:59:59.5', d: '2000-02-29', f: 0.1, ok: true },
  { big: '-9223372036854775808', dec: '-0.000001', ts: '1969-12-31 23:59:59.999999+00', dt: '1970-01-01 00:00:00', d: '1969-07-20', f: -1e300, ok: false },
  { big: null, dec: null, ts: null, dt: null, d: null, f: null, ok: null },
];

beforeAll(async () => {
  admin = await adminClient();
  dataset = await createTestDataset(admin, 'bq_decode');
  await admin.query(`CREATE TABLE ${dataset.q}.typed (n int, big bigint, dec numeric(30,6), ts timestamptz, dt timestamp, d date, f float8, ok boolean, raw bytea)`);
  for (const [i, v] of VALUES.entries()) {
    await admin.query(`INSERT INTO ${dataset.q}.typed VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
      i,
      v.big,
      v.dec,
      v.ts,
      v.dt,
      v.d,
      v.f,
      v.ok,
      i === 0 ? Buffer.from([0, 255, 16]) : null,
    ]);
  }
  fake = await FakeBigQuery.start({ pg: PG });
  session = await connect(bigquerySource(fake, dataset.name), `decode-${randomUUID()}`);
});

afterAll(async () => {
  await fake?.close();
  await dataset?.drop();
  await admin?.end();
});

describe('decoding query results', () => {
  it('returns INT64, NUMERIC, TIMESTAMP, DATETIME and DATE exactly, floats and booleans as such', async () => {
    const table = [fake.project, dataset.name, 'typed'].map(quoteIdentifier).join('.');
    const { rows } = (await session.execute(`SELECT big, dec, ts, dt, d, f, ok, raw FROM ${table} ORDER BY n`)) as QueryResult;
    expect(rows).toEqual(VALUES.map((v, i) => ({ ...v, raw: i === 0 ? Buffer.from([0, 255, 16]).toString('base64') : null })));
  });

  it('decodes repeated and record fields of the REST row format', () => {
    const fields = [
      { name: 'tags', type: 'STRING', mode: 'REPEATED' as const },
      {
        name: 'point',
        type: 'RECORD',
        fields: [
          { name: 'x', type: 'INTEGER' },
          { name: 'at', type: 'TIMESTAMP' },
        ],
      },
    ];
    const rows = decodeRows(fields, [{ f: [{ v: [{ v: 'a' }, { v: 'b' }] }, { v: { f: [{ v: '9007199254740993' }, { v: '1700000000000001' }] } }] }]);
    expect(rows).toEqual([{ tags: ['a', 'b'], point: { x: '9007199254740993', at: '2023-11-14 22:13:20.000001+00' } }]);
  });

  it('prints microsecond timestamps before and after the epoch', () => {
    expect(timestampText('0')).toBe('1970-01-01 00:00:00+00');
    expect(timestampText('-1')).toBe('1969-12-31 23:59:59.999999+00');
    expect(timestampText('253402300799999999')).toBe('9999-12-31 23:59:59.999999+00');
    expect(timestampText('-62135596800000000')).toBe('0001-01-01 00:00:00+00');
  });
});
