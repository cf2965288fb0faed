import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BaselinrMetrics, ProfileEngine, WarehouseError, concurrencyNote, type EngineEvent } from '@baselinr/core';
import sqlite from '@baselinr/adapter-sqlite';
import { instrument } from './test-support/instrumented.js';
import { workspace, type Workspace } from './test-support/fixtures.js';

let ws: Workspace;
const SLOW_VIEW = 'CREATE VIEW slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000000) SELECT x FROM c';

beforeEach(() => {
  ws = workspace();
  for (let i = 0; i < 24; i++) {
    ws.exec(`CREATE TABLE t${i} (id INTEGER, v REAL)`);
    ws.exec(
      `INSERT INTO t${i} VALUES (?, ?)`,
      Array.from({ length: 30 }, (_, r) => [r, r * 1.5]),
    );
  }
});
afterEach(() => ws.cleanup());

describe('adaptive concurrency', () => {
  it('lowers concurrency when the warehouse refuses connections and still profiles every table', async () => {
    // A warehouse that refuses a fourth concurrent statement, as a server at its connection limit would.
    const serverLimit = 3;
    let refusals = 0;
    const { adapter, stats } = instrument(sqlite, { ceiling: 64 });
    const refusing = {
      ...adapter,
      connect: async (...args: Parameters<typeof adapter.connect>) => {
        const session = await adapter.connect(...args);
        return {
          ...session,
          dialect: session.dialect,
          defaultSchema: session.defaultSchema,
          execute: (sql: string, signal?: AbortSignal) => {
            if (stats.inFlight >= serverLimit) {
              refusals++;
              return Promise.reject(new WarehouseError('too_many_connections', 'sorry, too many clients already', { driverCode: '53300' }));
            }
            return session.execute(sql, signal);
          },
        };
      },
    };
    const engine = new ProfileEngine(ws.config({ execution: { max_workers: 8 }, retry: { retries: 1, min_backoff: 0.001, max_backoff: 0.01 } }), {
      adapters: { sqlite: refusing },
    });
    const changes: Array<Extract<EngineEvent, { type: 'concurrency_changed' }>> = [];
    engine.on('concurrency_changed', (e) => changes.push(e));
    const result = await engine.profile();

    expect(refusals).toBeGreaterThan(0);
    expect(result.succeeded).toBe(24);
    expect(result.failed).toBe(0);
    expect(changes[0]).toMatchObject({ from: 8, to: 4 });
    expect(result.concurrency.minimum).toBeLessThanOrEqual(serverLimit);
    expect(concurrencyNote(result)).toMatch(/^Concurrency was reduced from 8 to \d worker\(s\) because the warehouse refused connections/);
  });
});

describe('timeouts', () => {
  it('cancels a table past execution.table_timeout_seconds, reports a timeout, and profiles the rest', async () => {
    ws.exec(SLOW_VIEW);
    // A generous timeout: small tables must finish within it even on a loaded machine.
    const tables = [{ table: 'slow' }, { table: 't0' }, { table: 't1' }, { table: 't2' }];
    const result = await new ProfileEngine(ws.config({ execution: { table_timeout_seconds: 2 }, profiling: { tables } }), { adapters: { sqlite } }).profile();
    const slow = result.tables.find((t) => t.table === 'slow')!;
    expect(slow.status).toBe('failed');
    expect(slow.error).toMatchObject({ kind: 'timeout', message: expect.stringContaining('table timed out after 2s') });
    expect(slow.statements).toEqual([]);
    expect(result.succeeded).toBe(3);
  });

  it('a statement timeout is not retried', async () => {
    ws.exec(SLOW_VIEW);
    const engine = new ProfileEngine(ws.config({ execution: { statement_timeout_seconds: 0.3 }, profiling: { tables: [{ table: 'slow' }] } }), { adapters: { sqlite } });
    let retries = 0;
    engine.on('retry', () => retries++);
    const result = await engine.profile();
    expect(result.tables[0]!.error).toMatchObject({ kind: 'timeout', message: expect.stringContaining('statement timed out after 0.3s') });
    expect(retries).toBe(0);
  });
});

describe('Prometheus metrics', () => {
  it('counters add up to the tables profiled and failed', async () => {
    const { adapter } = instrument(sqlite, { ceiling: 64, fail: (sql) => (sql.includes('"t3"') || sql.includes('"t9"') ? 'syntax' : undefined) });
    const engine = new ProfileEngine(ws.config({ execution: { max_workers: 4 } }), { adapters: { sqlite: adapter } });
    const metrics = new BaselinrMetrics();
    metrics.observe(engine, 'test');
    let peakActive = 0;
    engine.on('table_started', async () => {
      peakActive = Math.max(peakActive, (await metrics.activeWorkers.get()).values[0]?.value ?? 0);
    });
    const result = await engine.profile();
    const value = async (m: { get(): Promise<{ values: Array<{ value: number; labels: Record<string, unknown> }> }> }, labels: Record<string, string> = {}) =>
      (await m.get()).values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((a, v) => a + v.value, 0);

    expect(await value(metrics.tasks, { status: 'succeeded' })).toBe(result.succeeded);
    expect(await value(metrics.tasks, { status: 'failed' })).toBe(2);
    expect(await value(metrics.runs)).toBe(24);
    expect(await value(metrics.errors, { error_type: 'syntax' })).toBe(2);
    expect(await value(metrics.rows)).toBe(22 * 30);
    expect(await value(metrics.columns)).toBe(22 * 2);
    expect(await value(metrics.activeWorkers)).toBe(0);
    expect(peakActive).toBe(4);
    const text = await metrics.registry.metrics();
    expect(text).toContain('baselinr_query_duration_seconds_count{warehouse="sqlite",query_type="aggregate"}');
  });
});
