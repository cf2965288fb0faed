import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, WarehouseError, reactionTo, validateConfig, type ErrorCause, type WarehouseSession } from '@baselinr/core';
import adapter from './index.js';
import { mysqlErrorCause } from './errors.js';
import { adminConnection, createTestDatabase, policy, type TestDatabase } from './test-support/db.js';

let db: TestDatabase;
let session: WarehouseSession;
const limitedUser = `blr_lim_${randomBytes(3).toString('hex')}`;
const limitedPassword = `pw_${randomBytes(6).toString('hex')}`;

const source = (overrides: Record<string, unknown> = {}) => validateConfig({ source: { ...db.connection(), ...overrides } }).source;

/** The error a promise rejects with (fails the test if it resolves). */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  db = await createTestDatabase('errors');
  await db.admin.query('CREATE TABLE allowed (x INT)');
  await db.admin.query('CREATE TABLE forbidden (x INT)');
  await db.admin.query(`CREATE USER '${limitedUser}'@'%' IDENTIFIED BY '${limitedPassword}' WITH MAX_USER_CONNECTIONS 1`);
  await db.admin.query(`CREATE USER '${limitedUser}'@'localhost' IDENTIFIED BY '${limitedPassword}' WITH MAX_USER_CONNECTIONS 1`);
  for (const host of ['%', 'localhost']) await db.admin.query(`GRANT SELECT ON \`${db.name}\`.allowed TO '${limitedUser}'@'${host}'`);
  session = await adapter.connect(source(), { policy: policy(4), runId: 'errors-test' });
});

afterAll(async () => {
  await session?.close();
  for (const host of ['%', 'localhost']) await db?.admin.query(`DROP USER IF EXISTS '${limitedUser}'@'${host}'`);
  await db?.drop();
});

/** A normalised failure: the cause, the driver's code, and the driver's error kept as `cause`. */
function expectCause(err: unknown, cause: ErrorCause, code: RegExp | string): void {
  expect(err).toBeInstanceOf(WarehouseError);
  expect((err as WarehouseError).kind).toBe(cause);
  if (typeof code === 'string') expect((err as WarehouseError).driverCode).toBe(code);
  else expect((err as WarehouseError).driverCode).toMatch(code);
  expect(mysqlErrorCause((err as WarehouseError).cause)).toBe(cause);
}

describe('real server errors, normalised to causes', () => {
  it('bad SQL is a syntax error and keeps the driver code and message', async () => {
    const err = await failure(session.execute('SELEC 1'));
    expectCause(err, 'syntax', 'ER_PARSE_ERROR (1064)');
    expect((err as WarehouseError).message).toMatch(/SQL syntax/);
    expect(reactionTo(err).retry).toBe(false);
  });

  it('a missing table is object_not_found', async () => {
    expectCause(await failure(session.execute('SELECT COUNT(*) FROM no_such_table')), 'object_not_found', 'ER_NO_SUCH_TABLE (1146)');
  });

  it('a refused connection is connection_refused, and retried', async () => {
    const err = await failure(adapter.connect(source({ port: 1 }), { policy: policy(1), runId: 'refused' }));
    expectCause(err, 'connection_refused', 'ECONNREFUSED');
    expect(reactionTo(err).retry).toBe(true);
  });

  it('wrong credentials (1045) are authentication_failed; a database without access (1044) is permission_denied', async () => {
    const auth = await failure(adapter.connect(source({ username: limitedUser, password: 'wrong' }), { policy: policy(1), runId: 'auth' }));
    expectCause(auth, 'authentication_failed', /\(1045\)/);
    expect(reactionTo(auth).retry).toBe(false);
    const denied = await failure(adapter.connect(source({ username: limitedUser, password: limitedPassword, database: 'mysql' }), { policy: policy(1), runId: 'denied' }));
    expectCause(denied, 'permission_denied', /\(1044\)/);
  });

  it('a missing privilege on a table (1142) is permission_denied; max_user_connections (1203) is too_many_connections', async () => {
    const limited = await adapter.connect(source({ username: limitedUser, password: limitedPassword }), { policy: policy(4), runId: 'limited' });
    try {
      await limited.execute('SELECT COUNT(*) FROM allowed');
      expectCause(await failure(limited.execute('SELECT COUNT(*) FROM forbidden')), 'permission_denied', /\(1142\)/);
      // The user may hold one connection; a second concurrent statement needs another.
      const results = await Promise.allSettled([limited.execute('SELECT SLEEP(0.5) AS s'), limited.execute('SELECT SLEEP(0.5) AS s')]);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expectCause(rejected[0]!.reason, 'too_many_connections', /\((1203|1226)\)/);
      expect(reactionTo(rejected[0]!.reason)).toEqual({ retry: true, lowerConcurrency: true });
    } finally {
      await limited.close();
    }
  });

  it('a statement killed by someone else (1317) is cancelled and not retried, but not our CancelledError', async () => {
    const observer = await adminConnection();
    try {
      const statement = failure(session.execute('SELECT SLEEP(30) AS killed_by_dba'));
      let id: unknown;
      for (let i = 0; i < 200 && id === undefined; i++) {
        const [rows] = await observer.query("SELECT ID AS id FROM information_schema.PROCESSLIST WHERE INFO LIKE '%killed_by_dba%' AND ID <> CONNECTION_ID()");
        id = (rows as Array<{ id: unknown }>)[0]?.id;
        if (id === undefined) await new Promise((r) => setTimeout(r, 10));
      }
      await observer.query(`KILL QUERY ${Number(id)}`);
      const err = await statement;
      expect(err).not.toBeInstanceOf(CancelledError);
      expectCause(err, 'cancelled', 'ER_QUERY_INTERRUPTED (1317)');
      expect(reactionTo(err).retry).toBe(false);
    } finally {
      await observer.end();
    }
  });

  it('a statement over MariaDB max_statement_time is a timeout, and retried', async () => {
    const err = await failure(session.execute('SET STATEMENT max_statement_time = 0.05 FOR SELECT SLEEP(2) AS s'));
    expectCause(err, 'timeout', /1969/);
    expect(reactionTo(err).retry).toBe(true);
  });
});

