import Database from 'better-sqlite3';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig, type RunResult, type TableOutcome } from '@baselinr/core';
import { histogramTotals, metricsByColumn } from '@baselinr/adapter-testkit';
import { PG } from './pg-support.js';
import { dropScratch, scratchPlace, profileTwice, scratchSources } from './three-engines.js';

// 20,000 rows of every kind the row hash reads, nulls included; `region` holds strata of 12,000,
// 6,000, 1,997 and 3 rows.
const ROWS = 20_000;
const REGIONS: Array<[string, number]> = [
  ['north', 12_000],
  ['south', 6_000],
  ['east', 1_997],
  ['west', 3],
];
// The region of row i: the first whose running total of rows passes i.
const regionEnds = REGIONS.map(([region], k) => ({ region, end: REGIONS.slice(0, k + 1).reduce((sum, [, n]) => sum + n, 0) }));
const regionOf = (i: number) => regionEnds.find(({ end }) => end > i)!.region;
type Row = [number, number | null, string | null, boolean, string];
const rows: Row[] = Array.from({ length: ROWS }, (_, i) => [
  i + 1,
  i % 7 === 0 ? null : ((i * 7919) % 10_007) / 10,
  i % 11 === 0 ? null : `label ${(i * 104_729) % 500}`,
  i % 3 === 0,
  regionOf(i),
]);
const TABLES = ['rep_random', 'rep_strata'];

const { schema, dir } = scratchPlace('repsample');
const runs: Record<string, RunResult[]> = {};
let pgAdmin: pg.Pool;
let my: mysql.Connection;

function config(type: string, source: Record<string, unknown>) {
  return validateConfig({
    source: { type, ...source },
    storage: { connection: { type: 'sqlite', filepath: join(dir, `${type}.db`) } },
    profiling: { metrics: ['count', 'null_count', 'min', 'max', 'mean', 'histogram'], compute_histograms: true, tables: TABLES.map((table) => ({ table })) },
    datasets: {
      datasets: [
        { table: 'rep_random', profiling: { sampling: { enabled: true, fraction: 0.1 } } },
        { table: 'rep_strata', profiling: { partition: { key: 'region' }, sampling: { enabled: true, method: 'stratified', fraction: 0.1 } } },
      ],
    },
  });
}

beforeAll(async () => {
  const file = join(dir, 'warehouse.db');
  const db = new Database(file);
  db.transaction(() => {
    for (const table of TABLES) {
      db.exec(`CREATE TABLE ${table} (id INTEGER, amount REAL, label TEXT, flag BOOLEAN, region TEXT)`);
      const insert = db.prepare(`INSERT INTO ${table} VALUES (?, ?, ?, ?, ?)`);
      for (const [id, amount, label, flag, region] of rows) insert.run(id, amount, label, flag ? 1 : 0, region);
    }
  })();
  db.close();

  pgAdmin = new pg.Pool({ ...PG, max: 2 });
  await pgAdmin.query(`CREATE SCHEMA "${schema}"`);
  const column = (i: number) => rows.map((r) => r[i]);
  for (const table of TABLES) {
    await pgAdmin.query(`CREATE TABLE "${schema}".${table} (id integer, amount double precision, label text, flag boolean, region text)`);
    await pgAdmin.query(`INSERT INTO "${schema}".${table} SELECT * FROM unnest($1::int[], $2::float8[], $3::text[], $4::bool[], $5::text[])`, [0, 1, 2, 3, 4].map(column));
  }

  my = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
  await my.query(`CREATE DATABASE \`${schema}\``);
  for (const table of TABLES) {
    await my.query(`CREATE TABLE \`${schema}\`.${table} (id INT PRIMARY KEY, amount DOUBLE, label VARCHAR(20), flag BOOLEAN, region VARCHAR(10))`);
    await my.query(`INSERT INTO \`${schema}\`.${table} VALUES ?`, [rows]);
  }

  for (const [type, source] of Object.entries(scratchSources(file, schema))) runs[type] = await profileTwice(config(type, source));
}, 180_000);

afterAll(() => dropScratch({ pgAdmin, my, schema, dir }));

const table = (result: RunResult, name: string): TableOutcome => result.tables.find((t) => t.table === name)!;

describe.each(['sqlite', 'postgres', 'mysql'])('samples on %s repeat', (engine) => {
  it.each(TABLES)('%s: two runs over unchanged data give the same metrics, histograms included, for every column', (name) => {
    const [first, second] = runs[engine]!.map((run) => table(run, name));
    expect(first!.status, first!.error?.message).toBe('succeeded');
    expect(first!.rowSelection?.sampling?.repeatable).toBe(true);
    expect(metricsByColumn(second!)).toEqual(metricsByColumn(first!));
    expect(second!.rowCount).toBe(first!.rowCount);
  });

  it.each(TABLES)('%s: the histogram statement reads the rows the aggregate statement read', (name) => {
    for (const run of runs[engine]!) {
      const totals = histogramTotals(table(run, name));
      expect(totals.map((t) => t.column)).toEqual(['id', 'amount']);
      for (const t of totals) expect(t.binned, t.column).toBe(t.nonNull);
    }
  });

  it('a random 10% keeps between 8% and 12% of the rows', () => {
    const count = table(runs[engine]![0]!, 'rep_random').rowCount!;
    expect(count).toBeGreaterThan(0.08 * ROWS);
    expect(count).toBeLessThan(0.12 * ROWS);
  });

  it('a stratified 10% keeps a tenth of every region, rounded up', () => {
    const strata = table(runs[engine]![0]!, 'rep_strata');
    expect(strata.rowCount).toBe(REGIONS.reduce((sum, [, n]) => sum + Math.ceil(n / 10), 0));
    expect(strata.columns.find((c) => c.column === 'region')!.metrics).toMatchObject({ null_count: 0 });
  });
});

describe('the row hash in each dialect', () => {
  const statementsOf = (engine: string, name: string) => table(runs[engine]![0]!, name).statements.map((s) => s.sql);

  it('SQLite draws and orders by the registered baselinr_row_hash of every column', () => {
    expect(statementsOf('sqlite', 'rep_random')[0]).toContain(`WHERE baselinr_row_hash("id", "amount", "label", "flag", "region") < '1999999a'`);
    expect(statementsOf('sqlite', 'rep_strata')[0]).toContain('ORDER BY baselinr_row_hash("id", "amount", "label", "flag", "region")');
    expect(table(runs.sqlite![0]!, 'rep_random').rowSelection?.sampling?.sql).toBe(`hash of every column < '1999999a'`);
  });

  it('MariaDB hashes with MD5 over CONCAT_WS; PostgreSQL orders strata by MD5 and samples with TABLESAMPLE REPEATABLE', () => {
    expect(statementsOf('mysql', 'rep_random')[0]).toContain("WHERE MD5(CONCAT_WS('|', COALESCE(CAST(`id` AS CHAR), '(null)')");
    expect(statementsOf('postgres', 'rep_strata')[0]).toContain(`ORDER BY MD5(COALESCE(("id")::text, '(null)') || '|' || `);
    expect(statementsOf('postgres', 'rep_random')[0]).toContain('TABLESAMPLE BERNOULLI (10) REPEATABLE (1)');
  });
});
