import Database from 'better-sqlite3';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileEngine, validateConfig, type RunResult } from '@baselinr/core';
import { seededRandom } from '@baselinr/adapter-testkit';
import { PG } from './pg-support.js';
import { dropScratch, LOCAL_ADAPTERS, scratchPlace, scratchSources } from './three-engines.js';

// One generated dataset, loaded into SQLite, PostgreSQL and MariaDB with equivalent types.
const random = seededRandom(7);
const labels = ['alpha', 'Zoë', 'naïve café', '李雷', '🙂 emoji', 'x', 'longer words here', 'Ærin'];
const rows = Array.from({ length: 400 }, (_, i) => [
  i + 1,
  random() < 0.1 ? null : Math.floor(random() * 2000) - 500,
  i === 0 ? '9007199254740993' : i === 1 ? '-9007199254740993' : String(Math.floor(random() * 1e12)),
  random() < 0.2 ? null : (Math.round(random() * 1_000_000) / 100).toFixed(2),
  random() < 0.15 ? null : Math.round(random() * 1e6) / 1e3,
  random() < 0.1 ? null : labels[Math.floor(random() * labels.length)]!,
  random() < 0.05 ? null : `2024-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)} 0${Math.floor(random() * 9)}:30:00`,
  random() < 0.5 ? 1 : 0,
  null,
]);
const COLUMNS = ['id', 'qty', 'big', 'price', 'ratio', 'label', 'created', 'flag', 'empty_col'];
const TYPES = {
  sqlite: ['INTEGER', 'INTEGER', 'BIGINT', 'DECIMAL(12,2)', 'DOUBLE', 'TEXT', 'TIMESTAMP', 'BOOLEAN', 'INTEGER'],
  postgres: ['integer', 'integer', 'bigint', 'numeric(12,2)', 'double precision', 'text', 'timestamp', 'boolean', 'integer'],
  mysql: ['INT', 'INT', 'BIGINT', 'DECIMAL(12,2)', 'DOUBLE', 'VARCHAR(100)', 'DATETIME', 'TINYINT(1)', 'INT'],
};
const ddl = (types: string[], quote: string) => COLUMNS.map((c, i) => `${quote}${c}${quote} ${types[i]}`).join(', ');

const { schema, dir } = scratchPlace('xadapter');
const results: Record<string, RunResult> = {};
let pgAdmin: pg.Pool;
let my: mysql.Connection;

async function profile(type: string, source: Record<string, unknown>): Promise<RunResult> {
  const config = validateConfig({
    source: { type, ...source },
    storage: { connection: { type: 'sqlite', filepath: join(dir, `${type}.db`) } },
    profiling: { tables: [{ schema: String(source.schema ?? source.database ?? 'main'), select_schema: true }] },
    execution: { max_workers: type === 'sqlite' ? 1 : 2 },
  });
  return new ProfileEngine(config, { adapters: LOCAL_ADAPTERS }).profile();
}

beforeAll(async () => {
  const file = join(dir, 'warehouse.db');
  const db = new Database(file);
  db.exec(`CREATE TABLE facts (${ddl(TYPES.sqlite, '"')}); CREATE TABLE empty_table (a INTEGER, b TEXT)`);
  const insert = db.prepare(`INSERT INTO facts VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  db.transaction(() => {
    for (const r of rows) insert.run(...r.map((v, i) => (i === 2 ? BigInt(v as string) : v)));
  })();
  db.close();

  pgAdmin = new pg.Pool({ ...PG, max: 2 });
  await pgAdmin.query(`CREATE SCHEMA "${schema}"`);
  await pgAdmin.query(`CREATE TABLE "${schema}".facts (${ddl(TYPES.postgres, '"')}); CREATE TABLE "${schema}".empty_table (a integer, b text)`);
  const marks = COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
  for (const r of rows)
    await pgAdmin.query(
      `INSERT INTO "${schema}".facts VALUES (${marks})`,
      r.map((v, i) => (i === 7 ? v === 1 : v)),
    );

  my = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: true });
  // Binary collation: engines agree on what "distinct" means only when case and accents count.
  await my.query(`CREATE DATABASE \`${schema}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await my.query(`CREATE TABLE \`${schema}\`.facts (${ddl(TYPES.mysql, '`')})`);
  await my.query(`CREATE TABLE \`${schema}\`.empty_table (a INT, b VARCHAR(10))`);
  await my.query(`INSERT INTO \`${schema}\`.facts VALUES ?`, [rows]);

  for (const [type, source] of Object.entries(scratchSources(file, schema))) results[type] = await profile(type, source);
}, 120_000);

afterAll(() => dropScratch({ pgAdmin, my, schema, dir }));

/** Every metric by table and column, with doubles rounded where engines differ in float math. */
function metricsOf(result: RunResult): Record<string, unknown> {
  const approx = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(9)) : v);
  const floatMath = new Set(['mean', 'stddev', 'avg_length', 'unique_ratio', 'null_ratio']);
  return Object.fromEntries(
    result.tables.map((t) => [
      t.table,
      Object.fromEntries(
        t.columns.map((c) => [
          c.column,
          Object.fromEntries(
            Object.entries(c.metrics).map(([name, value]) => [
              name,
              Array.isArray(value) ? value.map((b) => ({ lower: approx(b.lower), upper: approx(b.upper), count: b.count })) : floatMath.has(name) ? approx(value) : value,
            ]),
          ),
        ]),
      ),
    ]),
  );
}

describe('the same dataset gives the same metrics from SQLite, PostgreSQL and MariaDB', () => {
  it('profiles every table on every engine', () => {
    for (const [engine, result] of Object.entries(results)) {
      const byName = [...result.tables].sort((a, b) => a.table.localeCompare(b.table));
      expect(
        byName.map((t) => [t.table, t.status, t.error?.message]),
        engine,
      ).toEqual([
        ['empty_table', 'succeeded', undefined],
        ['facts', 'succeeded', undefined],
      ]);
    }
  });

  it('PostgreSQL equals SQLite', () => {
    expect(metricsOf(results.postgres!)).toEqual(metricsOf(results.sqlite!));
  });

  it('MariaDB equals SQLite', () => {
    expect(metricsOf(results.mysql!)).toEqual(metricsOf(results.sqlite!));
  });

  it('keeps 2^53 + 1 exact everywhere', () => {
    for (const result of Object.values(results)) {
      const big = result.tables.find((t) => t.table === 'facts')!.columns.find((c) => c.column === 'big')!;
      expect(big.metrics).toMatchObject({ min: '-9007199254740993', max: '9007199254740993' });
    }
  });
});
