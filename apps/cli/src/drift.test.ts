import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, quickstartCopy, smallWarehouse, type CliRun, type Workspace } from './test-support/cli-harness.js';

interface EventJson {
  schema: string;
  table: string;
  column: string | null;
  metric: string | null;
  eventType: string;
  baselineValue: string | null;
  currentValue: string | null;
  changePercent: number | null;
  severity: string;
  runId: string;
  baselineRunId: string;
}

let demo: Workspace;
let beforeSecondRun: CliRun;
const facts = { emailNullsBefore: 0, emailNullsAfter: 0, totalMeanBefore: 0, totalMeanAfter: 0 };

const emailNulls = (w: Workspace) => w.warehouse((db) => (db.prepare('SELECT COUNT(*) AS n FROM customers WHERE email IS NULL').get() as { n: number }).n);
const totalMean = (w: Workspace) => w.warehouse((db) => (db.prepare('SELECT AVG(total) AS m FROM orders').get() as { m: number }).m);

// The docs/drift.md walk-through on a temp copy of the quickstart demo: profile, change three
// tables (nulls added, a numeric column shifted, a column dropped), profile again.
beforeAll(async () => {
  demo = quickstartCopy();
  expect((await cli('profile', '--config', demo.config, '--quiet')).code).toBe(0);
  beforeSecondRun = await cli('drift', '--config', demo.config, '--fail-on', 'low');
  facts.emailNullsBefore = emailNulls(demo);
  facts.totalMeanBefore = totalMean(demo);
  demo.warehouse((db) =>
    db.exec(`
      UPDATE customers SET email = NULL WHERE id % 4 = 0;
      UPDATE orders SET total = total + 250;
      ALTER TABLE products DROP COLUMN weight_kg;
    `),
  );
  facts.emailNullsAfter = emailNulls(demo);
  facts.totalMeanAfter = totalMean(demo);
  expect((await cli('profile', '--config', demo.config, '--quiet')).code).toBe(0);
}, 120_000);
afterAll(() => demo?.cleanup());

async function driftJson(...args: string[]): Promise<{ run: CliRun; events: EventJson[]; body: { summary: { compared: number } } }> {
  const run = await cli('drift', '--config', demo.config, '--json', ...args);
  const body = JSON.parse(run.out);
  return { run, events: body.events, body };
}

