import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { CancelledError, reactionTo, type WarehouseSession } from '@baselinr/core';
import type { FakeDataApi } from './test-support/fake-data-api/server.js';
import {
  adminClient,
  connect,
  createTestSchema,
  engine,
  redshiftSource,
  runConfig,
  startFake,
  tempDir,
  testCredentials,
  waitFor,
  type TestSchema,
} from './test-support/harness.js';

const credentials = testCredentials();
let fake: FakeDataApi;
let admin: pg.Client;
let schema: TestSchema;
let store: ReturnType<typeof tempDir>;
let session: WarehouseSession;

/** A view whose every scan first waits 30 s on PostgreSQL: a statement that stays running until cancelled. */
async function slowView(name: string): Promise<void> {
  await admin.query(`CREATE VIEW ${schema.q}.${name} AS SELECT g AS id FROM generate_series(1, 10) g WHERE g > (SELECT 0 FROM pg_sleep(30))`);
}

/** Backends of the fake now executing a statement whose text contains one of `markers`. */
async function runningOnPostgres(...markers: string[]): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE application_name = $1 AND state = 'active' AND EXISTS (SELECT 1 FROM unnest($2::text[]) m WHERE position(m in query) > 0)`,
    [fake.applicationName, markers],
  );
  return rows[0]!.n;
}

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'rs_cancel');
  store = tempDir();
  fake = await startFake(credentials);
  session = await connect(redshiftSource(fake, credentials));
});

afterAll(async () => {
  await session?.close();
  await fake?.close();
  await schema?.drop();
  await admin?.end();
  store?.remove();
});

describe('cancelling a statement', () => {
  it('cancels it on the server with CancelStatement, and PostgreSQL stops running it', async () => {
    const view = `slow_${randomUUID().slice(0, 8)}`;
    await slowView(view);
    const controller = new AbortController();
    const cancelsBefore = fake.calls('CancelStatement');
    const outcome = session.execute(`SELECT COUNT(*) AS m0 FROM ${schema.q}.${view}`, controller.signal).then(
      () => 'resolved',
      (err: unknown) => err,
    );
    expect(await waitFor(async () => (await runningOnPostgres(view)) === 1), 'the statement runs on PostgreSQL').toBe(true);
    const statement = fake.statements().find((s) => s.request.sql.includes(view))!;
    expect(statement.status).toBe('STARTED');

    controller.abort();
    const err = await outcome;
    expect(err).toBeInstanceOf(CancelledError);
    expect(reactionTo(err).retry).toBe(false);
    expect(fake.calls('CancelStatement') - cancelsBefore).toBe(1);
    expect(statement.cancelRequested).toBe(true);
    // The promise settles only once the service reports the statement done: nothing left behind.
    expect(statement.status).toBe('ABORTED');
    expect(await runningOnPostgres(view)).toBe(0);
  });

  it('cancels a statement still queued before it ever reaches the database', async () => {
    fake.configure({ queueMs: 30_000 });
    const marker = `queued_${randomUUID().slice(0, 8)}`;
    const controller = new AbortController();
    const outcome = session.execute(`SELECT 1 AS ${marker}`, controller.signal).catch((err: unknown) => err);
    expect(await waitFor(() => fake.statements().some((s) => s.request.sql.includes(marker)))).toBe(true);
    const statement = fake.statements().find((s) => s.request.sql.includes(marker))!;
    expect(statement.status).toBe('SUBMITTED');
    controller.abort();
    expect(await outcome).toBeInstanceOf(CancelledError);
    fake.configure({ queueMs: 0 });
    expect(statement.status).toBe('ABORTED');
    expect(statement.startedAt).toBeUndefined();
  });

  it('submits nothing when the signal has already aborted', async () => {
    const before = fake.calls('ExecuteStatement');
    const controller = new AbortController();
    controller.abort();
    await expect(session.execute('SELECT 1 AS m0', controller.signal)).rejects.toBeInstanceOf(CancelledError);
    expect(fake.calls('ExecuteStatement')).toBe(before);
  });

  it('still works for the next statement', async () => {
    const result = await session.execute('SELECT 42 AS answer');
    expect('rows' in result ? result.rows : result).toEqual([{ answer: 42 }]);
  });
});

describe('interrupting a run', () => {
  it('cancels every running statement on the server and marks the run cancelled', async () => {
    const views = [0, 1, 2].map((i) => `run_slow_${i}_${randomUUID().slice(0, 6)}`);
    for (const view of views) await slowView(view);
    const controller = new AbortController();
    const config = runConfig(
      redshiftSource(fake, credentials),
      { profiling: { tables: views.map((table) => ({ schema: schema.name, table })) }, execution: { max_workers: 2 } },
      store.path,
    );
    const running = engine(config, { signal: controller.signal }).profile();
    const onPostgres = () => runningOnPostgres(...views);
    expect(await waitFor(async () => (await onPostgres()) === 2), 'two workers each run a statement').toBe(true);

    controller.abort();
    const result = await running;
    expect(result.status).toBe('cancelled');
    expect(result.succeeded).toBe(0);
    const ofRun = fake.statements().filter((s) => views.some((v) => s.request.sql.includes(v)));
    expect(ofRun.filter((s) => s.cancelRequested)).toHaveLength(2);
    expect(ofRun.every((s) => ['ABORTED', 'FINISHED', 'FAILED'].includes(s.status))).toBe(true);
    expect(await onPostgres()).toBe(0);
  });
});
