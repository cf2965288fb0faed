import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, type Workspace } from '../test-support/cli-harness.js';
import { HOSTILE_TABLE, twoRunQuickstart } from './test-support/report-workspace.js';
// Shared with the README screenshot script (plain JS, typed by headless-chromium.d.mts).
import { CHROMIUM_PATH, chromiumAvailable, inspectInChromium as open } from '../../scripts/headless-chromium.mjs';

const available = chromiumAvailable();
const title = available ? 'the report in headless Chromium' : `the report in headless Chromium (skipped: ${CHROMIUM_PATH} is not installed; CI installs Debian's chromium)`;

/** What the quickstart warehouse holds, read from its catalog rather than from the report or the store. */
function quickstartCatalog(demo: Workspace): Map<string, string[]> {
  const db = new Database(join(demo.dir, 'warehouse.db'), { readonly: true });
  try {
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'tmp\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite_%'").all() as Array<{
      name: string;
    }>;
    const numeric = (name: string) =>
      (db.prepare('SELECT name, type FROM pragma_table_info(?)').all(name) as Array<{ name: string; type: string }>)
        .filter((c) => /INT|REAL|DEC|NUM|FLOA|DOUB/i.test(c.type))
        .map((c) => c.name);
    return new Map(names.map(({ name }) => [`main.${name}`, numeric(name)]));
  } finally {
    db.close();
  }
}

describe.skipIf(!available)(title, () => {
  let demo: Workspace;
  let catalog: Map<string, string[]>;
  let quickstartReport: string;
  let secondReport: string;
  let shots: string;

  beforeAll(async () => {
    let runIds: string[];
    ({ demo, report: secondReport, runIds } = await twoRunQuickstart());
    // The quickstart as built, before the second run changed it: the first run.
    quickstartReport = join(demo.dir, 'quickstart.html');
    expect((await cli('report', '--config', demo.config, '--run', runIds[0]!, '--out', quickstartReport)).code).toBe(0);
    catalog = new Map([...quickstartCatalog(demo)].filter(([table]) => !['main.broken', `main.${HOSTILE_TABLE}`].includes(table)));
    shots = mkdtempSync(join(tmpdir(), 'baselinr-report-shots-'));
  }, 120_000);
  afterAll(() => {
    demo?.cleanup();
    if (shots) rmSync(shots, { recursive: true, force: true });
  });

  it('shows every table, a histogram per numeric column and the worker timeline, offline and without errors', async () => {
    expect(catalog.size).toBe(7);
    const screenshot = join(shots, 'quickstart-report.png');
    const { result, requests, errors } = await open(quickstartReport, async (page) => {
      const found = { tables: [] as string[], histograms: new Map<string, number>(), lanes: 0, bars: 0, timelineVisible: false };
      for (const [table, numeric] of catalog) {
        const section = page.locator(`section.table-report[data-table="${table}"]`);
        if ((await section.count()) === 1 && (await section.isVisible())) found.tables.push(table);
        for (const column of numeric) {
          const histogram = section.locator(`article[data-column="${column}"] svg.histogram`);
          found.histograms.set(`${table}.${column}`, (await histogram.count()) === 1 && (await histogram.isVisible()) ? 1 : 0);
        }
      }
      const timeline = page.locator('#timeline svg.timeline');
      found.timelineVisible = await timeline.isVisible();
      found.lanes = await timeline.locator('g.lane').count();
      found.bars = await timeline.locator('g.bar').count();
      await page.screenshot({ path: screenshot, fullPage: true });
      return found;
    });
    expect(result.tables.sort()).toEqual([...catalog.keys()].sort());
    const numericColumns = [...catalog].flatMap(([table, columns]) => columns.map((c) => `${table}.${c}`));
    expect(numericColumns.length).toBeGreaterThan(10);
    expect([...result.histograms].filter(([, n]) => n !== 1).map(([c]) => c)).toEqual([]);
    expect(result.histograms.size).toBe(numericColumns.length);
    expect(result.timelineVisible).toBe(true);
    // SQLite's single writer: one lane, one bar per table.
    expect(result.lanes).toBe(1);
    expect(result.bars).toBe(7);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);
  });

  it('shows a hostile table name as text and runs nothing, in the report with a failure and drift', async () => {
    const { result, requests, errors } = await open(secondReport, async (page) => {
      let dialogs = 0;
      page.on('dialog', (dialog) => {
        dialogs++;
        void dialog.dismiss();
      });
      const hostile = page.locator('section.table-report').filter({ hasText: HOSTILE_TABLE });
      return {
        heading: await hostile.locator('h3').textContent(),
        scripts: await page.locator('script').count(),
        failedBars: await page.locator('svg.timeline g.bar-failed').count(),
        driftedColumns: await page.locator('article.column[data-drift]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-column'))),
        dialogs,
      };
    });
    expect(result.heading).toContain(`main.${HOSTILE_TABLE}`);
    expect(result.scripts).toBe(0);
    expect(result.dialogs).toBe(0);
    expect(result.failedBars).toBe(1);
    expect(result.driftedColumns).toEqual(['total']);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});
