import Database from 'better-sqlite3';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig, type RunResult, type TableOutcome } from '@baselinr/core';
import { PG } from './pg-support.js';
import { dropScratch, scratchPlace, profileTwice, scratchSources } from './three-engines.js';

// Partitions: three days of 100, 50 and 20 rows; `amount` numbers the rows 1..170 in day order.
const DAYS: Array<[string, number]> = [
  ['2024-01-01', 100],
  ['2024-01-02', 50],
  ['2024-01-03', 20],
];
const partitionRows = DAYS.flatMap(([day, n], d) => Array.from({ length: n }, (_, i) => [DAYS.slice(0, d).reduce((sum, [, m]) => sum + m, 0) + i + 1, day]));
const PARTITIONED = ['p_latest', 'p_recent', 'p_values'];
// Samples: 10,000 rows each.
const SAMPLED = ['s_big', 's_cap', 's_default', 's_full'];
const BIG = 10_000;
// Strata: four regions of very different sizes; `weight` gives each region its own digits, so the
// mean times the count tells how many rows of each region a profile read.
const STRATA: Array<[string, number, number]> = [
  ['big', 1000, 1],
  ['mid', 100, 1000],
  ['tiny', 3, 1_000_000],
  ['one', 1, 1_000_000_000],
];
const strataRows = STRATA.flatMap(([region, n, weight]) => Array.from({ length: n }, () => [region, weight]));
const STRATIFIED = ['st_fraction', 'st_cap'];

const { schema, dir } = scratchPlace('rowsel');
const runs: Record<string, RunResult[]> = {};
let pgAdmin: pg.Pool;
let my: mysql.Connection;

function config(type: string, source: Record<string, unknown>) {
  return validateConfig({
    source: { type, ...source },
    storage: { connection: { type: 'sqlite', filepath: join(dir, `${type}.db`) } },
    profiling: {
      default_sample_ratio: 0.1,
      metrics: ['count', 'min', 'max', 'mean', 'distinct_count'],
      tables: [
        ...PARTITIONED.map((table) => ({ table, sample_ratio: 1 })),
        { table: 's_big' },
        { table: 's_cap' },
        { table: 's_default' },
        { table: 's_full', sample_ratio: 1 },
        ...STRATIFIED.map((table) => ({ table })),
      ],
    },
    datasets: {
      datasets: [
        { table: 'p_latest', profiling: { partition: { key: 'event_date', strategy: 'latest' } } },
        { table: 'p_recent', profiling: { partition: { key: 'event_date', strategy: 'recent_n', recent_n: 2 } } },
        // No key: inferred from the column's name, as Baselinr does.
        { table: 'p_values', profiling: { partition: { strategy: 'specific_values', values: ['2024-01-01'] } } },
        { table: 's_big', profiling: { sampling: { enabled: true, fraction: 0.1 } } },
        { table: 's_cap', profiling: { sampling: { enabled: true, fraction: 0.5, max_rows: 50 } } },
        { table: 'st_fraction', profiling: { partition: { key: 'region' }, sampling: { enabled: true, method: 'stratified', fraction: 0.1 } } },
        { table: 'st_cap', profiling: { partition: { key: 'region' }, sampling: { enabled: true, method: 'stratified', fraction: 0.5, max_rows: 60 } } },
      ],
    },
  });
}

