import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { CancelledError, WarehouseError, reactionTo, type ErrorCause, type WarehouseSession } from '@baselinr/core';
import { adapter } from './index.js';
import { postgresErrorCause } from './errors.js';
import { PG, adminClient, policy, quote, sourceConnection } from './test-support/pg.js';

let admin: pg.Client;
let session: WarehouseSession;
const limitedRole = `baselinr_limited_${process.pid}_${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  admin = await adminClient();
  session = await adapter.connect(sourceConnection(), { policy: policy(1), runId: `errors-${randomUUID()}` });
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

function expectWarehouseError(err: unknown, cause: ErrorCause, code: string): void {
  expect(err).toBeInstanceOf(WarehouseError);
  expect((err as WarehouseError).kind).toBe(cause);
  expect((err as WarehouseError).driverCode).toBe(code);
  // The driver's own error is kept as the cause, and its message in ours.
  const driverError = (err as WarehouseError).cause as Error;
  expect(driverError).toBeInstanceOf(Error);
  expect((err as WarehouseError).message).toContain(driverError.message);
  expect(postgresErrorCause(driverError)).toBe(cause);
}

/** A driver error as pg reports it: a message and a SQLSTATE or Node code. */
function driverError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe('real failures, normalised to causes', () => {
  it('bad SQL is a syntax error', async () => {
    expectWarehouseError(await rejection(session.execute('SELEC 1')), 'syntax', '42601');
  });

  it('a missing table is object_not_found', async () => {
    expectWarehouseError(await rejection(session.execute('SELECT * FROM no_such_table_here')), 'object_not_found', '42P01');
  });

  it('two statements in one call are refused as syntax', async () => {
    expectWarehouseError(await rejection(session.execute('SELECT 1; SELECT 2')), 'syntax', '42601');
  });

  it('a refused connection is connection_refused, and retried', async () => {
    const err = await rejection(adapter.connect(sourceConnection({ port: 1 }), { policy: policy(1), runId: 'refused' }));
    expectWarehouseError(err, 'connection_refused', 'ECONNREFUSED');
    expect(reactionTo(err).retry).toBe(true);
  });

  it('a database that does not exist is object_not_found', async () => {
    const err = await rejection(adapter.connect(sourceConnection({ database: `missing_${randomUUID()}` }), { policy: policy(1), runId: 'nodb' }));
    expectWarehouseError(err, 'object_not_found', '3D000');
  });

  it('a role that does not exist is authentication_failed, not retried', async () => {
    const err = await rejection(adapter.connect(sourceConnection({ username: `nobody_${randomUUID().slice(0, 8)}` }), { policy: policy(1), runId: 'norole' }));
    expectWarehouseError(err, 'authentication_failed', '28000');
    expect(reactionTo(err).retry).toBe(false);
  });

  it('a schema the role may not use is permission_denied', async () => {
    const schema = `bl_denied_${process.pid}_${randomUUID().slice(0, 8)}`;
    await admin.query(`CREATE SCHEMA ${quote(schema)}`);
    await admin.query(`CREATE TABLE ${quote(schema)}.t AS SELECT 1 AS id`);
    const limited = await adapter.connect(sourceConnection({ username: limitedRole }), { policy: policy(1), runId: 'denied' });
    try {
      expectWarehouseError(await rejection(limited.execute(`SELECT * FROM ${quote(schema)}.t`)), 'permission_denied', '42501');
    } finally {
      await limited.close();
      await admin.query(`DROP SCHEMA ${quote(schema)} CASCADE`);
    }
  });

  it('a role over its CONNECTION LIMIT is too_many_connections, so core lowers concurrency', async () => {
    const holder = new pg.Client({ ...PG, user: limitedRole });
    await holder.connect();
    try {
      const err = await rejection(adapter.connect(sourceConnection({ username: limitedRole }), { policy: policy(1), runId: 'limited' }));
      expectWarehouseError(err, 'too_many_connections', '53300');
      expect(reactionTo(err)).toEqual({ retry: true, lowerConcurrency: true });
    } finally {
      await holder.end();
    }
  });

  it('a statement_timeout is a timeout, and retried', async () => {
    const timed = await adapter.connect(sourceConnection({ extra_params: { statement_timeout: 50 } }), { policy: policy(1), runId: 'timeout' });
    try {
      const err = await rejection(timed.execute('SELECT pg_sleep(2)'));
      expectWarehouseError(err, 'timeout', '57014');
      expect(reactionTo(err).retry).toBe(true);
    } finally {
      await timed.close();
    }
  });

  it("someone else's pg_cancel_backend is cancelled, not retried", async () => {
    const marker = `victim_${randomUUID().slice(0, 8)}`;
    const running = rejection(session.execute(`SELECT pg_sleep(30) AS ${marker}`));
    let cancelled = false;
    for (let i = 0; i < 200 && !cancelled; i++) {
      const { rows } = await admin.query(
        `SELECT pg_cancel_backend(pid) AS ok FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND position($1 in query) > 0`,
        [marker],
      );
      cancelled = rows.length > 0;
      if (!cancelled) await sleep(10);
    }
    expect(cancelled).toBe(true);
    const err = await running;
    expectWarehouseError(err, 'cancelled', '57014');
    expect(reactionTo(err).retry).toBe(false);
  });
});

describe('causes of driver errors', () => {
  it('maps server states to what happened', () => {
    const expected: Record<string, ErrorCause> = {
      '40001': 'serialization_conflict',
      '40P01': 'serialization_conflict',
      '53400': 'too_many_connections',
      '53100': 'resource_exhausted',
      '53200': 'resource_exhausted',
      '57P01': 'connection_lost',
      '57P03': 'connection_refused',
      '08006': 'connection_lost',
      '08001': 'connection_refused',
      '28P01': 'authentication_failed',
      '3F000': 'object_not_found',
      '42703': 'object_not_found',
      '42P07': 'syntax',
      '55P03': 'timeout',
      XX000: 'internal',
      '22012': 'unknown',
    };
    for (const [code, cause] of Object.entries(expected)) expect([code, postgresErrorCause(driverError(code))]).toEqual([code, cause]);
  });

  it('maps socket failures and pg messages without a code', () => {
    expect(postgresErrorCause(driverError('ECONNRESET'))).toBe('connection_lost');
    expect(postgresErrorCause(driverError('ETIMEDOUT'))).toBe('timeout');
    expect(postgresErrorCause(driverError('ENOTFOUND'))).toBe('unknown');
    expect(postgresErrorCause(new Error('Connection terminated unexpectedly'))).toBe('connection_lost');
    expect(postgresErrorCause(new Error('timeout exceeded when trying to connect'))).toBe('timeout');
  });

  it('leaves our own cancellation to core: never retried', () => {
    expect(reactionTo(new CancelledError())).toEqual({ retry: false, lowerConcurrency: false });
  });
});