describe('baselinr drift on the quickstart demo', () => {
  it('has nothing to compare after one run, and does not fail', () => {
    expect(beforeSecondRun.code).toBe(0);
    expect(beforeSecondRun.out).toContain('No drift (absolute_threshold): 0 datasets compared; 7 datasets not compared');
    expect(beforeSecondRun.out).toContain('main.orders: no earlier successful run to compare with');
  });

  it('reports exactly the three changes, with their severities', async () => {
    const { run, events, body } = await driftJson();
    expect(run.code).toBe(0);
    expect(body.summary.compared).toBe(7);
    expect(events.map((e) => [`${e.table}.${e.column}`, e.metric ?? e.eventType, e.severity])).toEqual([
      // Nulls added to an 8%-null column: many more nulls (high), fewer distinct values (-25%: medium).
      // count is the rows (Baselinr's meaning), which did not change; unique_ratio is distinct / rows, so it falls with them.
      ['customers.email', 'null_count', 'high'],
      ['customers.email', 'null_ratio', 'high'],
      ['customers.email', 'distinct_count', 'medium'],
      ['customers.email', 'unique_ratio', 'medium'],
      ['customers.email', 'approx_distinct_count', 'medium'],
      // +250 on every total: min from ~5 and the mean (~+50%) are high, max (~+25%) medium; a shift leaves stddev alone.
      ['orders.total', 'min', 'high'],
      ['orders.total', 'max', 'medium'],
      ['orders.total', 'mean', 'high'],
      ['products.weight_kg', 'column_removed', 'high'],
    ]);
  });

  it('reports the values the warehouse had before and after', async () => {
    const { events } = await driftJson();
    const nulls = events.find((e) => e.column === 'email' && e.metric === 'null_count')!;
    expect([Number(nulls.baselineValue), Number(nulls.currentValue)]).toEqual([facts.emailNullsBefore, facts.emailNullsAfter]);
    expect(nulls.changePercent).toBeCloseTo(((facts.emailNullsAfter - facts.emailNullsBefore) / facts.emailNullsBefore) * 100, 6);
    const mean = events.find((e) => e.column === 'total' && e.metric === 'mean')!;
    expect(Number(mean.baselineValue)).toBeCloseTo(facts.totalMeanBefore, 6);
    expect(Number(mean.currentValue)).toBeCloseTo(facts.totalMeanAfter, 6);
    const removed = events.find((e) => e.eventType === 'column_removed')!;
    expect([removed.baselineValue, removed.currentValue]).toEqual(['REAL', null]);
  });

  it('prints a readable table and a summary line that agree with --json', async () => {
    const { events } = await driftJson();
    const text = await cli('drift', '--config', demo.config);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/dataset\s+column\s+metric\s+baseline\s+current\s+change\s+severity/);
    expect(text.out).toMatch(/main\.products\s+weight_kg\s+-\s+REAL\s+-\s+column removed\s+high/);
    const high = events.filter((e) => e.severity === 'high').length;
    const medium = events.filter((e) => e.severity === 'medium').length;
    expect(text.out).toContain(`Drift (absolute_threshold): ${events.length} events in 3 of 7 datasets compared: ${high} high, ${medium} medium, 0 low`);
  });

  it('--fail-on exits 1 at or above the severity found, 0 below it', async () => {
    const high = await cli('drift', '--config', demo.config, '--fail-on', 'high');
    expect(high.code).toBe(1);
    expect(high.err).toContain('drift at or above high found');
    // orders' only high events are min and mean; max alone is medium.
    expect((await cli('drift', '--config', demo.config, '--dataset', 'orders', '--fail-on', 'medium')).code).toBe(1);
    expect((await cli('drift', '--config', demo.config, '--dataset', 'main.events', '--fail-on', 'low')).code).toBe(0);
  });

  it("stores the events once, however often drift runs, in its own table and in Baselinr's", async () => {
    const { events } = await driftJson();
    await driftJson();
    const stored = demo.results((db) =>
      db.prepare('SELECT dataset_name, column_name, metric_name, event_type, severity, run_id, baseline_run_id FROM baselinr_drift_events ORDER BY event_id').all(),
    ) as Array<Record<string, string | null>>;
    const baselinrs = demo.results((db) => db.prepare('SELECT table_name, column_name, drift_severity FROM baselinr_events').all()) as Array<Record<string, string | null>>;
    expect(baselinrs.map((r) => [r.table_name, r.column_name, r.drift_severity]).sort()).toEqual(stored.map((r) => [r.dataset_name, r.column_name, r.severity]).sort());
    expect(stored.map((r) => [r.dataset_name, r.column_name, r.metric_name, r.event_type, r.severity])).toEqual(
      events.map((e) => [e.table, e.column, e.metric, e.eventType, e.severity]),
    );
    const runs = demo.results((db) => db.prepare("SELECT run_id FROM baselinr_runs WHERE dataset_name = 'orders' ORDER BY profiled_at").all()) as Array<{ run_id: string }>;
    expect(new Set(stored.map((r) => `${r.baseline_run_id}>${r.run_id}`))).toEqual(new Set([`${runs[0]!.run_id}>${runs[1]!.run_id}`]));
  });

  it('compares the runs it is given: the other way round, the dropped column is an added one', async () => {
    const [first, second] = (
      demo.results((db) => db.prepare("SELECT run_id FROM baselinr_runs WHERE dataset_name = 'products' ORDER BY profiled_at").all()) as Array<{ run_id: string }>
    ).map((r) => r.run_id);
    const { events } = await driftJson('--baseline', second!, '--current', first!, '--dataset', 'products');
    expect(events.map((e) => [e.column, e.eventType, e.severity, e.currentValue])).toEqual([['weight_kg', 'column_added', 'low', 'REAL']]);
  });

  it('an unknown run id or dataset is bad usage (exit 2) and is named', async () => {
    const unknownRun = await cli('drift', '--config', demo.config, '--baseline', 'no-such-run');
    expect(unknownRun.code).toBe(2);
    expect(unknownRun.err).toContain('--baseline no-such-run: no run with that id in the results store');
    const unknownDataset = await cli('drift', '--config', demo.config, '--dataset', 'ghost');
    expect(unknownDataset.code).toBe(2);
    expect(unknownDataset.err).toContain('no runs of dataset "ghost"');
    expect((await cli('drift', '--config', demo.config, '--fail-on', 'severe')).code).toBe(2);
  });
});

