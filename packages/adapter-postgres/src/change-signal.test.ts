import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { ProfileEngine, tableKey, type WarehouseSession } from '@baselinr/core';
import sqliteAdapter from '@baselinr/adapter-sqlite';
import { changeSignalOf, observe, writeAndFlushStatistics } from '@baselinr/adapter-testkit';
import { adapter } from './index.js';
import { adminClient, createTestSchema, engineConfig, policy, sourceConnection, tempDir } from './test-support/pg.js';

let admin: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let session: WarehouseSession;
let store: ReturnType<typeof tempDir>;

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'bl_incr');
  store = tempDir();
  session = await adapter.connect(sourceConnection(), { policy: policy(1), runId: 'change-signal-test' });
});

afterAll(async () => {
  await session?.close();
  await schema?.drop();
  await admin?.end();
  store?.remove();
});

/**
 * A write by another session, with its counters in shared statistics before this returns:
 * pg_stat_force_next_flush makes the admin backend flush before it answers its next statement.
 */
const write = (sql: string) => writeAndFlushStatistics(admin, sql);
const signalOf = (table: string) => changeSignalOf(session, schema.name, table);

async function tokenOf(table: string): Promise<string> {
  const signal = await signalOf(table);
  if (!signal || signal.token === null) throw new Error(`no token for ${table}: ${JSON.stringify(signal)}`);
  return signal.token;
}

