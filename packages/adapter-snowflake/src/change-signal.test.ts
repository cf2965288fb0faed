import './test-support/sdk-env.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { changeSignalOf, observe, writeAndFlushStatistics } from '@baselinr/adapter-testkit';
import { adapter } from './index.js';
import type { SnowflakeSession } from './session.js';
import { FakeSnowflake } from './test-support/fake-snowflake/server.js';
import { USER, adminClient, createTestSchema, engine, engineConfig, openSession, quote, sourceConnection, tempDir } from './test-support/harness.js';

let admin: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let fake: FakeSnowflake;
let session: SnowflakeSession;
let store: ReturnType<typeof tempDir>;

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'bl_sf_incr');
  store = tempDir();
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

/** A write the fake's LAST_ALTERED (PostgreSQL's counters underneath) shows as soon as this returns. */
const write = (sql: string) => writeAndFlushStatistics(admin, sql);
const signalOf = (table: string) => changeSignalOf(session, schema.name, table);

describe('Snowflake change signal (LAST_ALTERED), through the real SDK and the fake server', () => {
  it('keeps the token while nothing is written, changes it on a write, and says unknown for a view', async () => {
    await write(`CREATE TABLE ${schema.q}."T" ("ID" int8)`);
    await write(`INSERT INTO ${schema.q}."T" VALUES (1), (2)`);
    await write(`CREATE VIEW ${schema.q}."V" AS SELECT "ID" FROM ${schema.q}."T"`);
    const token = (await signalOf('T'))?.token;
    expect(token).toMatch(/^snowflake:/);
    expect((await signalOf('T'))?.token).toBe(token);
    await write(`DELETE FROM ${schema.q}."T" WHERE "ID" = 1`);
    expect((await signalOf('T'))?.token).not.toBe(token);
    expect(await signalOf('V')).toMatchObject({ token: null, unknown: expect.stringContaining('view') });
    expect(await signalOf('MISSING')).toBeUndefined();
  });

  it('skips unchanged tables without a profiling statement and profiles the one that changed', async () => {
    const names = ['E1', 'E2'];
    for (const name of names) {
      await write(`CREATE TABLE ${schema.q}.${quote(name)} ("ID" int8, "V" float8)`);
      await write(`INSERT INTO ${schema.q}.${quote(name)} SELECT g, g / 2.0 FROM generate_series(1, 20) g`);
    }
    const config = engineConfig(
      { source: sourceConnection(fake, schema.name), incremental: { enabled: true }, profiling: { tables: names.map((table) => ({ schema: schema.name, table })) } },
      store.path,
    );
    const run = async () => {
      const { adapter: observed, seen } = observe(adapter);
      return { result: await engine(config, { snowflake: observed }).profile(), seen };
    };
    expect((await run()).result.succeeded).toBe(2);
    const second = await run();
    expect(second.seen.statements).toEqual([]);
    expect(second.result.skipped.map((s) => s.table).sort()).toEqual(names);
    await write(`UPDATE ${schema.q}."E2" SET "V" = 1000 WHERE "ID" = 1`);
    const third = await run();
    expect(third.result.tables.map((t) => t.table)).toEqual(['E2']);
    expect(third.result.skipped.map((s) => s.table)).toEqual(['E1']);
  });
});
