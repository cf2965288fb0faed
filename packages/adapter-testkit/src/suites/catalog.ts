import { expect } from 'vitest';
import { CATALOG_TABLES, CATALOG_VIEW, catalogTable } from '../fixtures/catalog-tables.js';
import { observe } from '../engine/observe.js';
import { plan, profile } from '../engine/run-engine.js';
import { KIND_OF } from '../reference/metrics.js';
import { ref, type SuiteContext } from './context.js';

const TABLE_NAMES = Object.keys(CATALOG_TABLES);

/** listTables, batched describeTables, and selection by name, pattern, whole schema and excludes, views included. */
export function catalogChecks(ctx: SuiteContext): void {
  ctx.group('catalog', 'discovery and batched describe', () => {
    const withViews = !ctx.skipReason('views');
    const ns = ctx.namespace('catalog', async (n) => {
      for (const [name, rows] of Object.entries(CATALOG_TABLES)) await n.createTable(catalogTable(name, rows));
      if (withViews) {
        if (!n.createView) throw new Error('the namespace has no createView; give one, or skip: { views: "why" }');
        await n.createView(CATALOG_VIEW);
      }
    });
    const { adapter } = ctx.subject;
    const viewNames = withViews ? [CATALOG_VIEW.name] : [];

    ctx.test('listTables lists every table and view of the schema, each with its type', async () => {
      const session = await ctx.connect(ns(), 'kit-catalog');
      try {
        const found = await session.listTables({ schemas: [ns().schema] });
        const byName = Object.fromEntries(found.map((t) => [t.table, t.type]));
        expect(byName).toEqual({ ...Object.fromEntries(TABLE_NAMES.map((t) => [t, 'table'])), ...Object.fromEntries(viewNames.map((v) => [v, 'view'])) });
        expect(found.every((t) => t.schema === ns().schema)).toBe(true);
        for (const t of found) {
          if (t.rowEstimate !== undefined) expect(Number.isFinite(t.rowEstimate) && t.rowEstimate >= 0, `${t.table} rowEstimate ${t.rowEstimate}`).toBe(true);
        }
      } finally {
        await session.close();
      }
    });

    ctx.test('listTables returns nothing for a schema that does not exist', async () => {
      const session = await ctx.connect(ns(), 'kit-catalog');
      try {
        expect(await session.listTables({ schemas: ['kit_no_such_schema'] })).toEqual([]);
      } finally {
        await session.close();
      }
    });

    ctx.test('describeTables describes a batch in one call: columns in order, kinds by type, missing tables absent', async () => {
      const session = await ctx.connect(ns(), 'kit-catalog');
      try {
        const wanted = ['orders', 'fact_a', ...viewNames, 'kit_missing_table', 'fact_b'];
        const described = await session.describeTables(wanted.map((t) => ref(ns(), t)));
        expect(described.map((d) => d.table).sort()).toEqual(wanted.filter((t) => t !== 'kit_missing_table').sort());
        const expected = catalogTable('x', 0).columns.map((c) => [c.name, KIND_OF[c.type]]);
        for (const table of described) {
          expect(table.schema).toBe(ns().schema);
          expect(
            table.columns.map((c) => [c.name, c.kind]),
            table.table,
          ).toEqual(expected);
          for (const c of table.columns) expect(c.dataType, `${table.table}.${c.name} dataType`).not.toBe('');
        }
      } finally {
        await session.close();
      }
    });

    ctx.test('the engine describes tables in batches of execution.batch_size, and every table of a batch comes back', async () => {
      const { adapter: observed, seen } = observe(adapter);
      const result = await profile(observed, ns(), { profiling: { tables: TABLE_NAMES.map((table) => ({ schema: ns().schema, table })) }, execution: { batch_size: 2 } });
      expect(result.tables.map((t) => [t.table, t.status, t.error?.message])).toEqual(expect.arrayContaining(TABLE_NAMES.map((t) => [t, 'succeeded', undefined])));
      expect(seen.describeCalls).toHaveLength(Math.ceil(TABLE_NAMES.length / 2));
      expect(seen.describeCalls.every((refs) => refs.length <= 2)).toBe(true);
      expect(result.tables.map((t) => [t.table, t.rowCount]).sort()).toEqual(Object.entries(CATALOG_TABLES).sort());
    });

    const selected = async (tables: object[]) => {
      const p = await plan(adapter, ns(), { profiling: { tables: tables as never } });
      return { tables: p.tables.map((t) => t.table).sort(), missing: p.missing.map((m) => m.table) };
    };

    ctx.test('selects explicit names and reports the ones that do not exist', async () => {
      expect(
        await selected([
          { schema: ns().schema, table: 'orders' },
          { schema: ns().schema, table: 'kit_nope' },
        ]),
      ).toEqual({ tables: ['orders'], missing: ['kit_nope'] });
    });

    ctx.test('selects by wildcard pattern', async () => {
      expect((await selected([{ schema: ns().schema, pattern: 'fact_*' }])).tables).toEqual(['fact_a', 'fact_b']);
    });

    ctx.test('selects a whole schema minus exclude_patterns', async () => {
      expect((await selected([{ schema: ns().schema, select_schema: true, exclude_patterns: ['tmp_*', 'v_*'] }])).tables).toEqual(['fact_a', 'fact_b', 'order_items', 'orders']);
    });

    ctx.test(
      'selects and profiles a view by name',
      async () => {
        expect((await selected([{ schema: ns().schema, table: CATALOG_VIEW.name }])).tables).toEqual([CATALOG_VIEW.name]);
        const result = await profile(adapter, ns(), { profiling: { tables: [{ schema: ns().schema, table: CATALOG_VIEW.name }] } });
        expect(result.tables.map((t) => [t.table, t.status, t.rowCount, t.error?.message])).toEqual([
          [CATALOG_VIEW.name, 'succeeded', CATALOG_TABLES[CATALOG_VIEW.table], undefined],
        ]);
      },
      'views',
    );
  });
}
