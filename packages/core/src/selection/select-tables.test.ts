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
