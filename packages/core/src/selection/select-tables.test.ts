import { describe, expect, it } from 'vitest';
import type { DiscoveredTable } from '../adapter/contract.js';
import { validateConfig } from '../config/load.js';
import { orderLongestFirst } from '../scheduler/order.js';
import { selectTables } from './select-tables.js';

const catalog: DiscoveredTable[] = [
  { schema: 'main', table: 'orders', type: 'table', rowEstimate: 100 },
  { schema: 'main', table: 'order_items', type: 'table', rowEstimate: 5000 },
  { schema: 'main', table: 'tmp_scratch', type: 'table' },
  { schema: 'sales', table: 'fact_sales', type: 'table', rowEstimate: 10 },
  { schema: 'sales', table: 'fact_returns', type: 'view' },
  { schema: 'sales', table: 'dim_date', type: 'table' },
];
const entries = (tables: unknown[]) => validateConfig({ source: { type: 'sqlite' }, profiling: { tables } }).profiling.tables;
const names = (tables: DiscoveredTable[]) => tables.map((t) => `${t.schema}.${t.table}`);

describe('selectTables', () => {
  it('selects explicit names, wildcards, regexes and whole schemas without duplicates', () => {
    const selected = selectTables(
      entries([
        { table: 'orders' },
        { schema: 'sales', pattern: 'fact_*' },
        { schema: 'sales', pattern: '^dim_', pattern_type: 'regex' },
        { select_schema: true, exclude_patterns: ['tmp_*'] },
      ]),
      catalog,
      'main',
    );
    expect(names(selected.tables)).toEqual(['main.orders', 'sales.fact_sales', 'sales.fact_returns', 'sales.dim_date', 'main.order_items']);
    expect(selected.missing).toEqual([]);
  });

  it("filters pattern and schema matches by Baselinr's table_types, min_rows and max_rows (the catalog's row figure)", () => {
    const pick = (entry: object) => names(selectTables(entries([entry]), catalog, 'main').tables);
    expect(pick({ schema: 'sales', select_schema: true, table_types: ['view'] })).toEqual(['sales.fact_returns']);
    expect(pick({ schema: 'sales', pattern: 'fact_*', table_types: ['table'] })).toEqual(['sales.fact_sales']);
    // Tables without a row figure are kept: nothing says they are outside the bounds.
    expect(pick({ select_schema: true, min_rows: 101 })).toEqual(['main.order_items', 'main.tmp_scratch']);
    expect(pick({ select_schema: true, max_rows: 100 })).toEqual(['main.orders', 'main.tmp_scratch']);
    expect(pick({ select_schema: true, min_rows: 100, max_rows: 100, table_types: ['table'] })).toEqual(['main.orders', 'main.tmp_scratch']);
    const none = selectTables(entries([{ schema: 'sales', pattern: 'fact_*', table_types: ['table'], min_rows: 11 }]), catalog, 'main');
    expect(none.unmatched).toEqual(['wildcard pattern "fact_*" in schema "sales": all 2 matching table(s) are excluded by exclude_patterns, table_types, tags, tags_any, min_rows or max_rows']);
  });

  it('refuses row and type filters on an explicit table, and min_rows above max_rows', () => {
    expect(() => entries([{ table: 'orders', min_rows: 5 }])).toThrow('an entry with `table` names its table');
    expect(() => entries([{ select_schema: true, min_rows: 5, max_rows: 4 }])).toThrow('min_rows must not be above max_rows');
  });

  it('reports explicitly named tables the catalog lacks', () => {
    expect(selectTables(entries([{ schema: 'sales', table: 'nope' }]), catalog, 'main').missing).toEqual([{ schema: 'sales', table: 'nope' }]);
  });

  it('narrows to --table names', () => {
    const selected = selectTables(entries([{ select_schema: true, schema: 'sales' }]), catalog, 'main', ['dim_date', 'sales.fact_sales']);
    expect(names(selected.tables)).toEqual(['sales.fact_sales', 'sales.dim_date']);
  });

  it('orders longest expected first: history, then row estimates, then the rest in selection order', () => {
    const ordered = orderLongestFirst(catalog, new Map([['sales.dim_date', 3]]));
    expect(names(ordered)).toEqual(['sales.dim_date', 'main.order_items', 'main.orders', 'sales.fact_sales', 'main.tmp_scratch', 'sales.fact_returns']);
  });
});