beforeAll(async () => {
  const file = join(dir, 'warehouse.db');
  const db = new Database(file);
  db.transaction(() => {
    for (const table of PARTITIONED) {
      db.exec(`CREATE TABLE ${table} (amount INTEGER, event_date DATE)`);
      const insert = db.prepare(`INSERT INTO ${table} VALUES (?, ?)`);
      for (const r of partitionRows) insert.run(...r);
    }
    for (const table of SAMPLED) db.exec(`CREATE TABLE ${table} AS WITH RECURSIVE n(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM n WHERE id < ${BIG}) SELECT id FROM n`);
    for (const table of STRATIFIED) {
      db.exec(`CREATE TABLE ${table} (region TEXT, weight INTEGER)`);
      const insert = db.prepare(`INSERT INTO ${table} VALUES (?, ?)`);
      for (const r of strataRows) insert.run(...r);
    }
  })();
  db.close();

  pgAdmin = new pg.Pool({ ...PG, max: 2 });
  await pgAdmin.query(`CREATE SCHEMA "${schema}"`);
  for (const table of PARTITIONED) {
    await pgAdmin.query(`CREATE TABLE "${schema}".${table} (amount integer, event_date date)`);
    await pgAdmin.query(`INSERT INTO "${schema}".${table} SELECT * FROM unnest($1::int[], $2::date[])`, [partitionRows.map((r) => r[0]), partitionRows.map((r) => r[1])]);
  }
  for (const table of SAMPLED) await pgAdmin.query(`CREATE TABLE "${schema}".${table} AS SELECT generate_series(1, ${BIG}) AS id`);
  for (const table of STRATIFIED) {
    await pgAdmin.query(`CREATE TABLE "${schema}".${table} (region text, weight integer)`);
    await pgAdmin.query(`INSERT INTO "${schema}".${table} SELECT * FROM unnest($1::text[], $2::int[])`, [strataRows.map((r) => r[0]), strataRows.map((r) => r[1])]);
  }

  my = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
  await my.query(`CREATE DATABASE \`${schema}\``);
  for (const table of PARTITIONED) {
    await my.query(`CREATE TABLE \`${schema}\`.${table} (amount INT, event_date DATE)`);
    await my.query(`INSERT INTO \`${schema}\`.${table} VALUES ?`, [partitionRows]);
  }
  const ids = Array.from({ length: BIG }, (_, i) => [i + 1]);
  for (const table of SAMPLED) {
    await my.query(`CREATE TABLE \`${schema}\`.${table} (id INT PRIMARY KEY)`);
    await my.query(`INSERT INTO \`${schema}\`.${table} VALUES ?`, [ids]);
  }
  for (const table of STRATIFIED) {
    await my.query(`CREATE TABLE \`${schema}\`.${table} (region VARCHAR(10), weight INT)`);
    await my.query(`INSERT INTO \`${schema}\`.${table} VALUES ?`, [strataRows]);
  }

  for (const [type, source] of Object.entries(scratchSources(file, schema))) runs[type] = await profileTwice(config(type, source));
}, 180_000);

afterAll(() => dropScratch({ pgAdmin, my, schema, dir }));

const table = (result: RunResult, name: string): TableOutcome => result.tables.find((t) => t.table === name)!;
const extremes = (outcome: TableOutcome, column: string) => {
  const metrics = outcome.columns.find((c) => c.column === column)!.metrics;
  return [outcome.rowCount, String(metrics.min), String(metrics.max)];
};
const ENGINES = ['sqlite', 'postgres', 'mysql'] as const;

describe.each(ENGINES)('partitions and samples on %s', (engine) => {
  it('profiles every table', () => {
    for (const result of runs[engine]!) expect(result.tables.map((t) => [t.table, t.status, t.error?.message]).filter(([, status]) => status !== 'succeeded')).toEqual([]);
  });

  it('profiles exactly the latest partition, the 2 newest, and the listed value', () => {
    const [run] = runs[engine]!;
    expect(extremes(table(run!, 'p_latest'), 'amount')).toEqual([20, '151', '170']);
    expect(extremes(table(run!, 'p_recent'), 'amount')).toEqual([70, '101', '170']);
    expect(extremes(table(run!, 'p_values'), 'amount')).toEqual([100, '1', '100']);
    expect(table(run!, 'p_values').rowSelection?.notes).toEqual(['partition key event_date inferred (no datasets[].profiling.partition.key)']);
  });

  it('samples about the fraction asked for, caps at max_rows, and profiles a table with sample_ratio 1 whole', () => {
    for (const run of runs[engine]!) {
      // Binomial(10,000, 0.1): 700 and 1,300 are ten standard deviations away.
      for (const name of ['s_big', 's_default']) {
        expect(table(run, name).rowCount).toBeGreaterThan(700);
        expect(table(run, name).rowCount).toBeLessThan(1300);
      }
      expect(table(run, 's_cap').rowCount).toBe(50);
      expect(table(run, 's_full').rowCount).toBe(BIG);
      expect(table(run, 's_full').rowSelection).toBeUndefined();
      expect(table(run, 's_default').rowSelection?.sampling).toMatchObject({ fraction: 0.1, setBy: 'default_sample_ratio' });
    }
  });
});

/** Rows read per region (big, mid, tiny, one), from the count and the mean of `weight`. */
function rowsPerRegion(outcome: TableOutcome): number[] {
  const metrics = outcome.columns.find((c) => c.column === 'weight')!.metrics;
  let sum = Math.round(Number(metrics.mean) * outcome.rowCount!);
  return STRATA.map(() => {
    const n = sum % 1000;
    sum = (sum - n) / 1000;
    return n;
  });
}

