import { describe, expect, it } from 'vitest';
import { escapeHtml } from './html.js';
import { CONTENT_SECURITY_POLICY, renderReportPage } from './page.js';
import { activeElements, eventHandlers, externalReferences } from './test-support/static-checks.js';
import { HOSTILE_COLUMN, HOSTILE_TABLE, reportFixture, SUMMARY } from './test-support/report-fixture.js';

const page = renderReportPage(reportFixture(), 'baselinr test');

/** The section of one table, from its opening tag to the next table's. */
function section(table: string): string {
  const start = page.search(new RegExp(`<section class="table-report" id="table-\\d+" data-table="${table}"`));
  expect(start).toBeGreaterThan(-1);
  const next = page.indexOf('<section class="table-report"', start + 1);
  return page.slice(start, next === -1 ? undefined : next);
}

describe('the report page', () => {
  it('escapes every value from the store: names, errors, reasons, metric values', () => {
    expect(activeElements(page)).toEqual([]);
    expect(eventHandlers(page)).toEqual([]);
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<b>bold');
    expect(page).toContain('main.&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('relation &quot;broken&quot; &lt;does not exist&gt;');
    expect(page).toContain('execution.warehouse_limits.postgres is 3 &lt;see config&gt;');
    expect(page).toContain('&lt;b&gt;bold&lt;/b&gt;');
    // Ids come from positions, never from names.
    expect([...page.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]).every((id) => /^[a-z0-9-]+$/.test(id!))).toBe(true);
  });

  it('refers to nothing outside itself, and forbids loading anything', () => {
    expect(externalReferences(page)).toEqual([]);
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">`);
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'/);
  });

  it('summarises the run: counts, duration, effective workers and every clamp with its reason', () => {
    expect(page).toMatch(/data-fact="tables"><dt>Tables<\/dt><dd>4</);
    expect(page).toMatch(/data-fact="succeeded"><dt>Succeeded<\/dt><dd>2</);
    expect(page).toMatch(/data-fact="failed"><dt>Failed<\/dt><dd>2</);
    expect(page).toMatch(/data-fact="duration"><dt>Duration<\/dt><dd>4.00s</);
    expect(page).toMatch(/data-fact="workers"><dt>Workers<\/dt><dd>3 <span class="muted">of 8 requested/);
    expect(page).toContain('workers 8 -&gt; 3 (warehouse_limits): execution.warehouse_limits.postgres is 3');
  });

  it('shows a failed table with its error, in the summary, its section and the timeline', () => {
    const broken = section('main.broken');
    expect(broken).toContain('data-status="failed"');
    expect(broken).toContain('<span aria-hidden="true">✕</span> failed');
    expect(broken).toContain('<strong>Error:</strong> relation &quot;broken&quot; &lt;does not exist&gt;');
    expect(broken).toContain('Drift not compared: failed in run run-2.');
    expect(page).toContain('<g class="bar bar-failed" data-table="main.broken">');
    expect(page).toContain('Not run on a worker: main.ghost (missing from the catalog).');
  });

  it('highlights a drifted column and metric by severity, in words and dots as well as colour', () => {
    const orders = section('main.orders');
    expect(orders).toMatch(/<article class="column" data-column="total" data-numeric="true" data-drift="high">/);
    expect(orders).toContain('<tr class="drift-high" data-metric="mean"><td>mean <span class="badge severity-high"><span aria-hidden="true">●●●</span> high</span>');
    expect(orders).toContain('column weight_kg removed (was REAL)');
    // The drift overview lists the most severe first.
    const overview = page.slice(page.indexOf('id="drift"'), page.indexOf('id="timeline"'));
    expect(overview.indexOf('severity-high')).toBeLessThan(overview.indexOf('severity-low'));
    expect(overview).toContain('Drift (absolute_threshold): 4 events in 2 of 2 datasets compared: 3 high, 0 medium, 1 low');
  });

  it('draws a histogram, null and distinct ratio bars and a trend per metric', () => {
    const total = section('main.orders')
      .split('<article')
      .find((a) => a.includes('data-column="total"'))!;
    expect(total.match(/<svg class="histogram"/g)).toHaveLength(1);
    expect(total.match(/<rect [^>]*class="bin"/g)).toHaveLength(3);
    expect(total).toContain('aria-label="null ratio 25%"');
    expect(total).toContain('aria-label="distinct ratio 90%"');
    expect(total).toContain('aria-label="mean over 2 runs: 504.2, 754.2"');
    // A text column has no histogram.
    const text = section('main.orders')
      .split('<article')
      .find((a) => a.includes('data-column="&quot;&gt;'))!;
    expect(text).not.toContain('class="histogram');
  });

  it('says what is missing for a run stored before run details, or one that never ended', () => {
    const old = renderReportPage(reportFixture({ summary: null, timings: [] }), 'baselinr test');
    expect(old).toContain('stored before the results store kept run summaries (layout 3)');
    expect(old).toContain('no timeline');
    const killed = renderReportPage(reportFixture({ summary: { ...SUMMARY, status: 'running', finishedAt: null } }), 'baselinr test');
    expect(killed).toContain('No end was recorded for this run');
    expect(killed).toContain('<span aria-hidden="true">…</span> running');
  });

  it('lists every table, linked to its section', () => {
    for (const [i, table] of [HOSTILE_TABLE, 'broken', 'ghost', 'orders'].entries()) {
      expect(page).toContain(`id="table-${i + 1}" data-table="${table === HOSTILE_TABLE ? 'main.&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;' : `main.${table}`}"`);
      expect(page).toContain(`<a href="#table-${i + 1}">`);
    }
    expect(HOSTILE_COLUMN).toContain('<img');
  });

  it("shows in a table's section how its runs' rows differed, and the events Baselinr stored for it, escaped", () => {
    const base = reportFixture();
    const rowSelection = { current: 'random 10% of rows (<sample>)', baseline: 'full table', uncompared: [{ column: null, metric: 'row_count' }] };
    const withMarks = renderReportPage(
      reportFixture({
        drift: { ...base.drift!, compared: base.drift!.compared.map((c) => (c.table === 'orders' ? { ...c, rowSelection } : c)) },
        baselinrEvents: [
          {
            eventId: 'e-1',
            writtenBy: 'baselinr',
            runId: 'run-2',
            baselineRunId: null,
            // Baselinr's hook may record no schema: the event belongs to every table of that name.
            schema: null,
            table: HOSTILE_TABLE,
            column: HOSTILE_COLUMN,
            metric: 'mean',
            eventType: 'drift',
            baselineValue: '1',
            currentValue: '2',
            changePercent: 100,
            severity: null,
            note: null,
            detectedAt: new Date(0),
            rowSelection: null,
          },
        ],
      }),
      'baselinr test',
    );
    const sections = withMarks.split('<section class="table-report"').slice(1);
    const [hostile, , , orders] = sections;
    expect(orders).toContain(
      '<p class="row-selection">Compared across different rows: row selection differs: random 10% of rows (&lt;sample&gt;) vs full table; not compared: row_count.</p>',
    );
    expect(sections.filter((s) => s.includes('row-selection'))).toHaveLength(1);
    expect(hostile).toMatch(
      /<h4>Events Baselinr stored for this run<\/h4>.*<td>&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;<\/td><td>mean<\/td><td class="num">1<\/td><td class="num">2<\/td><td>\+100%<\/td><td>-<\/td>/s,
    );
    expect(sections.filter((s) => s.includes('data-baselinr-event'))).toHaveLength(1);
    expect(activeElements(withMarks)).toEqual([]);
  });
});
