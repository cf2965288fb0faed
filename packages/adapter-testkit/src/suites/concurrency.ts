import { expect } from 'vitest';
import { catalogTable } from '../fixtures/catalog-tables.js';
import { observe } from '../engine/observe.js';
import { profile } from '../engine/run-engine.js';
import type { ConcurrencyLimits } from '@baselinr/core';
import { parseConnection, type SuiteContext } from './context.js';

const TABLES = Array.from({ length: 12 }, (_, i) => `kit_conc_${String(i).padStart(2, '0')}`);
const ROWS = 200;

/** The declared ceiling and pool policy are coherent, and the scheduler's runs stay within them. */
export function concurrencyChecks(ctx: SuiteContext): void {
  ctx.group('concurrency', 'ceiling and pool policy under the scheduler', () => {
    const { adapter } = ctx.subject;
    const ns = ctx.namespace('concurrency', async (n) => {
      for (const table of TABLES) await n.createTable(catalogTable(table, ROWS));
    });
    const entries = () => TABLES.map((table) => ({ schema: ns().schema, table }));
    /** The limits that apply to this connection: concurrencyFor when the adapter sizes them per connection. */
    const limits = (): ConcurrencyLimits => adapter.concurrencyFor?.(parseConnection(ns().connection)) ?? adapter.concurrency;

    ctx.test('declares a coherent ceiling, recommendation and pool policy for 1 to 64 workers', () => {
      const { ceiling, recommended, reason } = limits();
      expect(Number.isInteger(ceiling) && ceiling >= 1, `ceiling ${ceiling}`).toBe(true);
      expect(1 <= recommended.min && recommended.min <= recommended.max && recommended.max <= ceiling, `recommended ${recommended.min}-${recommended.max}, ceiling ${ceiling}`).toBe(true);
      expect(reason.trim()).not.toBe('');
      for (let workers = 1; workers <= 64; workers++) {
        const policy = adapter.poolPolicy(workers);
        const label = `poolPolicy(${workers}) = ${JSON.stringify(policy)}`;
        expect(Number.isInteger(policy.size) && policy.size >= 1, label).toBe(true);
        expect(policy.maxConcurrentStatements >= 1 && policy.maxConcurrentStatements <= policy.size, label).toBe(true);
        expect(policy.reason.trim(), label).not.toBe('');
      }
    });

    ctx.test('a run asking for 64 workers is clamped to the ceiling, says why, and never has more statements in flight than workers', async () => {
      const { adapter: observed, seen } = observe(adapter);
      const result = await profile(observed, ns(), { profiling: { tables: entries() }, execution: { max_workers: 64 } });
      expect(result.tables.map((t) => [t.table, t.status, t.error?.message]).sort()).toEqual(TABLES.map((t) => [t, 'succeeded', undefined]));
      const { workers, clamps, pool } = result.workers;
      const { ceiling, reason } = limits();
      expect(workers).toBeLessThanOrEqual(ceiling);
      expect(workers).toBeLessThanOrEqual(pool.maxConcurrentStatements);
      if (ceiling < 64) expect(clamps).toContainEqual(expect.objectContaining({ by: 'adapter_ceiling', reason: expect.stringContaining(reason) }));
      expect(seen.connects.map((c) => c.policy)).toEqual([pool]);
      expect(seen.peak, 'statements in flight at once').toBeLessThanOrEqual(workers);
      // A parallel run really overlapped statements, so the bound above was exercised.
      if (workers > 1) expect(seen.peak).toBeGreaterThan(1);
    });

    ctx.test('a sequential run has one statement in flight at a time', async () => {
      const { adapter: observed, seen } = observe(adapter);
      const result = await profile(observed, ns(), { profiling: { tables: entries().slice(0, 4) }, execution: { max_workers: 1 } });
      expect(result.succeeded).toBe(4);
      expect(seen.peak).toBe(1);
    });
  });
}
