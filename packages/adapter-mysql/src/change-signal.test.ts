import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableKey, validateConfig, type ChangeSignal, type WarehouseSession } from '@baselinr/core';
import { observe } from '@baselinr/adapter-testkit';
import adapter from './index.js';
import { createTestDatabase, policy, runEngine, tempDir, type TestDatabase } from './test-support/db.js';

let db: TestDatabase;
let session: WarehouseSession;
let store: ReturnType<typeof tempDir>;

beforeAll(async () => {
  db = await createTestDatabase('incr');
  store = tempDir();
  session = await adapter.connect(validateConfig({ source: db.connection() }).source, { policy: policy(1), runId: 'change-signal-test' });
});

afterAll(async () => {
  await session?.close();
  await db?.drop();
  store?.remove();
});

async function signalOf(table: string): Promise<ChangeSignal | undefined> {
  return (await session.changeSignals!([{ schema: db.name, table }])).get(tableKey({ schema: db.name, table }));
}

/**
 * The token once the table's last write is in a past second (UPDATE_TIME has second resolution,
 * so a write in the current second reads as unknown). Bounded: gives up after five seconds.
 */
async function settledToken(table: string): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const signal = await signalOf(table);
    if (signal?.token) return signal.token;
    if (Date.now() > deadline) throw new Error(`no settled token for ${table}: ${JSON.stringify(signal)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('MySQL/MariaDB change signal', () => {
  it('keeps a token while nothing is written and changes it on every kind of write', async () => {
    await db.admin.query('CREATE TABLE t (id INT, label VARCHAR(20)) ENGINE=InnoDB');
    // A table never written since it was created (or since the server started) has no UPDATE_TIME.
    expect(await signalOf('t')).toMatchObject({ token: null, unknown: expect.stringContaining('UPDATE_TIME is NULL') });
    await db.admin.query("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
    let token = await settledToken('t');
    await db.admin.query('SELECT COUNT(*) FROM t');
    expect(await settledToken('t')).toBe(token);
    for (const change of [
      "INSERT INTO t VALUES (3, 'three')",
      "UPDATE t SET label = 'x' WHERE id = 1",
      'DELETE FROM t WHERE id = 2',
      'TRUNCATE TABLE t',
      'ALTER TABLE t ADD COLUMN extra INT',
    ]) {
      await db.admin.query(change);
      // Right after the write the signal is unknown (same second) or already a new token; never the old one.
      expect((await signalOf('t'))?.token, change).not.toBe(token);
      const next = await settledToken('t');
      expect(next, change).not.toBe(token);
      token = next;
    }
  });

  it('says unknown for a view and nothing for a table that does not exist', async () => {
    await db.admin.query('CREATE TABLE base (id INT)');
    await db.admin.query('CREATE VIEW v AS SELECT id FROM base');
    expect(await signalOf('v')).toMatchObject({ token: null, unknown: expect.stringContaining('view') });
    expect(await signalOf('no_such_table')).toBeUndefined();
  });

  it('skips unchanged tables without a profiling statement and profiles the one that changed', async () => {
    const names = ['e1', 'e2', 'e3'];
    for (const name of names) {
      await db.admin.query(`CREATE TABLE ${name} (id INT, v DOUBLE)`);
      await db.admin.query(`INSERT INTO ${name} VALUES (1, 0.5), (2, 1.5), (3, 2.5)`);
    }
    for (const name of names) await settledToken(name);
    const config = {
      source: db.connection(),
      storage: { connection: { type: 'sqlite', filepath: `${store.path}/r.db` } },
      incremental: { enabled: true },
      profiling: { tables: names.map((table) => ({ schema: db.name, table })) },
    };
    const run = async () => {
      const { adapter: observed, seen } = observe(adapter);
      return { result: await runEngine(config, { adapters: { mysql: observed } }), seen };
    };
    expect((await run()).result.succeeded).toBe(3);

    const second = await run();
    expect(second.seen.statements).toEqual([]);
    expect(second.result.skipped.map((s) => s.table).sort()).toEqual(names);

    await db.admin.query('UPDATE e2 SET v = 1000 WHERE id = 1');
    await settledToken('e2');
    const third = await run();
    expect(third.result.tables.map((t) => t.table)).toEqual(['e2']);
    expect(third.result.skipped.map((s) => s.table).sort()).toEqual(['e1', 'e3']);
    expect(third.seen.statements.every((sql) => sql.includes('`e2`'))).toBe(true);
  });
});