describe('baselinr profile --detect-drift', () => {
  it('compares each profiled table with its previous successful run and reports what drift finds', async () => {
    demo.warehouse((db) => db.exec("INSERT INTO refunds (id, order_id, amount, reason) VALUES (1, 1, 10, 'damaged')"));
    const run = await cli('profile', '--config', demo.config, '--quiet', '--json', '--detect-drift', '--table', 'refunds', '--table', 'orders');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.out);
    // refunds was empty: one row now, so its row count and counts went from zero to non-zero.
    expect(result.drift.datasets.map((d: { table: string }) => d.table)).toEqual(['orders', 'refunds']);
    const refunds = result.drift.events.filter((e: EventJson) => e.table === 'refunds');
    expect(refunds).toContainEqual(expect.objectContaining({ column: null, metric: 'row_count', baselineValue: '0', currentValue: '1', note: 'new non-zero', severity: 'high' }));
    expect(result.drift.events.filter((e: EventJson) => e.table === 'orders')).toEqual([]);
    // The same comparison as `baselinr drift` for that run.
    const { events } = await driftJson('--current', result.runId);
    expect(events.map((e) => [e.table, e.column, e.metric, e.severity])).toEqual(result.drift.events.map((e: EventJson) => [e.table, e.column, e.metric, e.severity]));
  });
});

describe('baselinr drift on a store upgraded to the new metric meanings', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = smallWarehouse('CREATE TABLE a (v INTEGER); INSERT INTO a VALUES (1), (NULL); CREATE TABLE b (v INTEGER); INSERT INTO b VALUES (2);');
    expect((await cli('profile', '--config', ws.config, '--quiet')).code).toBe(0);
    // What a store of an earlier release looks like after its upgrade: its runs predate layout 6.
    const store = new Database(join(ws.dir, '.baselinr/results.db'));
    try {
      const { last } = store.prepare('SELECT MAX(profiled_at) AS last FROM baselinr_runs').get() as { last: string };
      store.prepare('UPDATE baselinr_store_layout SET applied_at = ? WHERE version = 6').run(new Date(Date.parse(last) + 1).toISOString());
    } finally {
      store.close();
    }
    expect((await cli('profile', '--config', ws.config, '--quiet')).code).toBe(0);
  }, 60_000);
  afterAll(() => ws?.cleanup());

  it('compares nothing across the change and says so once, not per dataset', async () => {
    const text = await cli('drift', '--config', ws.config, '--fail-on', 'low');
    expect(text.code).toBe(0);
    expect(text.out.match(/metric meanings changed/g)).toHaveLength(1);
    expect(text.out).toMatch(/^Not compared: metric meanings changed in version 6 \(store upgraded \S+\) for 2 datasets; runs from then on are compared with each other$/m);
    expect(text.out).toContain('No drift (absolute_threshold): 0 datasets compared; 2 datasets not compared');
    const json = JSON.parse((await cli('drift', '--config', ws.config, '--json')).out);
    expect(json.meaningsChanged).toMatchObject({
      version: 6,
      datasets: [
        { schema: 'main', table: 'a' },
        { schema: 'main', table: 'b' },
      ],
    });
  });

  it('compares the runs stored after the change with each other', async () => {
    ws.warehouse((db) => db.exec('INSERT INTO a VALUES (NULL), (NULL)'));
    expect((await cli('profile', '--config', ws.config, '--quiet')).code).toBe(0);
    const json = JSON.parse((await cli('drift', '--config', ws.config, '--json')).out);
    expect(json.meaningsChanged).toBeUndefined();
    expect(json.summary.compared).toBe(2);
    expect(json.events.map((e: EventJson) => [e.table, e.metric])).toContainEqual(['a', 'null_count']);
  });
});

