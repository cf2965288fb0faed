import { expect } from 'vitest';
import { ERROR_CAUSES, poolPolicy, reactionTo, WarehouseError, type ErrorCause, type WarehouseSession } from '@baselinr/core';
import { parseConnection, ref, rowsOf, type SuiteContext } from './context.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (err: unknown) => err,
  );
}

/** A normalised failure: a WarehouseError with the expected cause, keeping what the driver said. */
function expectCause(err: unknown, causes: readonly ErrorCause[]): void {
  expect(err, `a WarehouseError, got ${String(err)}`).toBeInstanceOf(WarehouseError);
  const e = err as WarehouseError;
  expect(ERROR_CAUSES).toContain(e.kind);
  expect(causes, `cause ${e.kind} (${e.message})`).toContain(e.kind);
  expect(e.message.trim(), 'the driver message is kept').not.toBe('');
  expect(e.driverCode !== undefined || e.cause !== undefined, 'the driver code or error is kept').toBe(true);
}

/** Real failures of the warehouse, each normalised to its cause: bad SQL, a missing table, a refused connection. */
export function errorChecks(ctx: SuiteContext): void {
  ctx.group('error-classification', 'failures normalised to causes', () => {
    const ns = ctx.namespace('errors', (n) => n.createTable({ name: 'kit_present', columns: [{ name: 'id', type: 'integer' }], rows: [[1], [2]] }));
    const withSession = async (check: (session: WarehouseSession) => Promise<void>) => {
      const session = await ctx.connect(ns(), 'kit-errors');
      try {
        await check(session);
      } finally {
        await session.close();
      }
    };
    const present = (session: WarehouseSession) => session.dialect.qualifyTable(ref(ns(), 'kit_present'));

    ctx.test('bad SQL is a syntax error, not retried', () =>
      withSession(async (session) => {
        const err = await rejection(session.execute(`SELEC COUNT(*) AS m0 FROM ${present(session)}`));
        expectCause(err, ['syntax']);
        expect(reactionTo(err).retry).toBe(false);
      }),
    );

    ctx.test('a missing table is object_not_found, not retried', () =>
      withSession(async (session) => {
        const err = await rejection(session.execute(`SELECT COUNT(*) AS m0 FROM ${session.dialect.qualifyTable(ref(ns(), 'kit_no_such_table'))}`));
        expectCause(err, ['object_not_found']);
        expect(reactionTo(err).retry).toBe(false);
      }),
    );

    ctx.test('two statements in one call are refused, and not retried', () =>
      withSession(async (session) => {
        const err = await rejection(session.execute(`SELECT COUNT(*) AS m0 FROM ${present(session)}; SELECT COUNT(*) AS m0 FROM ${present(session)}`));
        expectCause(err, ['syntax', 'permission_denied']);
        expect(reactionTo(err).retry).toBe(false);
      }),
    );

    ctx.test('the session works on after failed statements', () =>
      withSession(async (session) => {
        await rejection(session.execute(`SELEC 1 FROM ${present(session)}`));
        const rows = rowsOf(await session.execute(`SELECT COUNT(*) AS m0 FROM ${present(session)}`));
        expect(Number(rows[0]?.m0 ?? rows[0]?.M0)).toBe(2);
      }),
    );

    const unreachable = ctx.subject.unreachable;
    if (!unreachable) {
      if (!ctx.skipReason('refused-connection')) ctx.missing('refused-connection', '`unreachable()` (a connection the warehouse refuses)');
      else ctx.test('a refused connection', () => undefined, 'refused-connection');
      return;
    }
    ctx.test(
      'a refused connection rejects connect with the cause the harness names (connection_refused by default)',
      async () => {
        const target = await unreachable();
        try {
          const { adapter } = ctx.subject;
          const connection = parseConnection(target.connection);
          const err = await rejection(adapter.connect(connection, { policy: poolPolicy(adapter.limits(connection).pool, 1), runId: 'kit-refused' }));
          expectCause(err, [target.kind ?? 'connection_refused']);
        } finally {
          await target.release?.();
        }
      },
      'refused-connection',
    );
  });
}
