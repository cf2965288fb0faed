import { expect } from 'vitest';
import { catalogTable } from '../fixtures/catalog-tables.js';
import { observe } from '../engine/observe.js';
import { profile } from '../engine/run-engine.js';
import { poolPolicy } from '@baselinr/core';
import { parseConnection, workerLimit, type SuiteContext } from './context.js';

const TABLES = Array.from({ length: 12 }, (_, i) => `kit_conc_${String(i).padStart(2, '0')}`);
const ROWS = 200;

/** The declared limits are coherent, and the scheduler's runs stay within them. */
export function concurrencyChecks(ctx: SuiteContext): void {
  ctx.group('concurrency', 'declared limits under the scheduler', () => {
    const { adapter } = ctx.subject;
    const ns = ctx.namespace('concurrency', async (n) => {
      for (const table of TABLES) await n.createTable(catalogTable(table, ROWS));
    });
    const entries = () => TABLES.map((table) => ({ schema: ns().schema, table }));
    const connection = () => parseConnection(ns().connection);

    ctx.test('declares coherent limits: a ceiling with its reason, a recommendation within reach, a pool for 1 to 64 workers', () => {
      const limits = adapter.limits(connection());
      const { ceiling, recommended, pool } = limits;
      const max = workerLimit(adapter, connection());
      if (ceiling) {
        expect(Number.isInteger(ceiling.workers) && ceiling.workers >= 1, `ceiling ${ceiling.workers}`).toBe(true);
        expect(ceiling.reason.trim()).not.toBe('');
      }
      if (pool.kind === 'connections') {
        expect(Number.isInteger(pool.spare) && pool.spare >= 0 && Number.isInteger(pool.maxConnections) && pool.maxConnections > pool.spare, JSON.stringify(pool)).toBe(true);
      } else {
        expect(pool.reason.trim()).not.toBe('');
      }
      expect(1 <= recommended.min && recommended.min <= recommended.max && recommended.max <= max, `recommended ${recommended.min}-${recommended.max}, at most ${max}`).toBe(true);
      for (let workers = 1; workers <= 64; workers++) {
        const policy = poolPolicy(pool, workers);
        const label = `pool for ${workers} workers = ${JSON.stringify(policy)}`;
        expect(Number.isInteger(policy.size) && policy.size >= 1, label).toBe(true);
        expect(policy.maxConcurrentStatements >= 1 && policy.maxConcurrentStatements <= policy.size, label).toBe(true);
      }
    });

    ctx.test('a run asking for 64 workers is clamped to the limits, says why, and never has more statements in flight than workers', async () => {
      const { adapter: observed, seen } = observe(adapter);
      const result = await profile(observed, ns(), { profiling: { tables: entries() }, execution: { max_workers: 64, batch_size: 1 } });
      expect(result.tables.map((t) => [t.table, t.status, t.error?.message]).sort()).toEqual(TABLES.map((t) => [t, 'succeeded', undefined]));
      const { workers, clamps, pool } = result.workers;
      const max = workerLimit(adapter, connection());
      expect(workers).toBeLessThanOrEqual(max);
      expect(workers).toBeLessThanOrEqual(pool.maxConcurrentStatements);
      if (max < 64)
        expect(
          clamps.some((c) => c.by === 'adapter_ceiling' || c.by === 'pool_policy'),
          JSON.stringify(clamps),
        ).toBe(true);
      for (const clamp of clamps) expect(clamp.reason.trim()).not.toBe('');
      expect(seen.connects.map((c) => c.policy)).toEqual([pool]);
      expect(seen.peak, 'statements in flight at once').toBeLessThanOrEqual(workers);
      // A parallel run really overlapped statements, so the bound above was exercised.
      if (workers > 1) expect(seen.peak).toBeGreaterThan(1);
    });

    ctx.test('a sequential run has one statement in flight at a time', async () => {
      const { adapter: observed, seen } = observe(adapter);
      const result = await profile(observed, ns(), { profiling: { tables: entries().slice(0, 4) }, execution: { max_workers: 1, batch_size: 1 } });
      expect(result.succeeded).toBe(4);
      expect(seen.peak).toBe(1);
    });
  });
}
