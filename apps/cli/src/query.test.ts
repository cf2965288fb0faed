import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, openResultsStore } from '@baselinr/core';
import { cli, smallWarehouse, type Workspace } from './test-support/cli-harness.js';

let ws: Workspace;
const runIds: string[] = [];

// Three runs of `orders` whose totals grow, and a `ghost` table that fails each time.
beforeAll(async () => {
  ws = smallWarehouse(
    'CREATE TABLE orders (id INTEGER, total REAL, status TEXT); CREATE TABLE customers (id INTEGER);',
    'profiling: { tables: [{ table: orders }, { table: customers }, { table: ghost }] }',
  );
  for (let run = 0; run < 3; run++) {
    ws.warehouse((db) => {
      const insert = db.prepare('INSERT INTO orders VALUES (?, ?, ?)');
      for (let i = 0; i < 10 * (run + 1); i++) insert.run(i, i * (run + 1.5), i % 3 === 0 ? null : `s${i % 4}`);
    });
    const profiled = await cli('profile', '--config', ws.config, '--json', '--quiet');
    expect(profiled.code).toBe(1); // ghost fails; the others are stored
    runIds.push(JSON.parse(profiled.out).runId);
  }
}, 60_000);
afterAll(() => ws?.cleanup());

type ResultRow = { run_id: string; column_name: string; metric_name: string; metric_value: string | null };

describe('baselinr query table', () => {
  it('--json gives exactly the values baselinr_results holds, run by run', async () => {
    const run = await cli('query', 'table', 'orders', '--config', ws.config, '--json');
    expect(run.code).toBe(0);
    const body = JSON.parse(run.out) as { runs: number; series: Array<{ column: string; metric: string; points: Array<{ runId: string; value: string | null }> }> };
    const shown = body.series.flatMap((s) => s.points.map((p) => [p.runId, s.column, s.metric, p.value]));
    const stored = ws.results((db) =>
      db.prepare("SELECT r.run_id, column_name, metric_name, metric_value FROM baselinr_results r WHERE dataset_name = 'orders'").all(),
    ) as ResultRow[];
    const key = (row: unknown[]) => JSON.stringify(row);
    expect(shown.map(key).sort()).toEqual(stored.map((r) => key([r.run_id, r.column_name, r.metric_name, r.metric_value])).sort());
    expect(body.runs).toBe(3);
    // Each series runs oldest to newest.
    expect(body.series[0]!.points.map((p) => p.runId)).toEqual(runIds);
  });

  it('one column and metric: every run with its stored value, oldest first, and a sparkline', async () => {
    const run = await cli('query', 'table', 'main.orders', '--config', ws.config, '--column', 'total', '--metric', 'max');
    expect(run.code).toBe(0);
    const stored = ws.results((db) =>
      db
        .prepare(
          "SELECT b.run_id, metric_value FROM baselinr_results b JOIN baselinr_runs r USING (run_id, dataset_name, schema_name) WHERE dataset_name = 'orders' AND column_name = 'total' AND metric_name = 'max' ORDER BY r.profiled_at",
        )
        .all(),
    ) as Array<{ run_id: string; metric_value: string }>;
    const lines = run.out.split('\n');
    const rowLines = stored.map((s) => lines.find((l) => l.includes(s.run_id))!);
    for (const [i, s] of stored.entries()) expect(rowLines[i]).toMatch(new RegExp(`\\s${s.metric_value.replace('.', '\\.')}(\\s|$)`));
    expect(rowLines.map((l) => lines.indexOf(l))).toEqual([...rowLines.map((l) => lines.indexOf(l))].sort((a, b) => a - b));
    // Totals grew every run: the sparkline rises from the lowest bar to the highest.
    expect(run.out).toMatch(/total max \(REAL\): ▁.█/);
  });

  it('--limit keeps the latest runs; an unknown column or table is bad usage', async () => {
    const limited = JSON.parse((await cli('query', 'table', 'orders', '--config', ws.config, '--json', '--limit', '2')).out);
    expect(limited.series[0].points.map((p: { runId: string }) => p.runId)).toEqual(runIds.slice(1));
    const column = await cli('query', 'table', 'orders', '--config', ws.config, '--column', 'nope');
    expect(column.code).toBe(2);
    expect(column.err).toContain('no stored values of column "nope" for main.orders');
    expect((await cli('query', 'table', 'nope', '--config', ws.config)).code).toBe(2);
    expect((await cli('query', 'table', 'orders', '--config', ws.config, '--limit', '0')).code).toBe(2);
  });
});

