import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASELINR_EVENT_ID, BASELINR_RUNS, baselinrStoreDdl, baselinrStoreRows } from '../../../packages/core/src/store/test-support/baselinr-store-fixture.js';
import { cli, smallWarehouse, type Workspace } from './test-support/cli-harness.js';

let ws: Workspace;
const [older, latest] = BASELINR_RUNS;
const baselinrRuns = (w: Workspace) => w.results((db) => db.prepare('SELECT * FROM baselinr_runs ORDER BY profiled_at').all()) as Array<Record<string, unknown>>;

// A results store Baselinr made and filled (two runs of main.orders), and a warehouse whose
// orders have moved on since: the commands a migrating user runs first, pointed at that store.
beforeAll(() => {
  ws = smallWarehouse(
    "CREATE TABLE orders (id INTEGER, status TEXT); WITH RECURSIVE n(v) AS (SELECT 51 UNION ALL SELECT v + 1 FROM n WHERE v < 150) INSERT INTO orders SELECT v, 's' || (v % 3) FROM n;",
  );
  mkdirSync(join(ws.dir, '.baselinr'));
  const store = new Database(join(ws.dir, '.baselinr/results.db'));
  try {
    for (const sql of [...baselinrStoreDdl('sqlite'), ...baselinrStoreRows('main')]) store.exec(sql);
  } finally {
    store.close();
  }
});
afterAll(() => ws?.cleanup());

describe('the CLI on a results store Baselinr made', () => {
  it("lists Baselinr's runs as successful ones, changing nothing", async () => {
    const before = ws.results((db) => db.prepare('SELECT name FROM sqlite_master ORDER BY name').all());
    const run = await cli('query', 'runs', '--config', ws.config, '--status', 'completed', '--json');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.out) as Array<{ runId: string; status: string }>).map((r) => [r.runId, r.status])).toEqual([
      [latest.runId, 'succeeded'],
      [older.runId, 'succeeded'],
    ]);
    expect(ws.results((db) => db.prepare('SELECT name FROM sqlite_master ORDER BY name').all())).toEqual(before);
  });

  it("profiles into it, compares with Baselinr's last run, and reports, leaving Baselinr's runs as they were", async () => {
    const before = baselinrRuns(ws);
    const profiled = await cli('profile', '--config', ws.config, '--json', '--quiet');
    expect(profiled.code).toBe(0);
    const runId = JSON.parse(profiled.out).runId as string;

    const drift = await cli('drift', '--config', ws.config, '--json');
    expect(drift.code).toBe(0);
    const body = JSON.parse(drift.out) as { events: Array<{ metric: string | null; baselineRunId: string; runId: string }> };
    expect(body.events.find((e) => e.metric === 'mean')).toMatchObject({ baselineRunId: latest.runId, runId });

    const out = join(ws.dir, 'report.html');
    expect((await cli('report', '--config', ws.config, '--out', out)).code).toBe(0);
    expect(existsSync(out) && readFileSync(out, 'utf8')).toContain('orders');

    const after = baselinrRuns(ws);
    expect(after.slice(0, 2)).toEqual(before);
    expect(after[2]).toMatchObject({ run_id: runId, schema_name: 'main', status: 'completed' });
    expect(Object.keys(after[2]!).sort()).toEqual(Object.keys(before[0]!).sort());
  });

  it("query drift lists Baselinr's own events beside this product's, each once, saying which tool wrote each", async () => {
    const listed = JSON.parse((await cli('query', 'drift', '--config', ws.config, '--format', 'json')).out) as Array<{ eventId: string; writtenBy: string; metric: string | null }>;
    const ours = ws.results((db) => db.prepare('SELECT COUNT(*) AS n FROM baselinr_drift_events').get()) as { n: number };
    expect(ours.n).toBeGreaterThan(0);
    expect(listed.filter((e) => e.writtenBy === 'baselinr-ts')).toHaveLength(ours.n);
    expect(listed.filter((e) => e.writtenBy === 'baselinr')).toEqual([expect.objectContaining({ eventId: BASELINR_EVENT_ID, metric: 'mean', baselineRunId: null })]);
    const text = await cli('query', 'drift', '--config', ws.config, '--severity', 'low');
    expect(text.out).toMatch(/dataset\s+column\s+metric\s+baseline\s+current\s+change\s+severity\s+written by/);
    expect(text.out).toMatch(/^orders\s+id\s+mean\s+50\.5\s+51\s+-?\s*low\s+baselinr$/m);
    const csv = await cli('query', 'drift', '--config', ws.config, '--format', 'csv', '--table', 'orders', '--limit', '1', '--offset', String(listed.length - 1));
    // Baselinr records no rows for its runs: its events carry no row-selection mark.
    expect(csv.out.split('\n')).toEqual([
      expect.stringMatching(/,written_by,current_rows,baseline_rows$/),
      expect.stringMatching(new RegExp(`^${BASELINR_EVENT_ID},.*,low,baselinr,,$`)),
    ]);
  });

  it("query run, status and the report of Baselinr's run list the event Baselinr stored for it", async () => {
    const run = JSON.parse((await cli('query', 'run', '--run-id', latest.runId, '--config', ws.config, '--json')).out) as { events: Array<Record<string, unknown>> };
    expect(run.events).toEqual([expect.objectContaining({ eventId: BASELINR_EVENT_ID, writtenBy: 'baselinr', metric: 'mean', severity: 'low', rowSelection: null })]);
    expect((await cli('query', 'run', latest.runId, '--config', ws.config)).out).toMatch(/^orders\s+id\s+mean\s+50\.5\s+51\s+-?\s*low\s+baselinr$/m);
    expect(JSON.parse((await cli('query', 'run', older.runId, '--config', ws.config, '--json')).out).events).toEqual([]);

    // Baselinr's event is from 2025: a window reaching back to it counts it beside this product's.
    const ours = ws.results((db) => db.prepare('SELECT COUNT(*) AS n FROM baselinr_drift_events').get()) as { n: number };
    const status = JSON.parse((await cli('status', '--config', ws.config, '--days', '36500', '--json')).out);
    expect(status.drift.events).toBe(ours.n + 1);
    expect(status.drift.datasets).toEqual(['main.orders', 'orders']);

    const out = join(ws.dir, 'baselinr-run.html');
    expect((await cli('report', '--config', ws.config, '--run', latest.runId, '--out', out)).code).toBe(0);
    const section = readFileSync(out, 'utf8').split('<section class="table-report"')[1]!;
    expect(section).toMatch(
      new RegExp(
        `<h4>Events Baselinr stored for this run</h4>.*data-baselinr-event="${BASELINR_EVENT_ID}">\\s*<td>id</td><td>mean</td><td class="num">50\\.5</td><td class="num">51</td>`,
        's',
      ),
    );
  });
});
