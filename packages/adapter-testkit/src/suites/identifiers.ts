import { expect } from 'vitest';
import type { FixtureTable } from '../harness.js';
import { HOSTILE_NAMES, KEEP_TABLE } from '../fixtures/catalog-tables.js';
import { profile } from '../engine/run-engine.js';
import { ref, rowsOf, type SuiteContext } from './context.js';

const ROWS = 25;
const KEEP_ROWS = 5;

/**
 * Each hostile name is a table whose columns are all the hostile names: integer columns (even
 * positions) hold row * (i + 1) with every fifth row null, text columns cycle through i + 2 values.
 */
function hostileTable(name: string): FixtureTable {
  return {
    name,
    columns: HOSTILE_NAMES.map((column, i) => ({ name: column, type: i % 2 === 0 ? 'integer' : 'string' })),
    rows: Array.from({ length: ROWS }, (_, r) => HOSTILE_NAMES.map((_, i) => (i % 2 === 0 ? ((r + 1) % 5 === 0 ? null : (r + 1) * (i + 1)) : `v${(r + 1) % (i + 2)}`))),
  };
}

/** Quotes, spaces, semicolons, reserved words and non-ASCII in table and column names: every one profiled, nothing dropped. */
export function identifierChecks(ctx: SuiteContext): void {
  ctx.group('hostile-identifiers', 'quotes, spaces, semicolons, reserved words, non-ASCII', () => {
    const ns = ctx.namespace('identifiers', async (n) => {
      await n.createTable({ name: KEEP_TABLE, columns: [{ name: 'id', type: 'integer' }], rows: Array.from({ length: KEEP_ROWS }, (_, i) => [i + 1]) });
      for (const name of HOSTILE_NAMES) await n.createTable(hostileTable(name));
    });
    const { adapter } = ctx.subject;
    const everyName = [KEEP_TABLE, ...HOSTILE_NAMES].sort();

    const expectProfiled = (result: Awaited<ReturnType<typeof profile>>) => {
      for (const table of result.tables.filter((t) => t.table !== KEEP_TABLE)) {
        expect(table.rowCount, table.table).toBe(ROWS);
        expect(
          table.columns.map((c) => c.column),
          table.table,
        ).toEqual(HOSTILE_NAMES);
        HOSTILE_NAMES.forEach((name, i) => {
          const { metrics } = table.columns.find((c) => c.column === name)!;
          const label = `${table.table}.${name}`;
          // count is the rows (Baselinr's meaning); every fifth value is null.
          if (i % 2 === 0) expect(metrics, label).toMatchObject({ count: ROWS, null_count: ROWS / 5, max: String((ROWS - 1) * (i + 1)) });
          else expect(metrics, label).toMatchObject({ count: ROWS, distinct_count: i + 2 });
        });
      }
    };

    ctx.test('profiles every table and column of the whole schema', async () => {
      const result = await profile(adapter, ns(), { profiling: { tables: [{ schema: ns().schema, select_schema: true }] } });
      expect(result.tables.filter((t) => t.status !== 'succeeded').map((t) => [t.table, t.error?.message])).toEqual([]);
      expect(result.tables.map((t) => t.table).sort()).toEqual(everyName);
      expectProfiled(result);
    });

    ctx.test('finds every hostile name given explicitly', async () => {
      const result = await profile(adapter, ns(), { profiling: { tables: HOSTILE_NAMES.map((table) => ({ schema: ns().schema, table })) } });
      expect(result.tables.map((t) => [t.table, t.status, t.error?.message]).sort()).toEqual([...HOSTILE_NAMES].sort().map((t) => [t, 'succeeded', undefined]));
      expectProfiled(result);
    });

    ctx.test('dropped nothing: the catalog and the back door still see every table', async () => {
      const session = await ctx.connect(ns(), 'kit-identifiers');
      try {
        expect((await session.listTables({ schemas: [ns().schema] })).map((t) => t.table).sort()).toEqual(everyName);
        const keep = await ns().query(`SELECT COUNT(*) AS n FROM ${session.dialect.qualifyTable(ref(ns(), KEEP_TABLE))}`);
        expect(Number(Object.values(keep[0] ?? {})[0])).toBe(KEEP_ROWS);
        // The adapter's own execute agrees with the back door.
        const counted = rowsOf(await session.execute(`SELECT COUNT(*) AS m0 FROM ${session.dialect.qualifyTable(ref(ns(), HOSTILE_NAMES[6]!))}`));
        expect(Number(counted[0]?.m0 ?? counted[0]?.M0)).toBe(ROWS);
      } finally {
        await session.close();
      }
    });
  });
}