describe('baselinr query runs and query run', () => {
  it('runs: newest first, as baselinr_runs holds them, filtered by dataset, status and limit', async () => {
    const all = JSON.parse((await cli('query', 'runs', '--config', ws.config, '--json', '--limit', '100')).out) as Array<{
      runId: string;
      table: string;
      status: string;
      rowCount: number | null;
      profiledAt: string;
    }>;
    const stored = ws.results((db) =>
      // Kept in Baselinr's text form (`2026-12-03 10:00:00.123000`), shown as ISO.
      db
        .prepare(
          "SELECT run_id, dataset_name, status, row_count, strftime('%Y-%m-%dT%H:%M:%fZ', profiled_at) AS profiled_at FROM baselinr_runs ORDER BY profiled_at DESC, run_id DESC",
        )
        .all(),
    ) as Array<Record<string, unknown>>;
    // Stored as Baselinr's `completed`, shown as this product's `succeeded`.
    const shownStatus = (status: unknown) => (status === 'completed' ? 'succeeded' : status);
    expect(all.map((r) => [r.runId, r.table, r.status, r.rowCount, r.profiledAt])).toEqual(
      stored.map((r) => [r.run_id, r.dataset_name, shownStatus(r.status), r.row_count, r.profiled_at]),
    );
    const failed = JSON.parse((await cli('query', 'runs', '--config', ws.config, '--json', '--status', 'failed')).out) as Array<{ table: string }>;
    expect(failed.map((r) => r.table)).toEqual(['ghost', 'ghost', 'ghost']);
    const latest = JSON.parse((await cli('query', 'runs', '--config', ws.config, '--json', '--dataset', 'orders', '--limit', '1')).out) as Array<{ runId: string }>;
    expect(latest.map((r) => r.runId)).toEqual([runIds.at(-1)]);
    const text = await cli('query', 'runs', '--config', ws.config, '--dataset', 'orders');
    const rows = ws.warehouse((db) => (db.prepare('SELECT COUNT(*) AS n FROM orders').get() as { n: number }).n);
    expect(text.out).toMatch(new RegExp(`${runIds.at(-1)}\\s+main\\.orders\\s+\\S+ \\S+\\s+succeeded\\s+${rows}\\s+3\\s`));
    expect((await cli('query', 'runs', '--config', ws.config, '--status', 'weird')).code).toBe(2);
  });

  it('run: its tables, their metrics and its errors', async () => {
    const runId = runIds[0]!;
    const body = JSON.parse((await cli('query', 'run', runId, '--config', ws.config, '--json')).out);
    expect(body.tables.map((t: { table: string; status: string }) => [t.table, t.status])).toEqual([
      ['customers', 'succeeded'],
      ['ghost', 'failed'],
      ['orders', 'succeeded'],
    ]);
    const orders = body.tables.find((t: { table: string }) => t.table === 'orders');
    const stored = ws.results((db) =>
      db.prepare("SELECT column_name, metric_name, metric_value FROM baselinr_results WHERE run_id = ? AND dataset_name = 'orders'").all(runId),
    ) as ResultRow[];
    const shown = orders.columns.flatMap((c: { name: string; metrics: Record<string, string | null> }) => Object.entries(c.metrics).map(([m, v]) => [c.name, m, v]));
    expect(shown).toEqual(stored.map((r) => [r.column_name, r.metric_name, r.metric_value]));
    const text = await cli('query', 'run', runId, '--config', ws.config);
    expect(text.out).toContain(`Run ${runId}: 3 table(s), 2 succeeded, 1 failed or cancelled`);
    expect(text.out).toContain('Errors:\n  main.ghost: table not found in the catalog');
    const unknown = await cli('query', 'run', 'no-such-run', '--config', ws.config);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('run no-such-run: no run with that id');
  });
});

describe('query on a results store nothing was profiled into', () => {
  it('shows no runs, names what it cannot find, and creates nothing: no file, no folder', async () => {
    const empty = smallWarehouse('CREATE TABLE orders (id INTEGER)');
    try {
      const runs = await cli('query', 'runs', '--config', empty.config);
      expect([runs.code, runs.out]).toEqual([0, 'No runs found: nothing has been profiled into this results store yet.']);
      const table = await cli('query', 'table', 'orders', '--config', empty.config);
      expect(table.code).toBe(2);
      expect(table.err).toContain('no runs of dataset "orders"');
      expect((await cli('query', 'run', 'some-run', '--config', empty.config)).code).toBe(2);
      expect(existsSync(join(empty.dir, '.baselinr'))).toBe(false);
    } finally {
      empty.cleanup();
    }
  });
});

describe('read-only commands and store errors', () => {
  it('query opens the store read-only: nothing it does can write to it', async () => {
    const store = await openResultsStore(await loadConfig(ws.config), { access: 'read' });
    try {
      expect((await store.listRuns({ limit: 1 })).length).toBe(1);
      await expect(store.replaceEvents({ schema: 'main', table: 'orders', runId: runIds[0]!, baselineRunId: runIds[1]! }, [])).rejects.toThrow(
        /^results store .*results\.db: attempt to write a readonly database/,
      );
    } finally {
      await store.close();
    }
  });

  it('an error of the store names it', async () => {
    const broken = smallWarehouse('CREATE TABLE orders (id INTEGER)');
    try {
      // A folder where the store's file should be: SQLite cannot open it.
      mkdirSync(join(broken.dir, '.baselinr', 'results.db'), { recursive: true });
      const runs = await cli('query', 'runs', '--config', broken.config);
      expect(runs.code).not.toBe(0);
      expect(runs.err).toMatch(/results store .*\.baselinr\/results\.db: /);
      const profiled = await cli('profile', '--config', broken.config);
      expect(profiled.code).not.toBe(0);
      expect(profiled.err).toMatch(/results store .*\.baselinr\/results\.db: /);
    } finally {
      broken.cleanup();
    }
  });
});
