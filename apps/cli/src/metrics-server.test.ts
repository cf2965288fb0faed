import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BaselinrMetrics, ConfigError, ProfileEngine, type EngineEvent } from '@baselinr/core';
import sqlite from '@baselinr/adapter-sqlite';
import { instrument } from '../../../packages/adapter-sqlite/src/test-support/instrumented.js';
import { workspace, type Workspace } from '../../../packages/adapter-sqlite/src/test-support/fixtures.js';
import { startMetricsServer, stopServer } from './metrics-server.js';

let ws: Workspace;
beforeEach(() => {
  ws = workspace();
  for (let i = 0; i < 16; i++) {
    ws.exec(`CREATE TABLE t${i} (id INTEGER, v REAL)`);
    ws.exec(
      `INSERT INTO t${i} VALUES (?, ?)`,
      Array.from({ length: 10 }, (_, r) => [r, r / 2]),
    );
  }
});
afterEach(() => ws.cleanup());

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const gauge = (text: string, name: string) => Number(text.match(new RegExp(`^${name}\\{[^}]*\\} (\\d+)`, 'm'))?.[1] ?? NaN);

describe('/metrics', () => {
  it('shows 4 active workers while a 4-worker run is busy, and counters that add up at the end', async () => {
    const port = await freePort();
    const metrics = new BaselinrMetrics();
    const { adapter, stats } = instrument(sqlite, { ceiling: 64 });
    const engine = new ProfileEngine(ws.config({ execution: { max_workers: 4 } }), { adapters: { sqlite: adapter } });
    metrics.observe(engine, 'test');
    const server = await startMetricsServer(metrics, port, '127.0.0.1');
    const scrape = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const seen: number[] = [];
    // Scrape over HTTP whenever a table starts while all four workers are busy.
    engine.on('table_started', () => {
      if (stats.inFlight >= 3) void scrape().then((t) => seen.push(gauge(t, 'baselinr_active_workers')));
    });
    try {
      const result = await engine.profile();
      await new Promise((r) => setTimeout(r, 50));
      expect(Math.max(...seen)).toBe(4);
      const text = await scrape();
      expect(gauge(text, 'baselinr_active_workers')).toBe(0);
      expect(text).toContain(`baselinr_worker_tasks_total{warehouse="sqlite",status="succeeded"} ${result.succeeded}`);
      expect(text).toContain(`baselinr_profile_runs_total{warehouse="sqlite",environment="test",status="succeeded"} 16`);
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      await stopServer(server);
    }
  });

  it('counts tables an incremental run skips as status skipped, one ProfilingSkipped event each', async () => {
    const port = await freePort();
    const config = ws.config({ incremental: { enabled: true } });
    const first = await new ProfileEngine(config, { adapters: { sqlite } }).profile();
    expect(first.succeeded).toBe(16);

    const metrics = new BaselinrMetrics();
    const engine = new ProfileEngine(config, { adapters: { sqlite } });
    metrics.observe(engine, 'test');
    const order: string[] = [];
    const skipped: Array<Extract<EngineEvent, { type: 'table_skipped' }>> = [];
    engine.on('run_started', () => order.push('run_started'));
    engine.on('table_skipped', (e) => {
      order.push('table_skipped');
      skipped.push(e);
    });
    engine.on('run_completed', () => order.push('run_completed'));
    const server = await startMetricsServer(metrics, port, '127.0.0.1');
    try {
      const second = await engine.profile();
      expect(second.skipped).toHaveLength(16);
      expect(order).toEqual(['run_started', ...Array<string>(16).fill('table_skipped'), 'run_completed']);
      const tokens = new Map(
        ws
          .results_db((db) => db.prepare('SELECT table_name, snapshot_id FROM baselinr_table_state').all() as Array<{ table_name: string; snapshot_id: string }>)
          .map((r) => [r.table_name, r.snapshot_id]),
      );
      expect(skipped.map((e) => e.table.table).sort()).toEqual([...tokens.keys()].sort());
      for (const event of skipped) {
        expect(event).toEqual({
          type: 'table_skipped',
          runId: second.runId,
          table: { schema: 'main', table: event.table.table },
          reason: 'snapshot_match',
          action: 'skip',
          snapshotId: tokens.get(event.table.table),
          lastRunId: first.runId,
        });
      }
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toContain('baselinr_profile_runs_total{warehouse="sqlite",environment="test",status="skipped"} 16');
      expect(text).not.toMatch(/baselinr_profile_runs_total\{[^}]*status="succeeded"\}/);
      expect(text).not.toMatch(/baselinr_worker_tasks_total\{/);
    } finally {
      await stopServer(server);
    }
  });

  it('a port already in use is a config error naming the port and the fix', async () => {
    const port = await freePort();
    const first = await startMetricsServer(new BaselinrMetrics(), port, '127.0.0.1');
    try {
      const attempt = startMetricsServer(new BaselinrMetrics(), port, '127.0.0.1');
      await expect(attempt).rejects.toBeInstanceOf(ConfigError);
      await expect(startMetricsServer(new BaselinrMetrics(), port, '127.0.0.1')).rejects.toThrow(
        `monitoring.port: port ${port} is already in use; choose another port or set monitoring.enable_metrics: false`,
      );
    } finally {
      await stopServer(first);
    }
  });
});

describe('baselinr profile --detect-drift with metrics', () => {
  it('counts drift events in baselinr_drift_events_total while serving /metrics', async () => {
    const { runCli } = await import('./program.js');
    const port = await freePort();
    const { writeFileSync } = await import('node:fs');
    const stores = `source: { type: sqlite, filepath: ${ws.warehouse} }\nstorage: { connection: { type: sqlite, filepath: ${ws.results} } }\n`;
    const plain = `${ws.dir}/plain.yml`;
    const monitored = `${ws.dir}/monitored.yml`;
    writeFileSync(plain, stores);
    writeFileSync(monitored, `${stores}monitoring: { enable_metrics: true, port: ${port}, keep_alive: true }\n`);
    const quiet = { out: () => undefined, err: () => undefined };
    expect(await runCli(['profile', '--config', plain, '--quiet'], quiet)).toBe(0);
    ws.exec('UPDATE t3 SET v = v * 10');
    const second = new AbortController();
    const running = runCli(['profile', '--config', monitored, '--quiet', '--detect-drift'], quiet, second.signal);
    let text = '';
    for (let i = 0; i < 200 && !/baselinr_drift_events_total\{/.test(text); i++) {
      await new Promise((r) => setTimeout(r, 50));
      text = await fetch(`http://127.0.0.1:${port}/metrics`).then(
        (r) => r.text(),
        () => '',
      );
    }
    second.abort();
    expect(await running).toBe(0);
    expect(text).toMatch(/baselinr_drift_events_total\{warehouse="sqlite",table="main\.t3",severity="high"\} [1-9]/);
  });
});
