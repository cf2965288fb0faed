import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, reactionTo, validateConfig, type WarehouseSession } from '@baselinr/core';
import type { Connection } from 'mysql2/promise';
import adapter from './index.js';
import { adminConnection, createTestDatabase, policy, rowsOf, type TestDatabase } from './test-support/db.js';

let db: TestDatabase;
let observer: Connection;
let session: WarehouseSession;

beforeAll(async () => {
  db = await createTestDatabase('cancel');
  observer = await adminConnection();
  session = await adapter.connect(validateConfig({ source: db.connection() }).source, { policy: policy(1), runId: 'cancel-test' });
});

afterAll(async () => {
  await session?.close();
  await observer?.end();
  await db?.drop();
});

/** Statements of this test's database that the server is running, by their text. */
async function running(fragment: string): Promise<Array<{ id: number; info: string }>> {
  const [rows] = await observer.query("SELECT ID AS id, INFO AS info FROM information_schema.PROCESSLIST WHERE DB = ? AND COMMAND = 'Query' AND INFO LIKE ?", [
    db.name,
    `%${fragment}%`,
  ]);
  return rows as Array<{ id: number; info: string }>;
}

async function until(condition: () => Promise<boolean>, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await condition()) return true;
    await sleep(10);
  }
  return false;
}

describe('cancellation', () => {
  it('kills an aborted statement on the server and rejects promptly', async () => {
    const controller = new AbortController();
    const began = Date.now();
    const statement = session.execute('SELECT SLEEP(30) AS slept', controller.signal);
    const settled = statement.then(
      () => 'resolved',
      (err: unknown) => err,
    );
    await sleep(200);
    // It really is running on the server before we abort (so "gone" below means something).
    const before = await running('SLEEP(30)');
    expect(before).toHaveLength(1);
    expect(before[0]!.info).toContain('baselinr run cancel-test');
    controller.abort();
    const outcome = await settled;
    expect(outcome).toBeInstanceOf(CancelledError);
    expect(reactionTo(outcome).retry).toBe(false);
    // Far sooner than the 30 s the statement asked for.
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(await running('SLEEP(30)')).toEqual([]);
    // The connection went back to the pool healthy.
    const [row] = rowsOf(await session.execute('SELECT 40 + 2 AS answer'));
    expect(Number(row!.answer)).toBe(42);
  });

  it('rejects a statement waiting for its turn without touching the one running', async () => {
    const first = new AbortController();
    const second = new AbortController();
    const running1 = session.execute('SELECT SLEEP(30) AS first_one', first.signal).catch((err: unknown) => err);
    expect(await until(async () => (await running('first_one')).length === 1)).toBe(true);
    // Sequential policy: one statement at a time, so this one waits for a slot.
    const waiting = session.execute('SELECT SLEEP(30) AS second_one', second.signal).catch((err: unknown) => err);
    await sleep(50);
    second.abort();
    expect(await waiting).toBeInstanceOf(CancelledError);
    expect(await running('second_one')).toEqual([]);
    expect(await running('first_one')).toHaveLength(1);
    first.abort();
    expect(await running1).toBeInstanceOf(CancelledError);
    expect(await until(async () => (await running('first_one')).length === 0)).toBe(true);
  });

  it('rejects at once when the signal was aborted before the call', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(session.execute('SELECT SLEEP(30) AS never_sent', controller.signal)).rejects.toBeInstanceOf(CancelledError);
    expect(await running('never_sent')).toEqual([]);
  });
});
