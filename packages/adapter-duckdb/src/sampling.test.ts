import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { histogramTotals, metricsByColumn, type ProfiledTable } from '@baselinr/adapter-testkit';
import { query, tempDir, write } from './test-support/database.js';

/** The built CLI, which resolves `type: duckdb` to @baselinr/adapter-duckdb where it is installed. */
const BIN = fileURLToPath(new URL('../../../apps/cli/dist/bin.js', import.meta.url));
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir('sampling');
  await write(
    join(dir.path, 'shop.duckdb'),
    `CREATE TABLE big AS SELECT i AS id FROM range(10000) r(i);
     CREATE TABLE events AS SELECT i AS amount, DATE '2024-01-01' + CAST(i >= 100 AS INTEGER) + CAST(i >= 150 AS INTEGER) AS event_date FROM range(170) r(i);
     CREATE TABLE regions AS SELECT CASE WHEN i < 1000 THEN 'big' WHEN i < 1100 THEN 'mid' ELSE 'one' END AS region FROM range(1101) r(i);
     -- amount is DECIMAL: DuckDB sums doubles in parallel, so a DOUBLE mean can move in its last digit between runs over the same rows.
     CREATE TABLE mixed AS SELECT i AS id, CASE WHEN i % 7 = 0 THEN NULL ELSE CAST((i * 7919) % 10007 / 10 AS DECIMAL(9, 1)) END AS amount,
       CASE WHEN i % 11 = 0 THEN NULL ELSE 'label ' || (i * 104729) % 500 END AS label, i % 3 = 0 AS flag,
       CASE WHEN i < 12000 THEN 'north' WHEN i < 18000 THEN 'south' WHEN i < 19997 THEN 'east' ELSE 'west' END AS region FROM range(20000) r(i)`,
  );
  writeFileSync(
    join(dir.path, 'config.yml'),
    `source: { type: duckdb, filepath: shop.duckdb }
storage: { connection: { type: duckdb, filepath: results.duckdb } }
profiling: { tables: [{ schema: main, select_schema: true }], metrics: [count, null_count, min, max, mean, histogram] }
datasets:
  datasets:
    - { table: big, profiling: { sampling: { enabled: true, fraction: 0.1 } } }
    - { table: events, profiling: { partition: { strategy: latest } } }
    - { table: regions, profiling: { partition: { key: region }, sampling: { enabled: true, method: stratified, fraction: 0.1 } } }
    - { table: mixed, profiling: { partition: { key: region }, sampling: { enabled: true, method: stratified, fraction: 0.1 } } }
`,
  );
});
afterAll(() => dir.remove());

function profile(...flags: string[]) {
  return spawnSync(process.execPath, [BIN, 'profile', '--config', 'config.yml', ...flags], { cwd: dir.path, encoding: 'utf8' });
}

describe('sampling and partitions on DuckDB, through the CLI', () => {
  it('samples with TABLESAMPLE p% (bernoulli, seed): the same rows each run; profiles the latest partition; says so in --json and stores it', async () => {
    const runs = [profile('--json'), profile('--json')].map((run) => {
      expect(run.status, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as { runId: string; tables: Array<{ table: string; rowCount: number; rowSelection?: Record<string, unknown> }> };
    });
    const big = runs.map((run) => run.tables.find((t) => t.table === 'big')!);
    // Binomial(10,000, 0.1): 700 and 1,300 are ten standard deviations away.
    expect(big[0]!.rowCount).toBeGreaterThan(700);
    expect(big[0]!.rowCount).toBeLessThan(1300);
    expect(big[1]!.rowCount).toBe(big[0]!.rowCount);
    expect(big[0]!.rowSelection).toMatchObject({ sampling: { fraction: 0.1, sql: 'TABLESAMPLE 10% (bernoulli, 1)', repeatable: true } });
    const events = runs[0]!.tables.find((t) => t.table === 'events')!;
    expect(events.rowCount).toBe(20);
    expect(events.rowSelection).toMatchObject({
      partition: { key: 'event_date', strategy: 'latest' },
      notes: ['partition key event_date inferred (no datasets[].profiling.partition.key)'],
    });
    const stored = await query(join(dir.path, 'results.duckdb'), 'SELECT dataset_name FROM baselinr_row_selections WHERE run_id = ? ORDER BY dataset_name', [runs[0]!.runId]);
    expect(stored.map((r) => r.dataset_name)).toEqual(['big', 'events', 'mixed', 'regions']);
    // A tenth of each region, rounded up: 100 + 10 + 1.
    expect(runs[0]!.tables.find((t) => t.table === 'regions')!.rowCount).toBe(111);
  });

  it('draws the same rows in every statement and every run, stratified by the row hash or sampled with a seed', () => {
    const runs = [profile('--json'), profile('--json')].map((run) => {
      expect(run.status, run.stderr).toBe(0);
      const { tables } = JSON.parse(run.stdout) as { tables: Array<{ table: string; rowCount: number; columns: Array<{ name: string; metrics: Record<string, unknown> }> }> };
      // --json names a column `name`; the checks read the engine's `column`.
      return { tables: tables.map((t): ProfiledTable & { table: string } => ({ ...t, columns: t.columns.map((c) => ({ column: c.name, metrics: c.metrics })) })) };
    });
    for (const name of ['mixed', 'big']) {
      const [first, second] = runs.map((run) => run.tables.find((t) => t.table === name)!);
      expect(metricsByColumn(second!), name).toEqual(metricsByColumn(first!));
      for (const t of [...histogramTotals(first!), ...histogramTotals(second!)]) expect(t.binned, `${name}.${t.column}`).toBe(t.nonNull);
    }
    // A tenth of each region, rounded up: 1,200 + 600 + 200 + 1.
    expect(runs[0]!.tables.find((t) => t.table === 'mixed')!.rowCount).toBe(2001);
    expect(histogramTotals(runs[0]!.tables.find((t) => t.table === 'mixed')!).map((t) => t.column)).toEqual(['id', 'amount']);
  });

  it('lists what each table covered in the text output', () => {
    const run = profile();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Rows profiled (partitions and samples):');
    expect(run.stdout).toContain('main.events: latest partition of event_date (WHERE "event_date" = (SELECT MAX("event_date") FROM "main"."events"));');
    expect(run.stdout).toContain('main.big: random 10% of rows (TABLESAMPLE 10% (bernoulli, 1); repeatable; datasets[].profiling.sampling)');
    expect(run.stdout).toContain(
      'main.regions: every partition of region; stratified 10% of the rows of each region value (at least one) (baselinr_stratum_rank - 1 < 0.1 * baselinr_stratum_rows; repeatable; datasets[].profiling.sampling)',
    );
  });
});