describe('PostgreSQL change signal', () => {
  it('keeps a token while nothing is written and changes it on every kind of write', async () => {
    const q = schema.q;
    await write(`CREATE TABLE ${q}.t (id integer, label text)`);
    await write(`INSERT INTO ${q}.t SELECT g, 'row ' || g FROM generate_series(1, 10) g`);
    let token = await tokenOf('t');
    // Reads, and statistics work that changes no row, leave it alone.
    await admin.query(`SELECT count(*) FROM ${q}.t`);
    await write(`ANALYZE ${q}.t`);
    expect(await tokenOf('t')).toBe(token);
    for (const change of [
      `INSERT INTO ${q}.t VALUES (11, 'eleven')`,
      `UPDATE ${q}.t SET label = 'x' WHERE id = 1`,
      `DELETE FROM ${q}.t WHERE id = 2`,
      `TRUNCATE ${q}.t`,
      `ALTER TABLE ${q}.t ADD COLUMN extra integer`,
      `ALTER TABLE ${q}.t RENAME COLUMN extra TO extra2`,
    ]) {
      await write(change);
      const next = await tokenOf('t');
      expect(next, change).not.toBe(token);
      token = next;
    }
    // A table dropped and created again under the same name is another table.
    await write(`DROP TABLE ${q}.t`);
    await write(`CREATE TABLE ${q}.t (id integer, label text, extra2 integer)`);
    expect(await tokenOf('t')).not.toBe(token);
  });

  it('says unknown for views and partitioned tables, and nothing for a table that does not exist', async () => {
    const q = schema.q;
    await write(`CREATE TABLE ${q}.base (id integer)`);
    await write(`CREATE VIEW ${q}.v AS SELECT id FROM ${q}.base`);
    await write(`CREATE TABLE ${q}.parted (id integer, at date) PARTITION BY RANGE (at)`);
    expect(await signalOf('v')).toMatchObject({ token: null, unknown: expect.stringContaining('view') });
    expect(await signalOf('parted')).toMatchObject({ token: null, unknown: expect.stringContaining('partitions') });
    expect(await signalOf('no_such_table')).toBeUndefined();
  });

  it('lists each table with the signal changeSignals gives it, for tables, views and partitioned tables', async () => {
    const q = schema.q;
    await write(`CREATE TABLE ${q}.l_table (id integer, label text)`);
    await write(`INSERT INTO ${q}.l_table SELECT g, 'row ' || g FROM generate_series(1, 10) g`);
    await write(`CREATE VIEW ${q}.l_view AS SELECT id FROM ${q}.l_table`);
    await write(`CREATE TABLE ${q}.l_parted (id integer, at date) PARTITION BY RANGE (at)`);
    await write(`CREATE TABLE ${q}.l_part_2026 PARTITION OF ${q}.l_parted FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')`);
    await write(`INSERT INTO ${q}.l_parted VALUES (1, '2026-03-01')`);
    const names = ['l_table', 'l_view', 'l_parted', 'l_part_2026'];
    const listedSignals = async () => {
      const listed = (await session.listTables({ schemas: [schema.name], changeSignals: true })).filter((t) => names.includes(t.table));
      expect(listed.map((t) => t.table).sort()).toEqual([...names].sort());
      return new Map(listed.map((t) => [tableKey(t), t.changeSignal]));
    };
    const separately = () => session.changeSignals!(names.map((table) => ({ schema: schema.name, table })));

    const before = await listedSignals();
    expect(before).toEqual(await separately());
    expect(before.get(`${schema.name}.l_table`)?.token).toMatch(/^pg:/);
    expect(before.get(`${schema.name}.l_view`)?.token).toBeNull();
    expect(before.get(`${schema.name}.l_parted`)?.token).toBeNull();

    await write(`UPDATE ${q}.l_table SET label = 'x' WHERE id = 1`);
    const after = await listedSignals();
    expect(after).toEqual(await separately());
    expect(after.get(`${schema.name}.l_table`)?.token).not.toBe(before.get(`${schema.name}.l_table`)?.token);
    expect(after.get(`${schema.name}.l_part_2026`)).toEqual(before.get(`${schema.name}.l_part_2026`));

    // Without the flag the listing reads no signal.
    expect((await session.listTables({ schemas: [schema.name] })).some((t) => t.changeSignal !== undefined)).toBe(false);
  });

  it('skips unchanged tables without a profiling statement and profiles the one that changed', async () => {
    const q = schema.q;
    const names = ['e1', 'e2', 'e3'];
    for (const name of names) {
      await write(`CREATE TABLE ${q}.${name} (id integer, v double precision)`);
      await write(`INSERT INTO ${q}.${name} SELECT g, g / 2.0 FROM generate_series(1, 50) g`);
    }
    const config = engineConfig({ incremental: { enabled: true }, profiling: { tables: names.map((table) => ({ schema: schema.name, table })) } }, store.path);
    const run = async () => {
      const { adapter: observed, seen } = observe(adapter);
      const result = await new ProfileEngine(config, { adapters: { postgres: observed, sqlite: sqliteAdapter } }).profile();
      return { result, seen };
    };
    const first = await run();
    expect(first.result.succeeded).toBe(3);
    // The signals came with the listing: no separate catalog query for them.
    expect(first.seen.listFilters.map((f) => f.changeSignals)).toEqual([true]);
    expect(first.seen.changeSignalCalls).toEqual([]);
    // Connections are opened ahead only for tables that will be profiled.
    expect(first.seen.warmUpCalls).toEqual([Math.min(3, config.execution.max_workers)]);

    const second = await run();
    expect(second.seen.statements).toEqual([]);
    expect(second.seen.warmUpCalls).toEqual([]);
    expect(second.result.skipped.map((s) => s.table).sort()).toEqual(names);

    await write(`UPDATE ${q}.e2 SET v = 1000 WHERE id = 1`);
    const third = await run();
    expect(third.result.tables.map((t) => t.table)).toEqual(['e2']);
    expect(third.seen.warmUpCalls).toEqual([1]);
    expect(third.result.tables[0]!.columns.find((c) => c.column === 'v')?.metrics.max).toBe(1000);
    expect(third.result.skipped.map((s) => s.table).sort()).toEqual(['e1', 'e3']);
    expect(third.seen.statements.length).toBeGreaterThan(0);
    expect(third.seen.statements.every((sql) => sql.includes('"e2"'))).toBe(true);
  });

  it('decides every schema of a run whose first table starts before the other schemas are listed', async () => {
    const other = await createTestSchema(admin, 'bl_incr_b');
    try {
      const tables = [
        { schema: schema.name, table: 'p1' },
        { schema: other.name, table: 'p2' },
        { schema: other.name, table: 'p3' },
      ];
      for (const t of tables) {
        const name = `"${t.schema}"."${t.table}"`;
        await write(`CREATE TABLE ${name} (id integer)`);
        await write(`INSERT INTO ${name} SELECT g FROM generate_series(1, 20) g`);
      }
      // Two schemas are two discovery parts: the second is decided while the first table runs.
      const config = engineConfig({ incremental: { enabled: true }, profiling: { tables } }, store.path);
      const run = async () => {
        const { adapter: observed, seen } = observe(adapter);
        const result = await new ProfileEngine(config, { adapters: { postgres: observed, sqlite: sqliteAdapter } }).profile();
        return { result, seen };
      };
      expect((await run()).result.succeeded).toBe(3);
      const second = await run();
      expect(second.seen.statements).toEqual([]);
      expect(second.seen.warmUpCalls).toEqual([]);
      expect(second.result.skipped.map(tableKey).sort()).toEqual(tables.map(tableKey).sort());

      await write(`INSERT INTO "${other.name}"."p3" VALUES (21)`);
      const third = await run();
      expect(third.result.tables.map(tableKey)).toEqual([tableKey(tables[2]!)]);
      expect(third.result.skipped.map(tableKey).sort()).toEqual([tableKey(tables[0]!), tableKey(tables[1]!)].sort());
    } finally {
      await other.drop();
    }
  });
});
