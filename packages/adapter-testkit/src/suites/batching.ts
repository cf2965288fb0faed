import { expect } from 'vitest';
import type { ColumnProfile, RunResult } from '@baselinr/core';
import { catalogTable } from '../fixtures/catalog-tables.js';
import { emptyTable, metricsTable } from '../fixtures/metric-tables.js';
import type { FixtureTable } from '../harness.js';
import { observe } from '../engine/observe.js';
import { profile } from '../engine/run-engine.js';
import { parseConnection, type SuiteContext } from './context.js';

const BATCH = 10;

/** Small tables of different shapes and sizes, so a row given to the wrong table shows. */
function smallTables(): FixtureTable[] {
  return [metricsTable('kit_small_metrics'), emptyTable('kit_small_empty'), ...Array.from({ length: 6 }, (_, i) => catalogTable(`kit_small_${i}`, 5 + i * 13))];
}

/** Metrics as comparable values: doubles to 12 significant digits, everything else as it is. */
function comparable(columns: readonly ColumnProfile[]): unknown {
  const round = (v: unknown): unknown =>
    typeof v === 'number' && !Number.isInteger(v)
      ? Number(v.toPrecision(12))
      : Array.isArray(v)
        ? v.map((x) => (typeof x === 'object' && x ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, round(y)])) : x))
        : v;
  return columns.map((c) => ({ column: c.column, metrics: Object.fromEntries(Object.entries(c.metrics).map(([m, v]) => [m, round(v)])) }));
}

const byTable = (result: RunResult) => new Map(result.tables.map((t) => [t.table, t]));

/** Small tables share round trips (`execution.batch_size` per batch) and get exactly what they get one at a time. */
export function batchingChecks(ctx: SuiteContext): void {
  ctx.group('batching', 'small tables share round trips, with the results of one at a time', () => {
    const tables = smallTables();
    const ns = ctx.namespace('batching', async (n) => {
      for (const table of tables) await n.createTable(table);
    });
    const entries = () => tables.map((t) => ({ schema: ns().schema, table: t.name }));

    ctx.test('a batched run stores what an unbatched one does, in fewer statements where statements travel', async () => {
      // The history says every table took 10 ms last time: small enough to batch.
      const history = { tables: entries(), seconds: 0.01 };
      const alone = observe(ctx.subject.adapter);
      const one = await profile(alone.adapter, ns(), { profiling: { tables: entries() }, execution: { batch_size: 1 } }, { history });
      const together = observe(ctx.subject.adapter);
      const batched = await profile(together.adapter, ns(), { profiling: { tables: entries() }, execution: { batch_size: BATCH } }, { history });
      const single = byTable(one);
      for (const table of batched.tables) {
        expect([table.status, table.error?.message], table.table).toEqual(['succeeded', undefined]);
        const reference = single.get(table.table)!;
        expect(table.rowCount, table.table).toBe(reference.rowCount);
        expect(comparable(table.columns), table.table).toEqual(comparable(reference.columns));
      }
      const embedded = ctx.subject.adapter.limits(parseConnection(ns().connection)).embedded === true;
      if (embedded) {
        expect(together.seen.statements.length, 'an embedded engine has no round trip to save').toBe(alone.seen.statements.length);
      } else {
        // One aggregate round and at most one histogram round per batch.
        expect(together.seen.statements.length).toBeLessThanOrEqual(2 * Math.ceil(tables.length / BATCH));
        expect(batched.tables.every((t) => t.statements.some((s) => (s.batchedTables ?? 1) > 1))).toBe(true);
      }
    });

    ctx.test('a table that fails its batch is profiled on its own, and never fails its neighbours', async () => {
      const history = { tables: entries(), seconds: 0.01 };
      const { adapter } = ctx.subject;
      // A table the catalog lists but whose statements fail: every statement naming it is refused.
      const failing = {
        ...adapter,
        connect: async (...args: Parameters<typeof adapter.connect>) => {
          const session = await adapter.connect(...args);
          return {
            dialect: session.dialect,
            defaultSchema: session.defaultSchema,
            listTables: (filter: Parameters<typeof session.listTables>[0]) => session.listTables(filter),
            describeTables: (refs: Parameters<typeof session.describeTables>[0], signal?: AbortSignal) => session.describeTables(refs, signal),
            close: () => session.close(),
            execute: (sql: string, signal?: AbortSignal) => (sql.includes('kit_small_3') ? Promise.reject(new Error('refused for kit_small_3')) : session.execute(sql, signal)),
          };
        },
      };
      const result = await profile(failing, ns(), { profiling: { tables: entries() }, execution: { batch_size: BATCH }, retry: { enabled: false } }, { history });
      const outcome = byTable(result);
      expect(outcome.get('kit_small_3')!.status).toBe('failed');
      for (const table of tables.filter((t) => t.name !== 'kit_small_3')) expect([table.name, outcome.get(table.name)!.status]).toEqual([table.name, 'succeeded']);
    });
  });
}
