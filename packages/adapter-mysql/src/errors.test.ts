import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, WarehouseError, sqlPoolPolicy, validateConfig, type WarehouseSession } from '@baselinr/core';
import adapter from './index.js';
import { classifyMysqlError } from './errors.js';
import { adminConnection, createTestDatabase, type TestDatabase } from './test-support/db.js';

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
  session = await adapter.connect(source(), { policy: sqlPoolPolicy(4), runId: 'errors-test' });
});

afterAll(async () => {
  await session?.close();
  for (const host of ['%', 'localhost']) await db?.admin.query(`DROP USER IF EXISTS '${limitedUser}'@'${host}'`);
  await db?.drop();
});

describe('classifyError on real server errors', () => {
  it('bad SQL is permanent and keeps the driver code', async () => {
    const err = await failure(session.execute('SELEC 1'));
    expect(err).toBeInstanceOf(WarehouseError);
    expect((err as WarehouseError).driverCode).toBe('ER_PARSE_ERROR (1064)');
    expect(session.classifyError(err)).toBe('permanent');
  });

  it('a missing table is permanent', async () => {
    const err = await failure(session.execute('SELECT COUNT(*) FROM no_such_table'));
    expect((err as WarehouseError).driverCode).toBe('ER_NO_SUCH_TABLE (1146)');
    expect(session.classifyError(err)).toBe('permanent');
  });

  it('a refused connection is transient', async () => {
    const err = await failure(adapter.connect(source({ port: 1 }), { policy: sqlPoolPolicy(1), runId: 'refused' }));
    expect(err).toBeInstanceOf(WarehouseError);
    expect((err as WarehouseError).driverCode).toBe('ECONNREFUSED');
    expect(session.classifyError(err)).toBe('transient');
    // The raw driver error classifies the same way.
    expect(classifyMysqlError((err as WarehouseError).cause)).toBe('transient');
  });

  it('wrong credentials (1045) and a database without access (1044) are permanent', async () => {
    const auth = await failure(adapter.connect(source({ username: limitedUser, password: 'wrong' }), { policy: sqlPoolPolicy(1), runId: 'auth' }));
    expect((auth as WarehouseError).driverCode).toMatch(/\(1045\)/);
    expect(session.classifyError(auth)).toBe('permanent');
    const denied = await failure(
      adapter.connect(source({ username: limitedUser, password: limitedPassword, database: 'mysql' }), { policy: sqlPoolPolicy(1), runId: 'denied' }),
    );
    expect((denied as WarehouseError).driverCode).toMatch(/\(1044\)/);
    expect(session.classifyError(denied)).toBe('permanent');
  });

  it('a missing privilege on a table (1142) is permanent; max_user_connections (1203) is connection_limit', async () => {
    const limited = await adapter.connect(source({ username: limitedUser, password: limitedPassword }), { policy: sqlPoolPolicy(4), runId: 'limited' });
    try {
      await limited.execute('SELECT COUNT(*) FROM allowed');
      const denied = await failure(limited.execute('SELECT COUNT(*) FROM forbidden'));
      expect((denied as WarehouseError).driverCode).toMatch(/\(1142\)/);
      expect(limited.classifyError(denied)).toBe('permanent');
      // The user may hold one connection; a second concurrent statement needs another.
      const results = await Promise.allSettled([limited.execute('SELECT SLEEP(0.5) AS s'), limited.execute('SELECT SLEEP(0.5) AS s')]);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect((rejected[0]!.reason as WarehouseError).driverCode).toMatch(/\((1203|1226)\)/);
      expect(limited.classifyError(rejected[0]!.reason)).toBe('connection_limit');
    } finally {
      await limited.close();
    }
  });

  it('a statement killed by someone else (1317) is permanent, not a cancellation', async () => {
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
      expect((err as WarehouseError).driverCode).toBe('ER_QUERY_INTERRUPTED (1317)');
      expect(session.classifyError(err)).toBe('permanent');
    } finally {
      await observer.end();
    }
  });
});

describe('classifyError by error number and code', () => {
  const make = (fields: { errno?: number; code?: string }) => Object.assign(new Error('driver error'), fields);

  it('maps connection limits, transient failures and everything else', () => {
    expect(session.classifyError(make({ errno: 1040, code: 'ER_CON_COUNT_ERROR' }))).toBe('connection_limit');
    for (const errno of [1203, 1226]) expect(classifyMysqlError(make({ errno })), String(errno)).toBe('connection_limit');
    for (const errno of [1205, 1213, 2006, 2013]) expect(classifyMysqlError(make({ errno })), String(errno)).toBe('transient');
    for (const code of ['PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED']) expect(classifyMysqlError(make({ code })), code).toBe('transient');
    for (const errno of [1064, 1146, 1142, 1044, 1045, 1317]) expect(classifyMysqlError(make({ errno })), String(errno)).toBe('permanent');
    expect(classifyMysqlError(new CancelledError())).toBe('permanent');
    expect(classifyMysqlError(new WarehouseError('connection_limit', 'x'))).toBe('connection_limit');
    expect(classifyMysqlError('not even an error')).toBe('permanent');
  });

  it('classifies the errors of a failed multi-address connect by their parts', () => {
    const aggregate = new AggregateError([make({ code: 'ECONNREFUSED' }), make({ code: 'ETIMEDOUT' })], '');
    expect(classifyMysqlError(aggregate)).toBe('transient');
  });
});

describe('configuration errors', () => {
  it('refuses extra_params that would break exact values, and unknown ones', async () => {
    await expect(adapter.connect(source({ extra_params: { bigNumberStrings: false } }), { policy: sqlPoolPolicy(1), runId: 'x' })).rejects.toThrow(
      /extra_params\.bigNumberStrings: set by the MySQL adapter/,
    );
    await expect(adapter.connect(source({ extra_params: { sslmode: 'require' } }), { policy: sqlPoolPolicy(1), runId: 'x' })).rejects.toThrow(
      /extra_params\.sslmode: not a supported MySQL option/,
    );
  });

  it('needs a database', async () => {
    const { database: _unused, ...withoutDatabase } = db.connection();
    await expect(adapter.connect(validateConfig({ source: withoutDatabase }).source, { policy: sqlPoolPolicy(1), runId: 'x' })).rejects.toThrow(/source\.database/);
  });
});
