import { describe, expect, it } from 'vitest';
import { tableKey, type ChangeSignal, type DiscoveredTable, type ListTablesFilter, type TableRef } from '../adapter/types.js';
import { validateConfig } from '../config/load.js';
import type { TableState, TableStateStore } from '../store/contract.js';
import type { CatalogSession } from './catalog-retry.js';
import { discoverTables } from './discover-tables.js';
import { planIncremental, settingsFingerprint, signalsWithListing } from './incremental.js';

/*
 * Core's side of signals read with the listing: which tables it still asks `changeSignals` for,
 * and that the decisions do not depend on where a signal came from. The session and the state
 * store are the contract's shapes filled from memory; adapters test their own catalogs against real warehouses.
 */

const tables = ['a', 'b', 'c', 'd'];
const config = (incremental: boolean) =>
  validateConfig({ source: { type: 'postgres' }, incremental: { enabled: incremental }, profiling: { tables: tables.map((table) => ({ schema: 's', table })) } });
const incrementalConfig = config(true);

/** a unchanged, b changed, c never profiled, d unknown to the warehouse. */
const signals = new Map<string, ChangeSignal>([
  ['s.a', { token: 'ta' }],
  ['s.b', { token: 'tb2' }],
  ['s.c', { token: 'tc' }],
  ['s.d', { token: null, unknown: 'a view' }],
]);
const state = (table: string, token: string): TableState => ({
  schema: 's',
  table,
  database: '',
  lastRunId: 'run-1',
  token,
  decision: 'full',
  decisionReason: 'no_previous_state',
  lastProfiledAt: new Date('2026-01-01T00:00:00Z'),
  rowCount: 10,
  metadata: { settings: settingsFingerprint(incrementalConfig) },
});
const states = new Map([
  ['s.a', state('a', 'ta')],
  ['s.b', state('b', 'tb1')],
  ['s.d', state('d', 'td')],
]);
const stateStore: TableStateStore = {
  load: async (_database, refs) => new Map(refs.flatMap((ref) => (states.has(tableKey(ref)) ? [[tableKey(ref), states.get(tableKey(ref))!] as const] : []))),
  save: async () => undefined,
};
const store = { tableStates: () => stateStore };

const listed = (withSignal: readonly string[]): DiscoveredTable[] =>
  tables.map((table) => ({ schema: 's', table, type: 'table', ...(withSignal.includes(table) ? { changeSignal: signals.get(`s.${table}`)! } : {}) }));

/** A session whose `changeSignals` answers from `signals` and records each call's tables. */
function recordingSession(fail?: Error) {
  const calls: string[][] = [];
  return {
    calls,
    changeSignals: async (refs: readonly TableRef[]) => {
      calls.push(refs.map((r) => r.table));
      if (fail) throw fail;
      return new Map(refs.map((r) => [tableKey(r), signals.get(tableKey(r))!]));
    },
  };
}

const plan = (session: ReturnType<typeof recordingSession>, withSignal: readonly string[], full = false) =>
  planIncremental(incrementalConfig, session, store, listed(withSignal), { full, warehouse: 'postgres' });

describe('incremental planning with signals from the listing', () => {
  it('uses the listed signals, asks the session for none, and decides as with signals read separately', async () => {
    const separate = recordingSession();
    const before = await plan(separate, []);
    expect(separate.calls).toEqual([tables]);
    expect(before.tables.map((t) => t.table)).toEqual(['b', 'c', 'd']);
    expect(before.plan.skipped.map((s) => s.table)).toEqual(['a']);

    const withListing = recordingSession();
    const after = await plan(withListing, tables);
    expect(withListing.calls).toEqual([]);
    // Same tables (carrying no signal further), same skips, same decisions and tokens.
    expect(after).toEqual(before);
  });

  it('asks the session only for the tables listed without a signal', async () => {
    const session = recordingSession();
    const mixed = await plan(session, ['a', 'c']);
    expect(session.calls).toEqual([['b', 'd']]);
    expect(mixed).toEqual(await plan(recordingSession(), []));
  });

  it('keeps what a failed signal read and --full do today', async () => {
    const failing = recordingSession(new Error('catalog gone'));
    const failed = await plan(failing, ['a']);
    expect(failing.calls).toEqual([['b', 'c', 'd']]);
    expect(failed.plan.inactive).toBe('reading change signals failed (catalog gone); every table is profiled');
    expect(failed.tables).toEqual(listed([]));

    const full = await plan(recordingSession(), tables, true);
    expect(full).toEqual(await plan(recordingSession(), [], true));
    expect(full.plan.decisions.get('s.a')).toEqual({ reason: 'full_requested', token: 'ta' });
  });
});

describe('the listing filter', () => {
  /** Runs discovery over a catalog that records each listing's filter. */
  async function filtersOf(incremental: boolean): Promise<ListTablesFilter[]> {
    const filters: ListTablesFilter[] = [];
    const session: CatalogSession = {
      defaultSchema: 's',
      listTables: async (filter) => {
        filters.push(filter);
        return listed([]);
      },
    };
    const cfg = config(incremental);
    const options = { warehouse: 'postgres', history: async () => new Map<string, number>(), changeSignals: signalsWithListing(cfg) };
    for await (const _part of discoverTables(cfg, session, options));
    return filters;
  }

  it('asks for change signals only when the run is incremental', async () => {
    expect(await filtersOf(true)).toEqual([{ schemas: ['s'], changeSignals: true }]);
    expect(await filtersOf(false)).toEqual([{ schemas: ['s'] }]);
  });
});
