import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from './html.js';
import { DEFAULT_REPORT_FILE } from './default-file.js';
import { activeElements, eventHandlers, externalReferences } from './test-support/static-checks.js';
import { HOSTILE_TABLE, readReport, twoRunQuickstart } from './test-support/report-workspace.js';
import { cli, smallWarehouse, type CliRun, type Workspace } from '../test-support/cli-harness.js';
import { runCli } from '../program.js';

let demo: Workspace;
let first: CliRun;
let second: CliRun;
let secondReport: string;
let runIds: string[];

beforeAll(async () => {
  ({ demo, first, second, report: secondReport, runIds } = await twoRunQuickstart());
}, 120_000);
afterAll(() => demo?.cleanup());

/** One table's section of a report. */
function section(page: string, table: string): string {
  const start = page.search(new RegExp(`<section class="table-report" id="table-\\d+" data-table="${table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
  expect(start, `section of ${table}`).toBeGreaterThan(-1);
  const next = page.indexOf('<section class="table-report"', start + 1);
  return page.slice(start, next === -1 ? undefined : next);
}

describe('profile --report', () => {
  it('writes the run report after the run, and keeps the exit code of the run', () => {
    expect(first.code).toBe(0);
    expect(second.code).toBe(1);
    expect(second.err).toContain(`Report of run ${runIds[1]} (9 tables) written to ${secondReport}`);
    expect(existsSync(secondReport)).toBe(true);
  });

  it('shows the failed table with its error and the drifted column with its severity', () => {
    const page = readReport(secondReport);
    const broken = section(page, 'main.broken');
    expect(broken).toContain('data-status="failed"');
    expect(broken).toContain('<strong>Error:</strong> malformed JSON');
    expect(page).toContain('<g class="bar bar-failed" data-table="main.broken">');
    expect(page).toMatch(/data-fact="failed"><dt>Failed<\/dt><dd>1</);

    const orders = section(page, 'main.orders');
    expect(orders).toMatch(/<article class="column" data-column="total" data-numeric="true" data-drift="high">/);
    expect(orders).toMatch(/<tr class="drift-high" data-metric="mean"><td>mean <span class="badge severity-high">/);
    expect(orders).toMatch(/<tr class="drift-medium" data-metric="max">/);
    // Only orders.total moved: no other column of the run is marked.
    expect(page.match(/data-drift="/g)).toHaveLength(1);
  });

  it('escapes a table named <script> everywhere, and refers to nothing outside the file', () => {
    const page = readReport(secondReport);
    expect(page).toContain(`main.${escapeHtml(HOSTILE_TABLE)}`);
    expect(page).not.toContain(HOSTILE_TABLE);
    expect(activeElements(page)).toEqual([]);
    expect(eventHandlers(page)).toEqual([]);
    expect(externalReferences(page)).toEqual([]);
    expect(page).not.toMatch(/(src|href)\s*=\s*["']?\s*https?:/i);
  });
});

describe('profile --report, when the report cannot be written', () => {
  it('says why and exits 1, though every table was profiled and stored', async () => {
    const ws = smallWarehouse('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);');
    try {
      // A directory where the file should go: the write fails.
      const run = await cli('profile', '--config', ws.config, '--quiet', '--report', ws.dir);
      expect(run.out).toContain('Profiling completed: 1 succeeded, 0 failed');
      expect(run.err).toContain(`could not write the report to ${ws.dir}`);
      expect(run.code).toBe(1);
    } finally {
      ws.cleanup();
    }
  });
});

describe('baselinr report', () => {
  it('reports the latest run by default, to --out', async () => {
    const out = join(demo.dir, 'latest.html');
    const run = await cli('report', '--config', demo.config, '--out', out);
    expect(run.code).toBe(0);
    expect(run.out).toBe(`Report of run ${runIds[1]} (9 tables) written to ${out}`);
    expect(readReport(out)).toContain(`Run <code>${runIds[1]}</code>`);
  });

  it('reports any run by --run: the first one had nothing to compare yet', async () => {
    const out = join(demo.dir, 'first.html');
    expect((await cli('report', '--config', demo.config, '--run', runIds[0]!, '--out', out)).code).toBe(0);
    const page = readReport(out);
    expect(page).toContain('No drift (absolute_threshold): 0 datasets compared; 7 datasets not compared');
    expect(page).toMatch(/data-fact="failed"><dt>Failed<\/dt><dd>0</);
    expect(page).toContain('workers 8 -&gt; 1 (adapter_ceiling): sqlite adapter ceiling is 1');
    expect(page.match(/<section class="table-report"/g)).toHaveLength(7);
  });

  it(`writes ${DEFAULT_REPORT_FILE} in the current directory without --out`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baselinr-report-cwd-'));
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      expect((await cli('report', '--config', demo.config)).code).toBe(0);
      expect(existsSync(join(dir, DEFAULT_REPORT_FILE))).toBe(true);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown run id or an empty store (exit 2) and creates nothing', async () => {
    const unknown = await cli('report', '--config', demo.config, '--run', 'no-such-run', '--out', join(demo.dir, 'x.html'));
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('run no-such-run: no run with that id in the results store');
    expect(existsSync(join(demo.dir, 'x.html'))).toBe(false);

    const empty = smallWarehouse('CREATE TABLE t (x INTEGER);');
    try {
      const run = await cli('report', '--config', empty.config, '--out', join(empty.dir, 'r.html'));
      expect(run.code).toBe(2);
      expect(run.err).toContain('nothing has been profiled into this results store yet');
      // Read-only: the store's file is not even created.
      expect(existsSync(join(empty.dir, '.baselinr'))).toBe(false);
    } finally {
      empty.cleanup();
    }
  });
});

describe('what the engine stores for reports', () => {
  it('keeps each run: warehouse, workers requested and effective, every clamp, start, end and status', () => {
    const rows = demo.results((db) => db.prepare('SELECT * FROM baselinr_run_summaries ORDER BY started_at').all()) as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r.warehouse, r.status, r.requested_workers, r.effective_workers, r.table_count])).toEqual([
      ['sqlite', 'succeeded', 8, 1, 7],
      ['sqlite', 'failed', 8, 1, 9],
    ]);
    expect(JSON.parse(String(rows[0]!.worker_clamps))).toEqual([expect.objectContaining({ from: 8, to: 1, by: 'adapter_ceiling' })]);
    for (const r of rows) expect(Date.parse(String(r.finished_at))).toBeGreaterThanOrEqual(Date.parse(String(r.started_at)));
  });

  it("keeps each table's worker, start, end and statements, written with its run row", () => {
    const timings = demo.results((db) =>
      db
        .prepare(
          "SELECT t.*, strftime('%Y-%m-%dT%H:%M:%fZ', r.profiled_at) AS profiled_at, r.status FROM baselinr_table_timings t JOIN baselinr_runs r USING (run_id, dataset_name, schema_name) WHERE run_id = ? ORDER BY t.started_at",
        )
        .all(runIds[1]),
    ) as Array<Record<string, unknown>>;
    expect(timings).toHaveLength(9);
    expect(timings.every((t) => t.worker === 0 && t.started_at === t.profiled_at && String(t.finished_at) >= String(t.started_at))).toBe(true);
    expect(timings.find((t) => t.dataset_name === 'broken')).toMatchObject({ status: 'failed', statement_count: 0 });
    expect(timings.find((t) => t.dataset_name === 'orders')).toMatchObject({ status: 'completed', statement_count: 2, statement_attempts: 2, retries: 0 });
  });

  it('marks an interrupted run cancelled, with its end, and reports it', async () => {
    const controller = new AbortController();
    // Interrupt as soon as the first table is done (its progress line), as Ctrl+C would.
    const interruptAfterFirstTable = (line: string) => {
      if (line.startsWith('[1/')) controller.abort();
    };
    const code = await runCli(['profile', '--config', demo.config], { out: () => undefined, err: interruptAfterFirstTable }, controller.signal);
    expect(code).toBe(130);
    const [summary] = demo.results((db) => db.prepare('SELECT * FROM baselinr_run_summaries ORDER BY started_at DESC LIMIT 1').all()) as Array<Record<string, unknown>>;
    expect(summary).toMatchObject({ status: 'cancelled' });
    expect(summary!.finished_at).not.toBeNull();
    const out = join(demo.dir, 'cancelled.html');
    expect((await cli('report', '--config', demo.config, '--out', out)).code).toBe(0);
    expect(readReport(out)).toMatch(/data-fact="status"><dt>Status<\/dt><dd><span class="badge status-cancelled">/);
  });
});