describe('causes by error number and code', () => {
  const make = (fields: { errno?: number; code?: string }) => Object.assign(new Error('driver error'), fields);

  it('maps server error numbers to what happened', () => {
    const expected: Array<[number, ErrorCause]> = [
      [1040, 'too_many_connections'],
      [1226, 'too_many_connections'],
      [1053, 'connection_lost'],
      [2006, 'connection_lost'],
      [2013, 'connection_lost'],
      [1205, 'timeout'],
      [3024, 'timeout'],
      [1213, 'serialization_conflict'],
      [1054, 'object_not_found'],
      [1049, 'object_not_found'],
      [1041, 'resource_exhausted'],
      [1366, 'unknown'],
    ];
    for (const [errno, cause] of expected) expect([errno, mysqlErrorCause(make({ errno }))]).toEqual([errno, cause]);
  });

  it('maps socket and protocol codes, and keeps our own causes', () => {
    expect(mysqlErrorCause(make({ code: 'PROTOCOL_CONNECTION_LOST' }))).toBe('connection_lost');
    expect(mysqlErrorCause(make({ code: 'ECONNRESET' }))).toBe('connection_lost');
    expect(mysqlErrorCause(make({ code: 'ETIMEDOUT' }))).toBe('timeout');
    expect(mysqlErrorCause(make({ code: 'ENOTFOUND' }))).toBe('unknown');
    expect(mysqlErrorCause(new WarehouseError('too_many_connections', 'x'))).toBe('too_many_connections');
    expect(mysqlErrorCause('not even an error')).toBe('unknown');
  });

  it('takes the cause of a failed multi-address connect from its parts', () => {
    const aggregate = new AggregateError([make({ code: 'ENOTFOUND' }), make({ code: 'ECONNREFUSED' })], '');
    expect(mysqlErrorCause(aggregate)).toBe('connection_refused');
  });
});

describe('configuration errors', () => {
  it('refuses extra_params that would break exact values, and unknown ones', async () => {
    await expect(adapter.connect(source({ extra_params: { bigNumberStrings: false } }), { policy: policy(1), runId: 'x' })).rejects.toThrow(
      /extra_params\.bigNumberStrings: set by the MySQL adapter/,
    );
    await expect(adapter.connect(source({ extra_params: { sslmode: 'require' } }), { policy: policy(1), runId: 'x' })).rejects.toThrow(
      /extra_params\.sslmode: not a supported MySQL option/,
    );
  });

  it('needs a database', async () => {
    const { database: _unused, ...withoutDatabase } = db.connection();
    await expect(adapter.connect(validateConfig({ source: withoutDatabase }).source, { policy: policy(1), runId: 'x' })).rejects.toThrow(/source\.database/);
  });
});
