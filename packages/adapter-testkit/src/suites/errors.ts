import { expect } from 'vitest';
import { type ErrorKind, type WarehouseSession } from '@baselinr/core';
import { parseConnection, ref, rowsOf, type SuiteContext } from './context.js';

const KINDS: readonly ErrorKind[] = ['transient', 'connection_limit', 'permanent'];

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (err: unknown) => err,
  );
}

/** classifyError on real failures of the warehouse: bad SQL and missing tables are permanent, a refused connection is not. */
export function errorChecks(ctx: SuiteContext): void {
  ctx.group('error-classification', 'classifyError on real failures', () => {
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

    ctx.test('bad SQL is permanent', () =>
      withSession(async (session) => {
        const err = await rejection(session.execute(`SELEC COUNT(*) AS m0 FROM ${present(session)}`));
        expect(session.classifyError(err)).toBe('permanent');
      }),
    );

    ctx.test('a missing table is permanent', () =>
      withSession(async (session) => {
        const err = await rejection(session.execute(`SELECT COUNT(*) AS m0 FROM ${session.dialect.qualifyTable(ref(ns(), 'kit_no_such_table'))}`));
        expect(session.classifyError(err)).toBe('permanent');
      }),
    );

    ctx.test('two statements in one call are refused, as permanent', () =>
      withSession(async (session) => {
        const err = await rejection(session.execute(`SELECT COUNT(*) AS m0 FROM ${present(session)}; SELECT COUNT(*) AS m0 FROM ${present(session)}`));
        expect(session.classifyError(err)).toBe('permanent');
      }),
    );

    ctx.test('the session works on after failed statements', () =>
      withSession(async (session) => {
        await rejection(session.execute(`SELEC 1 FROM ${present(session)}`));
        const rows = rowsOf(await session.execute(`SELECT COUNT(*) AS m0 FROM ${present(session)}`));
        expect(Number(rows[0]?.m0 ?? rows[0]?.M0)).toBe(2);
      }),
    );

    ctx.test('classifyError answers a kind for anything thrown, never throwing itself', () =>
      withSession(async (session) => {
        for (const odd of [undefined, null, 'text', 42, {}, new Error('plain'), Object.assign(new Error('coded'), { code: 'XX999' })]) {
          expect(KINDS).toContain(session.classifyError(odd));
        }
      }),
    );

    const unreachable = ctx.subject.unreachable;
    if (!unreachable) {
      if (!ctx.skipReason('refused-connection')) ctx.missing('refused-connection', '`unreachable()` (a connection the warehouse refuses)');
      else ctx.test('a refused connection', () => undefined, 'refused-connection');
      return;
    }
    ctx.test(
      'a refused connection rejects connect, classified as the harness says (transient by default)',
      () =>
        withSession(async (session) => {
          const target = await unreachable();
          try {
            const { adapter } = ctx.subject;
            const err = await rejection(adapter.connect(parseConnection(target.connection), { policy: adapter.poolPolicy(1), runId: 'kit-refused' }));
            expect(session.classifyError(err)).toBe(target.kind ?? 'transient');
          } finally {
            await target.release?.();
          }
        }),
      'refused-connection',
    );
  });
}