describe.each(ENGINES)('stratified samples on %s', (engine) => {
  it('keeps a tenth of every region, rounded up, so the one-row region is there too', () => {
    for (const run of runs[engine]!) {
      const outcome = table(run, 'st_fraction');
      expect(rowsPerRegion(outcome)).toEqual([100, 10, 1, 1]);
      expect(outcome.columns.find((c) => c.column === 'region')!.metrics.distinct_count).toBe(4);
      expect(outcome.rowSelection?.sampling).toMatchObject({ method: 'stratified', key: 'region', fraction: 0.1 });
    }
  });

  it('max_rows lowers every share alike (to 60 of 1,104 rows) and cuts the largest stratum last', () => {
    // 5.4% of each region, rounded up, is 55 + 6 + 1 + 1 = 63; the LIMIT takes the first ranks first.
    expect(rowsPerRegion(table(runs[engine]![0]!, 'st_cap'))).toEqual([52, 6, 1, 1]);
  });
});

describe('the sampling SQL of each dialect', () => {
  const statementsOf = (engine: string, name: string) => table(runs[engine]![0]!, name).statements.map((s) => s.sql);

  it('PostgreSQL: TABLESAMPLE BERNOULLI with REPEATABLE, so two runs draw the same rows', () => {
    expect(statementsOf('postgres', 's_big')[0]).toContain('TABLESAMPLE BERNOULLI (10) REPEATABLE (1)');
    const [first, second] = runs.postgres!;
    expect(extremes(table(second!, 's_big'), 'id')).toEqual(extremes(table(first!, 's_big'), 'id'));
  });

  it("MariaDB: a predicate on the row's MD5, repeatable too", () => {
    expect(statementsOf('mysql', 's_big')[0]).toContain(`WHERE MD5(CONCAT_WS('|', COALESCE(CAST(\`id\` AS CHAR), '(null)'))) < '1999999a'`);
    const [first, second] = runs.mysql!;
    expect(extremes(table(second!, 's_big'), 'id')).toEqual(extremes(table(first!, 's_big'), 'id'));
  });

  it('SQLite: a predicate on the registered row hash, repeatable too', () => {
    expect(statementsOf('sqlite', 's_big')[0]).toContain(`WHERE baselinr_row_hash("id") < '1999999a'`);
    const [first, second] = runs.sqlite!;
    expect(first!.tables.find((t) => t.table === 's_big')?.rowSelection?.sampling?.repeatable).toBe(true);
    expect(extremes(table(second!, 's_big'), 'id')).toEqual(extremes(table(first!, 's_big'), 'id'));
  });

  it('partition filters and LIMIT go inside one derived table', () => {
    expect(statementsOf('postgres', 'p_latest')[0]).toContain(
      `FROM (SELECT * FROM "${schema}"."p_latest" WHERE "event_date" = (SELECT MAX("event_date") FROM "${schema}"."p_latest")) AS baselinr_rows`,
    );
    expect(statementsOf('mysql', 's_cap')[0]).toContain(
      `FROM (SELECT * FROM \`${schema}\`.\`s_cap\` WHERE MD5(CONCAT_WS('|', COALESCE(CAST(\`id\` AS CHAR), '(null)'))) < '80000000' LIMIT 50) AS baselinr_rows`,
    );
  });
});

describe('the results store keeps the rows each profile covered', () => {
  it('one row per sampled or filtered table, none for a table profiled whole', () => {
    const [run] = runs.sqlite!;
    const store = new Database(join(dir, 'sqlite.db'), { readonly: true });
    const rows = store
      .prepare('SELECT dataset_name, partition_config, sampling_config FROM baselinr_row_selections WHERE run_id = ? ORDER BY dataset_name')
      .all(run!.runId) as Array<{ dataset_name: string; partition_config: string | null; sampling_config: string | null }>;
    store.close();
    expect(rows.map((r) => r.dataset_name)).toEqual(['p_latest', 'p_recent', 'p_values', 's_big', 's_cap', 's_default', 'st_cap', 'st_fraction']);
    expect(JSON.parse(rows[7]!.sampling_config!)).toMatchObject({
      method: 'stratified',
      key: 'region',
      fraction: 0.1,
      sql: 'baselinr_stratum_rank - 1 < 0.1 * baselinr_stratum_rows',
    });
    expect(JSON.parse(rows[1]!.partition_config!)).toMatchObject({ key: 'event_date', strategy: 'recent_n', recentN: 2 });
    expect(JSON.parse(rows[4]!.sampling_config!)).toMatchObject({ fraction: 0.5, maxRows: 50, setBy: 'datasets.sampling', repeatable: true });
  });
});
