import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, poolPolicy, reactionTo, validateConfig, type WarehouseSession } from '@baselinr/core';
import sqlite, { toWarehouseError } from '@baselinr/adapter-sqlite';
import { workspace, type Workspace } from './test-support/fixtures.js';

let ws: Workspace;
let session: WarehouseSession;
const policy = poolPolicy(sqlite.limits({ type: 'sqlite', extra_params: {} }).pool, 1);
// A query that keeps SQLite busy for many seconds unless interrupted.
const SLOW = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT COUNT(*) FROM c';

beforeEach(async () => {
  ws = workspace();
  ws.exec('CREATE TABLE a (id INTEGER, "we ird"";col" TEXT); CREATE TABLE "B c" (x REAL); CREATE VIEW v AS SELECT id FROM a;');
  ws.exec(
    'INSERT INTO a VALUES (?, ?)',
    Array.from({ length: 40 }, (_, i) => [i, `s${i}`]),
  );
  ws.exec('CREATE INDEX a_id ON a (id); ANALYZE;');
  session = await sqlite.connect(ws.config().source, { policy, runId: 'test' });
});
afterEach(async () => {
  await session.close();
  ws.cleanup();
});

describe('SQLite session', () => {
  it('lists tables and views with ANALYZE row estimates', async () => {
    const tables = await session.listTables({ schemas: ['main'] });
    expect(tables).toEqual([
      { schema: 'main', table: 'B c', type: 'table' },
      { schema: 'main', table: 'a', type: 'table', rowEstimate: 40 },
      { schema: 'main', table: 'v', type: 'view' },
    ]);
  });

  it('describes a batch of tables in one query, hostile names included', async () => {
    const described = await session.describeTables([
      { schema: 'main', table: 'a' },
      { schema: 'main', table: 'B c' },
      { schema: 'main', table: 'missing' },
    ]);
    expect(described.map((d) => [d.table, d.columns.map((c) => [c.name, c.kind])])).toEqual([
      ['B c', [['x', 'float']]],
      [
        'a',
        [
          ['id', 'integer'],
          ['we ird";col', 'string'],
        ],
      ],
    ]);
  });

  it('cancels a running statement when the signal aborts, and keeps working afterwards', async () => {
    const controller = new AbortController();
    const running = session.execute(SLOW, controller.signal);
    setTimeout(() => controller.abort(), 100);
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await session.execute('SELECT COUNT(*) AS n FROM a')).toEqual([{ n: 40n }]);
  });

  it('keeps the main thread responsive during a long statement', async () => {
    const controller = new AbortController();
    let ticks = 0;
    const timer = setInterval(() => {
      if (++ticks === 5) controller.abort();
    }, 10);
    // If the statement blocked the main thread, the timer could never fire and abort it.
    await expect(session.execute(SLOW, controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
    clearInterval(timer);
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('reports real errors by cause, keeping the result code and message', async () => {
    const errorOf = (sql: string) =>
      session.execute(sql).then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(await errorOf('SELEC 1')).toMatchObject({ kind: 'syntax', driverCode: 'SQLITE_ERROR', message: expect.stringContaining('syntax error') });
    expect(await errorOf('SELECT * FROM nope')).toMatchObject({ kind: 'object_not_found', driverCode: 'SQLITE_ERROR', message: 'no such table: nope' });
    expect(reactionTo(await errorOf('SELECT * FROM nope'))).toEqual({ retry: false, lowerConcurrency: false });
  });

  it('retries a file another connection has locked, as it did before causes', async () => {
    const Database = (await import('better-sqlite3')).default;
    const holder = new Database(ws.warehouse);
    const writer = new Database(ws.warehouse, { timeout: 0 });
    try {
      holder.exec('BEGIN EXCLUSIVE');
      const locked = (() => {
        try {
          writer.exec('DELETE FROM a');
        } catch (err) {
          return toWarehouseError(err);
        }
      })();
      expect(locked).toMatchObject({ kind: 'serialization_conflict', driverCode: 'SQLITE_BUSY' });
      expect(reactionTo(locked)).toEqual({ retry: true, lowerConcurrency: false });
    } finally {
      writer.close();
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('refuses a missing database file with the path and the fix', async () => {
    const config = validateConfig({ source: { type: 'sqlite', filepath: `${ws.dir}/absent.db` } });
    await expect(sqlite.connect(config.source, { policy, runId: 'x' })).rejects.toThrow(ConfigError);
    await expect(sqlite.connect(config.source, { policy, runId: 'x' })).rejects.toThrow(/source\.filepath: no SQLite database at .*absent\.db/);
  });
});
