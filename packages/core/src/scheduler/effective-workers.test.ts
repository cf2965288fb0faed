import { describe, expect, it } from 'vitest';
import { sqlPoolPolicy, type WarehouseAdapter } from '../adapter/contract.js';
import { resolveWorkers } from './effective-workers.js';

const execution = { max_workers: 8, batch_size: 10, queue_size: 100, warehouse_limits: {} as Record<string, number> };
const adapter = (ceiling: number): WarehouseAdapter => ({
  type: 'demo',
  concurrency: { ceiling, recommended: { min: 4, max: 8 }, reason: 'because' },
  poolPolicy: sqlPoolPolicy,
  connect: () => Promise.reject(new Error('not used')),
});

describe('resolveWorkers', () => {
  it('keeps the request when nothing limits it', () => {
    const plan = resolveWorkers(adapter(64), execution);
    expect(plan).toMatchObject({ requested: 8, workers: 8, clamps: [], pool: { size: 10, maxConcurrentStatements: 8 } });
  });

  it('states each clamp once with its reason, in order', () => {
    const plan = resolveWorkers(adapter(3), { ...execution, warehouse_limits: { demo: 6 } }, 12);
    expect(plan.workers).toBe(3);
    expect(plan.clamps.map((c) => [c.by, c.from, c.to])).toEqual([
      ['warehouse_limits', 12, 6],
      ['adapter_ceiling', 6, 3],
    ]);
    expect(plan.clamps[1]!.reason).toContain('because');
  });

  it('looks limits up by the config\'s type name too (an alias such as mariadb)', () => {
    const plan = resolveWorkers(adapter(64), { ...execution, warehouse_limits: { mariadb: 2 } }, undefined, { type: 'mariadb', extra_params: {} });
    expect(plan.workers).toBe(2);
    expect(plan.clamps[0]!.reason).toBe('execution.warehouse_limits.mariadb is 2');
  });

  it('uses limits that depend on the connection when the adapter gives them', () => {
    const sized = { ...adapter(64), concurrencyFor: (c: { extra_params: Record<string, unknown> }) => ({ ceiling: Number(c.extra_params.slots), recommended: { min: 1, max: 2 }, reason: 'sized' }) };
    const plan = resolveWorkers(sized, execution, undefined, { type: 'demo', extra_params: { slots: 3 } });
    expect(plan.workers).toBe(3);
    expect(plan.clamps[0]!.reason).toBe('demo adapter ceiling is 3: sized');
  });

  it('clamps to what the pool policy lets run at once (at most 20 connections)', () => {
    const plan = resolveWorkers(adapter(64), { ...execution, max_workers: 40 });
    expect(plan.pool.size).toBe(20);
    expect(plan.workers).toBe(18);
    expect(plan.clamps).toHaveLength(1);
    expect(plan.clamps[0]!.by).toBe('pool_policy');
  });

  it('keeps a small pool for sequential runs', () => {
    expect(resolveWorkers(adapter(64), { ...execution, max_workers: 1 }).pool).toMatchObject({ size: 2, maxConcurrentStatements: 1 });
  });
});
