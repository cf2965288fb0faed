import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
     CREATE TABLE regions AS SELECT CASE WHEN i < 1000 THEN 'big' WHEN i < 1100 THEN 'mid' ELSE 'one' END AS region FROM range(1101) r(i)`,
  );
  writeFileSync(
    join(dir.path, 'config.yml'),
    `source: { type: duckdb, filepath: shop.duckdb }
storage: { connection: { type: duckdb, filepath: results.duckdb } }
profiling: { tables: [{ schema: main, select_schema: true }], metrics: [count, min, max] }
datasets:
  datasets:
    - { table: big, profiling: { sampling: { enabled: true, fraction: 0.1 } } }
    - { table: events, profiling: { partition: { strategy: latest } } }
    - { table: regions, profiling: { partition: { key: region }, sampling: { enabled: true, method: stratified, fraction: 0.1 } } }
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
    expect(stored.map((r) => r.dataset_name)).toEqual(['big', 'events', 'regions']);
    // A tenth of each region, rounded up: 100 + 10 + 1.
    expect(runs[0]!.tables.find((t) => t.table === 'regions')!.rowCount).toBe(111);
  });

  it('lists what each table covered in the text output', () => {
    const run = profile();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Rows profiled (partitions and samples):');
    expect(run.stdout).toContain('main.events: latest partition of event_date (WHERE "event_date" = (SELECT MAX("event_date") FROM "main"."events"));');
    expect(run.stdout).toContain('main.big: random 10% of rows (TABLESAMPLE 10% (bernoulli, 1); seeded; datasets[].profiling.sampling)');
    expect(run.stdout).toContain(
      'main.regions: every partition of region; stratified 10% of the rows of each region value (at least one) (baselinr_stratum_rank - 1 < 0.1 * baselinr_stratum_rows; not repeatable; datasets[].profiling.sampling)',
    );
  });
});
