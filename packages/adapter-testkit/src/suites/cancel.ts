import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { causeOf, reactionTo, type WarehouseSession } from '@baselinr/core';
import type { CancelProbe } from '../harness.js';
import { eventually, parseConnection, ref, rowsOf, workerLimit, type SuiteContext } from './context.js';

/** How long the warehouse may take to start, and to stop, the slow statement: liveness bounds, not speed checks. */
const SETTLE_MS = 20_000;
const SMALL_ROWS = 3;

const marker = () => `kit_cancel_${randomUUID().replaceAll('-', '').slice(0, 12)}`;

/** Settles with the rejection, or with 'resolved' / 'still pending after Nms'. */
function settle(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise((resolve) => (timer = setTimeout(() => resolve(`still pending ${ms}ms after the abort`), ms)));
  return Promise.race([
    promise.then(
      () => 'resolved',
      (err: unknown) => err,
    ),
    late,
  ]).finally(() => clearTimeout(timer));
}

/** `execute` honours its signal: an aborted statement is cancelled on the server and the session goes on working. */
export function cancelChecks(ctx: SuiteContext): void {
  ctx.group('cancel', 'execute cancels on the server when its signal aborts', () => {
    const probe = ctx.subject.cancel;
    if (!probe) return ctx.missing('cancel', '`cancel: { statement, isRunning }`');
    const ns = ctx.namespace('cancel', (n) =>
      n.createTable({ name: 'kit_small', columns: [{ name: 'id', type: 'integer' }], rows: Array.from({ length: SMALL_ROWS }, (_, i) => [i]) }),
    );
    const running = (session: WarehouseSession, m: string) => (probe.isRunning ? probe.isRunning(m, session) : Promise.resolve(false));

    ctx.test('rejects at once, running nothing, when the signal aborted before the call', async () => {
      const session = await ctx.connect(ns(), 'kit-cancel');
      try {
        const m = marker();
        const controller = new AbortController();
        controller.abort();
        const outcome = await settle(session.execute(probe.statement(m), controller.signal), SETTLE_MS);
        expect(outcome).toBeInstanceOf(Error);
        expect(await running(session, m)).toBe(false);
      } finally {
        await session.close();
      }
    });

    ctx.test('a running statement stops on the server when its signal aborts, and the session keeps working', async () => {
      const session = await ctx.connect(ns(), 'kit-cancel');
      try {
        await expectCancelled(session, probe);
        const rows = rowsOf(await session.execute(`SELECT COUNT(*) AS m0 FROM ${session.dialect.qualifyTable(ref(ns(), 'kit_small'))}`));
        expect(Number(rows[0]?.m0 ?? rows[0]?.M0)).toBe(SMALL_ROWS);
      } finally {
        await session.close();
      }
    });

    ctx.test('cancels every statement of a parallel session', async () => {
      const { adapter } = ctx.subject;
      const workers = Math.min(2, workerLimit(adapter, parseConnection(ns().connection)));
      const session = await ctx.connect(ns(), 'kit-cancel', workers);
      try {
        await Promise.all(Array.from({ length: workers }, () => expectCancelled(session, probe)));
      } finally {
        await session.close();
      }
    });
  });
}

async function expectCancelled(session: WarehouseSession, probe: CancelProbe): Promise<void> {
  const m = marker();
  const controller = new AbortController();
  const statement = session.execute(probe.statement(m), controller.signal);
  const outcome = settle(statement, SETTLE_MS * 2);
  if (probe.isRunning) {
    // It really runs on the server before the abort, so "stopped" below means something.
    expect(await eventually(() => probe.isRunning!(m, session), SETTLE_MS), `${m} seen running before the abort`).toBe(true);
  } else {
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  controller.abort();
  const err = await outcome;
  expect(err, 'the aborted statement rejects').toBeInstanceOf(Error);
  expect(causeOf(err), 'the cause of a cancelled statement').toBe('cancelled');
  expect(reactionTo(err).retry, 'a cancellation is not retried').toBe(false);
  if (probe.isRunning) expect(await eventually(async () => !(await probe.isRunning!(m, session)), SETTLE_MS), `${m} stopped on the server`).toBe(true);
}
