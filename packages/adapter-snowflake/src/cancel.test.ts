import './test-support/sdk-env.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { CancelledError } from '@baselinr/core';
import { FakeSnowflake } from './test-support/fake-snowflake/server.js';
import { USER, adminClient, createTestSchema, engine, engineConfig, openSession, sourceConnection, tempDir, until } from './test-support/harness.js';

let admin: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let fake: FakeSnowflake;
let store: ReturnType<typeof tempDir>;

/** Statements the fake's PostgreSQL backends are running now, by text. */
async function activeOnServer(): Promise<string[]> {
  const { rows } = await admin.query<{ query: string }>(`SELECT query FROM pg_stat_activity WHERE application_name = $1 AND state = 'active'`, [fake.applicationName]);
  return rows.map((r) => r.query);
}

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'bl_sf_cancel');
  store = tempDir();
  // Any scan of this view sleeps a minute first: only a cancel on the server ends it early.
  await admin.query(`CREATE VIEW ${schema.q}."SLOW" AS SELECT g AS "ID" FROM generate_series(1, 10) g WHERE g > (SELECT 0 FROM pg_sleep(60))`);
  fake = await FakeSnowflake.start({ users: [USER], longPollMs: 200, concurrencyLevel: 1 });
});

afterAll(async () => {
  await fake?.stop();
  await schema?.drop();
  await admin?.end();
  store?.remove();
});

describe('cancellation', () => {
  it('an aborted run cancels its running statement on the server', async () => {
    const controller = new AbortController();
    const config = engineConfig({ source: sourceConnection(fake, schema.name), profiling: { tables: [{ table: 'SLOW' }] } }, store.path);
    const run = engine(config, { signal: controller.signal }).profile();
    const running = await until(() => fake.queries().find((q) => q.sqlText.includes('"SLOW"') && q.status === 'RUNNING'), 'the SLOW statement to run');
    await until(async () => ((await activeOnServer()).some((q) => q.includes('"SLOW"')) ? true : undefined), 'the statement on a PostgreSQL backend');
    const abortsBefore = fake.requests.abort;
    controller.abort();
    const result = await run;
    expect(result.status).toBe('cancelled');
    expect(result.tables[0]!.status).toBe('cancelled');
    expect(fake.requests.abort - abortsBefore).toBe(1);
    expect(running.status).toBe('ABORTED');
    // Gone from the server by the time the run returns, not when its minute of sleep is up.
    expect((await activeOnServer()).filter((q) => q.includes('"SLOW"'))).toEqual([]);
  });

  it('a statement aborted while queued leaves the queue without ever running', async () => {
    const session = await openSession(sourceConnection(fake, schema.name), { workers: 2 });
    const first = new AbortController();
    const second = new AbortController();
    try {
      const occupying = session.execute(`SELECT COUNT(*) AS m0 FROM ${schema.q}."SLOW"`, first.signal).catch((e: unknown) => e);
      await until(() => fake.queries().find((q) => q.status === 'RUNNING' && !q.isFinished), 'the first statement to hold the only slot');
      const queued = session.execute(`SELECT COUNT(*) AS m0, 'queued' AS m1 FROM ${schema.q}."SLOW"`, second.signal).catch((e: unknown) => e);
      const waiting = await until(() => fake.queries().find((q) => q.sqlText.includes("'queued'") && q.status === 'QUEUED'), 'the second statement to queue');
      second.abort();
      expect(await queued).toBeInstanceOf(CancelledError);
      expect(waiting.status).toBe('ABORTED');
      expect(waiting.startedAt).toBeUndefined();
      first.abort();
      expect(await occupying).toBeInstanceOf(CancelledError);
    } finally {
      await session.close();
    }
  });
});
