import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { CancelledError, WarehouseError, sqlPoolPolicy, type WarehouseSession } from '@baselinr/core';
import { adapter } from './index.js';
import { classifyPostgresError } from './errors.js';
import { PG, adminClient, quote, sourceConnection } from './test-support/pg.js';

let admin: pg.Client;
let session: WarehouseSession;
const limitedRole = `baselinr_limited_${process.pid}_${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  admin = await adminClient();
  session = await adapter.connect(sourceConnection(), { policy: sqlPoolPolicy(1), runId: `errors-${randomUUID()}` });
  // A role allowed one connection: the cheapest way to make the server refuse with 53300.
  await admin.query(`CREATE ROLE ${quote(limitedRole)} LOGIN CONNECTION LIMIT 1`);
});

afterAll(async () => {
  await session?.close();
  await admin?.query(`DROP ROLE IF EXISTS ${quote(limitedRole)}`);
  await admin?.end();
});

/** The rejection of `promise`, which must reject. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (err: unknown) => err,
  );
}

function expectWarehouseError(err: unknown, kind: string, code: string): void {
  expect(err).toBeInstanceOf(WarehouseError);
  expect((err as WarehouseError).kind).toBe(kind);
  expect((err as WarehouseError).driverCode).toBe(code);
  expect(session.classifyError(err)).toBe(kind);
  // The driver's own error is kept as the cause, and classifies the same way.
  expect(session.classifyError((err as WarehouseError).cause)).toBe(kind);
}

describe('classifyError on real failures', () => {
  it('bad SQL is permanent', async () => {
    expectWarehouseError(await rejection(session.execute('SELEC 1')), 'permanent', '42601');
  });

  it('a missing table is permanent', async () => {
    expectWarehouseError(await rejection(session.execute('SELECT * FROM no_such_table_here')), 'permanent', '42P01');
  });

  it('two statements in one call are refused', async () => {
    expectWarehouseError(await rejection(session.execute('SELECT 1; SELECT 2')), 'permanent', '42601');
  });

  it('a refused connection is transient', async () => {
    const err = await rejection(adapter.connect(sourceConnection({ port: 1 }), { policy: sqlPoolPolicy(1), runId: 'refused' }));
    expectWarehouseError(err, 'transient', 'ECONNREFUSED');
  });

  it('a database that does not exist is permanent', async () => {
    const err = await rejection(adapter.connect(sourceConnection({ database: `missing_${randomUUID()}` }), { policy: sqlPoolPolicy(1), runId: 'nodb' }));
    expectWarehouseError(err, 'permanent', '3D000');
  });

  it('a role over its CONNECTION LIMIT is a connection limit', async () => {
    const holder = new pg.Client({ ...PG, user: limitedRole });
    await holder.connect();
    try {
      const err = await rejection(adapter.connect(sourceConnection({ username: limitedRole }), { policy: sqlPoolPolicy(1), runId: 'limited' }));
      expectWarehouseError(err, 'connection_limit', '53300');
    } finally {
      await holder.end();
    }
  });

  it('a statement_timeout cancel (not ours) is transient', async () => {
    const timed = await adapter.connect(sourceConnection({ extra_params: { statement_timeout: 50 } }), { policy: sqlPoolPolicy(1), runId: 'timeout' });
    try {
      const err = await rejection(timed.execute('SELECT pg_sleep(2)'));
      expect(err).toBeInstanceOf(WarehouseError);
      expect((err as WarehouseError).driverCode).toBe('57014');
      expect(timed.classifyError(err)).toBe('transient');
    } finally {
      await timed.close();
    }
  });

  it('our own cancellation is permanent, and codes the server sends for retryable states are transient', () => {
    expect(classifyPostgresError(new CancelledError())).toBe('permanent');
    for (const code of ['40001', '40P01', '57P01', '08006', '08001']) expect(classifyPostgresError(Object.assign(new Error(code), { code }))).toBe('transient');
    expect(classifyPostgresError(Object.assign(new Error('too many'), { code: '53400' }))).toBe('connection_limit');
    for (const code of ['28P01', '42501', '22012']) expect(classifyPostgresError(Object.assign(new Error(code), { code }))).toBe('permanent');
  });
});
