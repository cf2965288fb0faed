import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { ProfileEngine, type WarehouseSession } from '@baselinr/core';
import sqliteAdapter from '@baselinr/adapter-sqlite';
import { changeSignalOf, observe, writeAndFlushStatistics } from '@baselinr/adapter-testkit';
import { adapter } from './index.js';
import { FakeBigQuery } from './test-support/fake-bigquery/server.js';
import { bigquerySource, connect, engineConfig, tempDir } from './test-support/harness.js';
import { PG, adminClient, createTestDataset, type TestDataset } from './test-support/pg.js';

let admin: pg.Client;
let fake: FakeBigQuery;
let dataset: TestDataset;
let session: WarehouseSession;
let store: ReturnType<typeof tempDir>;

beforeAll(async () => {
  admin = await adminClient();
  dataset = await createTestDataset(admin, 'bq_incr');
  store = tempDir();
  fake = await FakeBigQuery.start({ pg: PG });
  session = await connect(bigquerySource(fake, dataset.name), `incr-${randomUUID()}`);
});

afterAll(async () => {
  await session?.close();
  await fake?.close();
  await dataset?.drop();
  await admin?.end();
  store?.remove();
});

/** A write the fake's last_modified_time (PostgreSQL's counters underneath) shows as soon as this returns. */
const write = (sql: string) => writeAndFlushStatistics(admin, sql);
const signalOf = (table: string) => changeSignalOf(session, dataset.name, table);

describe('BigQuery change signal (__TABLES__.last_modified_time), through the real SDK and the fake server', () => {
  it('keeps the token while nothing is written, changes it on a write, and says unknown for a view', async () => {
    await write(`CREATE TABLE ${dataset.q}.t (id bigint)`);
    await write(`INSERT INTO ${dataset.q}.t VALUES (1), (2)`);
    await write(`CREATE VIEW ${dataset.q}.v AS SELECT id FROM ${dataset.q}.t`);
    const token = (await signalOf('t'))?.token;
    expect(token).toMatch(/^bigquery:\d+:\d+$/);
    expect((await signalOf('t'))?.token).toBe(token);
    await write(`UPDATE ${dataset.q}.t SET id = 3 WHERE id = 1`);
    expect((await signalOf('t'))?.token).not.toBe(token);
    expect(await signalOf('v')).toMatchObject({ token: null, unknown: expect.stringContaining('view') });
    expect(await signalOf('missing')).toBeUndefined();
  });

  it('skips unchanged tables without a profiling job and profiles the one that changed', async () => {
    const names = ['e1', 'e2'];
    for (const name of names) {
      await write(`CREATE TABLE ${dataset.q}.${name} (id bigint, v double precision)`);
      await write(`INSERT INTO ${dataset.q}.${name} SELECT g, g / 2.0 FROM generate_series(1, 20) g`);
    }
    const config = engineConfig(
      { source: bigquerySource(fake, dataset.name), incremental: { enabled: true }, profiling: { tables: names.map((table) => ({ schema: dataset.name, table })) } },
      store.path,
    );
    const run = async () => {
      const { adapter: observed, seen } = observe(adapter);
      return { result: await new ProfileEngine(config, { adapters: { bigquery: observed, sqlite: sqliteAdapter } }).profile(), seen };
    };
    expect((await run()).result.succeeded).toBe(2);
    const second = await run();
    expect(second.seen.statements).toEqual([]);
    expect(second.result.skipped.map((s) => s.table).sort()).toEqual(names);
    await write(`UPDATE ${dataset.q}.e2 SET v = 1000 WHERE id = 1`);
    const third = await run();
    expect(third.result.tables.map((t) => t.table)).toEqual(['e2']);
    expect(third.result.skipped.map((s) => s.table)).toEqual(['e1']);
  });
});
