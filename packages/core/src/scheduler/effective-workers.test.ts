import { describe, expect, it } from 'vitest';
import type { WarehouseAdapter, WarehouseLimits } from '../adapter/contract.js';
import type { ConnectionConfig } from '../config/schema.js';
import { resolveWorkers } from './effective-workers.js';

const execution = { max_workers: 8, batch_size: 10, queue_size: 100, warehouse_limits: {} as Record<string, number> };
const source = { type: 'demo', extra_params: {} } as unknown as ConnectionConfig;
const sqlPool = { kind: 'connections', maxConnections: 20, spare: 2 } as const;
const adapter = (ceiling?: number, limits?: (c: ConnectionConfig) => WarehouseLimits): WarehouseAdapter => ({
  type: 'demo',
  limits: limits ?? (() => ({ ...(ceiling ? { ceiling: { workers: ceiling, reason: 'because' } } : {}), recommended: { min: 4, max: 8 }, pool: sqlPool })),
  connect: () => Promise.reject(new Error('not used')),
});

describe('resolveWorkers', () => {
  it('keeps the request when nothing limits it', () => {
    const plan = resolveWorkers(adapter(), source, execution);
    expect(plan).toMatchObject({ requested: 8, workers: 8, clamps: [], pool: { size: 10, maxConcurrentStatements: 8 } });
  });

  it('states each clamp once with its reason, in order', () => {
    const both = resolveWorkers(adapter(30), source, { ...execution, max_workers: 40 });
    expect(both.workers).toBe(18);
    expect(both.clamps.map((c) => [c.by, c.from, c.to])).toEqual([
      ['adapter_ceiling', 40, 30],
      ['pool_policy', 30, 18],
    ]);
    expect(both.clamps[0]!.reason).toContain('because');
  });

  it('takes warehouse_limits as an override of max_workers for that warehouse, above or below it', () => {
    const up = resolveWorkers(adapter(), source, { ...execution, max_workers: 4, warehouse_limits: { demo: 8 } });
    expect(up).toMatchObject({ requested: 8, workers: 8, clamps: [], requestedBy: 'execution.warehouse_limits.demo (overrides max_workers 4)' });
    const down = resolveWorkers(adapter(), source, { ...execution, max_workers: 16, warehouse_limits: { demo: 2, other: 30 } });
    expect(down).toMatchObject({ requested: 2, workers: 2, clamps: [] });
    expect(resolveWorkers(adapter(), source, { ...execution, max_workers: 4, warehouse_limits: { other: 8 } })).toMatchObject({
      requested: 4,
      requestedBy: 'execution.max_workers',
    });
  });

  it('still clamps an override by the adapter ceiling and the pool, each with its reason', () => {
    const plan = resolveWorkers(adapter(12), source, { ...execution, max_workers: 4, warehouse_limits: { demo: 30 } });
    expect(plan.workers).toBe(12);
    expect(plan.clamps.map((c) => [c.by, c.from, c.to, c.reason])).toEqual([['adapter_ceiling', 30, 12, 'demo adapter ceiling is 12: because']]);
    const pooled = resolveWorkers(adapter(), source, { ...execution, max_workers: 4, warehouse_limits: { demo: 40 } });
    expect(pooled.clamps.map((c) => [c.by, c.from, c.to])).toEqual([['pool_policy', 40, 18]]);
  });

  it('lets --workers win over warehouse_limits', () => {
    const plan = resolveWorkers(adapter(), source, { ...execution, warehouse_limits: { demo: 6 } }, 3);
    expect(plan).toMatchObject({ requested: 3, workers: 3, requestedBy: '--workers' });
  });

  it("looks limits up by the config's type name first (an alias such as mariadb)", () => {
    const plan = resolveWorkers(adapter(), { ...source, type: 'mariadb' }, { ...execution, warehouse_limits: { mariadb: 2, demo: 5 } });
    expect(plan.workers).toBe(2);
    expect(plan.requestedBy).toBe('execution.warehouse_limits.mariadb (overrides max_workers 8)');
  });

  it('uses limits that depend on the connection', () => {
    const sized = adapter(undefined, (c) => ({ ceiling: { workers: Number(c.extra_params.slots), reason: 'sized' }, recommended: { min: 1, max: 2 }, pool: sqlPool }));
    const plan = resolveWorkers(sized, { ...source, extra_params: { slots: 3 } }, execution);
    expect(plan.workers).toBe(3);
    expect(plan.clamps[0]!.reason).toBe('demo adapter ceiling is 3: sized');
  });

  it('clamps to what the pool lets run at once: at most 20 connections, 2 of them spare', () => {
    const plan = resolveWorkers(adapter(), source, { ...execution, max_workers: 40 });
    expect(plan.pool.size).toBe(20);
    expect(plan.workers).toBe(18);
    expect(plan.clamps).toHaveLength(1);
    expect(plan.clamps[0]!.by).toBe('pool_policy');
    expect(plan.clamps[0]!.reason).toContain('2 kept for catalog queries and cancel requests');
  });

  it('keeps a small pool for sequential runs', () => {
    expect(resolveWorkers(adapter(), source, { ...execution, max_workers: 1 }).pool).toMatchObject({ size: 2, maxConcurrentStatements: 1 });
  });

  it('holds one statement in flight per worker where the warehouse holds no connections', () => {
    const http = adapter(undefined, () => ({ recommended: { min: 10, max: 15 }, pool: { kind: 'in-flight', reason: 'jobs over HTTPS' } }));
    const plan = resolveWorkers(http, source, { ...execution, max_workers: 40 });
    expect(plan).toMatchObject({ workers: 40, clamps: [], pool: { size: 40, maxConcurrentStatements: 40, reason: 'jobs over HTTPS' } });
  });
});