describe('baselinr drift between a sampled run and a full one', () => {
  let ws: Workspace;
  let sampledConfig: string;
  beforeAll(async () => {
    // 2000 rows of one value: any sample has the same mean and null ratio, and about half the rows.
    // A text key sets the rows apart, as a sample keeps or drops rows of equal values together.
    ws = smallWarehouse(
      "CREATE TABLE t (k TEXT, v INTEGER); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO t SELECT 'row ' || i, 5 FROM n;",
    );
    sampledConfig = join(ws.dir, 'sampled.yml');
    writeFileSync(sampledConfig, `${readFileSync(ws.config, 'utf8')}profiling: { default_sample_ratio: 0.5 }\n`);
    expect((await cli('profile', '--config', ws.config, '--quiet')).code).toBe(0);
    expect((await cli('profile', '--config', sampledConfig, '--quiet')).code).toBe(0);
  }, 60_000);
  afterAll(() => ws?.cleanup());

  it('leaves out the metrics that count rows, so --fail-on-drift does not fire on them, and says so once for the table', async () => {
    const text = await cli('drift', '--config', ws.config, '--fail-on-drift');
    expect(text.code).toBe(0);
    expect(text.out.match(/row selection differs/g)).toHaveLength(1);
    expect(text.out).toMatch(
      /^ {2}main\.t: row selection differs: random 50% of rows \(hash of every column < '80000000'\) vs full table; not compared: row_count, count\/null_count\/distinct_count\/unique_ratio\/approx_distinct_count of 2 columns$/m,
    );
    expect(text.out).toContain('No drift (absolute_threshold): 1 dataset compared');
    const json = JSON.parse((await cli('drift', '--config', ws.config, '--json')).out);
    expect(json.summary.acrossRowSelections).toBe(1);
    expect(json.datasets[0].rowSelection).toMatchObject({ differs: true, baseline: 'full table', current: expect.stringMatching(/^random 50% of rows/) });
    expect(json.datasets[0].rowSelection.uncompared).toContainEqual({ column: 'v', metric: 'count' });
  });

  it('still compares the distribution across the different rows, and shows the difference on the report', async () => {
    ws.warehouse((db) => db.exec('UPDATE t SET v = 10'));
    expect((await cli('profile', '--config', ws.config, '--quiet')).code).toBe(0);
    const json = JSON.parse((await cli('drift', '--config', ws.config, '--json')).out);
    expect(json.datasets[0].rowSelection).toMatchObject({ current: 'full table', baseline: expect.stringMatching(/^random 50% of rows/) });
    expect(json.events.map((e: EventJson) => [e.metric, e.severity])).toEqual([
      ['min', 'high'],
      ['max', 'high'],
      ['mean', 'high'],
    ]);
    expect((await cli('drift', '--config', ws.config, '--fail-on-drift')).code).toBe(1);
    const out = join(ws.dir, 'report.html');
    expect((await cli('report', '--config', ws.config, '--out', out)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/<h3>Compared across different rows<\/h3>.*main\.t<\/a>: row selection differs: full table vs random 50% of rows/s);
  });

  it("marks the stored events of that comparison where they are read later: query drift, query run, status and the report's table section", async () => {
    // The runs, newest first: the full run after the change, the sample, the first full run.
    const [full, sampled] = (JSON.parse((await cli('query', 'runs', '--config', ws.config, '--json')).out) as Array<{ runId: string }>).map((r) => r.runId);
    const rows = { current: 'full table', baseline: expect.stringMatching(/^random 50% of rows \(/) };

    const listed = JSON.parse((await cli('query', 'drift', '--config', ws.config, '--format', 'json')).out) as Array<Record<string, unknown>>;
    expect(listed.map((e) => [e.metric, e.runId, e.baselineRunId, e.rowSelection])).toEqual(
      [
        ['min', full, sampled, rows],
        ['max', full, sampled, rows],
        ['mean', full, sampled, rows],
      ].reverse(),
    );
    const text = (await cli('query', 'drift', '--config', ws.config)).out;
    expect(text.match(/row selection differs/g)).toHaveLength(1);
    expect(text).toMatch(new RegExp(`^ {2}main\\.t, run ${full} against ${sampled}: row selection differs: full table vs random 50% of rows \\(`, 'm'));
    const csv = (await cli('query', 'drift', '--config', ws.config, '--format', 'csv')).out.split('\n');
    expect(csv[0]).toMatch(/,written_by,current_rows,baseline_rows$/);
    expect(csv.slice(1).every((line) => /,baselinr-ts,full table,"?random 50% of rows \(/.test(line))).toBe(true);

    const run = JSON.parse((await cli('query', 'run', full!, '--config', ws.config, '--json')).out) as { events: Array<Record<string, unknown>> };
    expect(run.events.map((e) => [e.metric, e.writtenBy, e.rowSelection])).toEqual([
      ['mean', 'baselinr-ts', rows],
      ['max', 'baselinr-ts', rows],
      ['min', 'baselinr-ts', rows],
    ]);
    expect((await cli('query', 'run', full!, '--config', ws.config)).out).toContain(`main.t, run ${full} against ${sampled}: row selection differs: full table vs random 50%`);
    // The sample's own comparison (with the first full run) found nothing, so it stored no event to mark.
    expect(JSON.parse((await cli('query', 'run', sampled!, '--config', ws.config, '--json')).out).events).toEqual([]);

    const status = JSON.parse((await cli('status', '--config', ws.config, '--json')).out);
    expect(status.drift).toMatchObject({ events: 3, high: 3, datasets: ['main.t'], acrossRowSelections: ['main.t'] });
    expect((await cli('status', '--config', ws.config, '--drift-only')).out).toMatch(/in main\.t; compared across different rows \(metrics that count rows left out\): main\.t$/);

    const out = join(ws.dir, 'report-sections.html');
    expect((await cli('report', '--config', ws.config, '--out', out)).code).toBe(0);
    const section = readFileSync(out, 'utf8').split('<section class="table-report"')[1]!;
    expect(section).toMatch(/<p class="row-selection">Compared across different rows: row selection differs: full table vs random 50% of rows .*; not compared: row_count, /);
  });
});
