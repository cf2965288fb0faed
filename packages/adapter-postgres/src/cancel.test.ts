import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { CancelledError, reactionTo, type WarehouseSession } from '@baselinr/core';
import { adapter, applicationName } from './index.js';
import { adminClient, policy, sourceConnection } from './test-support/pg.js';

const runId = `cancel-${randomUUID()}`;
let admin: pg.Client;
let session: WarehouseSession;

beforeAll(async () => {
  admin = await adminClient();
  session = await adapter.connect(sourceConnection(), { policy: policy(1), runId });
});

afterAll(async () => {
  await session?.close();
  await admin?.end();
});

/** The run's statements the server is executing right now whose text contains `marker`. */
async function runningOnServer(marker: string): Promise<number> {
  const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND state = 'active' AND position($2 in query) > 0`, [
    applicationName(runId),
    marker,
  ]);
  return rows[0].n as number;
}

describe('cancellation', () => {
  it('cancels a running statement on the server when the signal aborts', async () => {
    const marker = `sleep_${randomUUID().slice(0, 8)}`;
    const controller = new AbortController();
    const started = performance.now();
    const running = session.execute(`SELECT pg_sleep(30) AS ${marker}`, controller.signal);
    const outcome = running.then(
      () => 'resolved',
      (err: unknown) => err,
    );
    // The statement really is running on the server before we abort it.
    for (let i = 0; i < 100 && (await runningOnServer(marker)) === 0; i++) await sleep(10);
    expect(await runningOnServer(marker)).toBe(1);
    await sleep(200);
    controller.abort();
    const err = await outcome;
    const elapsed = performance.now() - started;
    expect(err).toBeInstanceOf(CancelledError);
    expect(elapsed).toBeLessThan(5_000);
    // Gone on the server, not merely abandoned by the client.
    expect(await runningOnServer(marker)).toBe(0);
    expect(reactionTo(err).retry).toBe(false);
  });

  it('leaves the pool usable, and a later statement is not hit by the earlier cancel', async () => {
    const rows = await session.execute('SELECT pg_sleep(0.3), 42 AS answer');
    expect(rows).toEqual([{ pg_sleep: '', answer: 42 }]);
  });

  it('rejects at once without running anything when the signal already aborted', async () => {
    const marker = `never_${randomUUID().slice(0, 8)}`;
    const controller = new AbortController();
    controller.abort();
    await expect(session.execute(`SELECT pg_sleep(5) AS ${marker}`, controller.signal)).rejects.toBeInstanceOf(CancelledError);
    expect(await runningOnServer(marker)).toBe(0);
  });

  it("cancels every running statement when a run-wide signal aborts, using the pool's spare connections", async () => {
    const controller = new AbortController();
    const markers = [0, 1].map((i) => `par_${i}_${randomUUID().slice(0, 6)}`);
    const parallel = await adapter.connect(sourceConnection(), { policy: policy(2), runId });
    try {
      const runs = markers.map((m) => parallel.execute(`SELECT pg_sleep(30) AS ${m}`, controller.signal).catch((e: unknown) => e));
      for (let i = 0; i < 100 && (await runningOnServer('par_')) < 2; i++) await sleep(10);
      expect(await runningOnServer('par_')).toBe(2);
      controller.abort();
      for (const err of await Promise.all(runs)) expect(err).toBeInstanceOf(CancelledError);
      expect(await runningOnServer('par_')).toBe(0);
    } finally {
      await parallel.close();
    }
  });
});
