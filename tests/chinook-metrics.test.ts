import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileEngine, validateConfig, type RunResult } from '@baselinr/core';
import mysqlAdapter from '@baselinr/adapter-mysql';
import postgres from '@baselinr/adapter-postgres';
import sqlite from '@baselinr/adapter-sqlite';
import { chinookTables, createTableSql, type ChinookTable, type Engine } from './chinook/load.js';
import { PG } from './pg-support.js';

/*
 * The done-when proof of "metric meanings equal Baselinr's": a public sample database (Chinook)
 * loaded into SQLite, PostgreSQL and MariaDB, profiled, and the metrics in the results store
 * compared with SQL written here from Baselinr's definitions (profiling/metrics.py): count is
 * COUNT(*), null_count is rows minus COUNT(column), distinct_count is COUNT(DISTINCT column), min
 * and max are MIN and MAX of every column, strings and timestamps included.
 */

const tables = chinookTables();
const name = `chinook_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
const dir = mkdtempSync(join(tmpdir(), 'baselinr-chinook-'));
const sqliteFile = join(dir, 'chinook.db');
let pgAdmin: pg.Pool;
let my: mysql.Connection;

/** Runs independent SQL on one engine's copy and returns the first row. */
type Query = (sql: string) => Promise<Record<string, unknown>>;

interface EngineUnderTest {
  readonly quote: (name: string) => string;
  readonly table: (table: string) => string;
  /** Text of a timestamp as the engine prints it, for comparing stored min/max. */
  readonly timestampText: (expression: string) => string;
  readonly query: Query;
  result?: RunResult;
  stored?: Map<string, string | null>;
}

const engines: Record<Engine, EngineUnderTest> = {
  sqlite: {
    quote: (n) => `"${n}"`,
    table: (t) => `"${t}"`,
    timestampText: (e) => `CAST(${e} AS TEXT)`,
    query: async (sql) => {
      const db = new Database(sqliteFile, { readonly: true });
      try {
        return db.prepare(sql).get() as Record<string, unknown>;
      } finally {
        db.close();
      }
    },
  },
  postgres: {
    quote: (n) => `"${n}"`,
    table: (t) => `"${name}"."${t}"`,
    timestampText: (e) => `(${e})::text`,
    query: async (sql) => (await pgAdmin.query(sql)).rows[0],
  },
  mysql: {
    quote: (n) => `\`${n}\``,
    table: (t) => `\`${name}\`.\`${t}\``,
    timestampText: (e) => `CAST(${e} AS CHAR)`,
    query: async (sql) => ((await my.query(sql)) as unknown as [Record<string, unknown>[]])[0][0]!,
  },
};

async function load(engine: Engine, run: (sql: string, rows: ReadonlyArray<ReadonlyArray<unknown>>) => Promise<void>): Promise<void> {
  const { quote, table } = engines[engine];
  for (const t of tables) await run(createTableSql(t, engine, table(t.name), quote), t.rows);
}

/** Profiles one engine's copy and keeps what the results store holds, keyed `table.column.metric`. */
async function profile(engine: Engine, source: Record<string, unknown>): Promise<void> {
  const storeFile = join(dir, `${engine}-results.db`);
  const config = validateConfig({
    source: { type: engine, ...source },
    storage: { connection: { type: 'sqlite', filepath: storeFile } },
    profiling: { tables: tables.map((t) => ({ schema: String(source.schema ?? source.database ?? 'main'), table: t.name })) },
    execution: { max_workers: engine === 'sqlite' ? 1 : 2 },
  });
  const result = await new ProfileEngine(config, { adapters: { postgres, mysql: mysqlAdapter, sqlite } }).profile();
  const store = new Database(storeFile, { readonly: true });
  const rows = store.prepare('SELECT dataset_name, column_name, metric_name, metric_value FROM baselinr_results').all() as Array<Record<string, string | null>>;
  store.close();
  engines[engine].result = result;
  engines[engine].stored = new Map(rows.map((r) => [`${r.dataset_name}.${r.column_name}.${r.metric_name}`, r.metric_value!]));
}

beforeAll(async () => {
  const db = new Database(sqliteFile);
  await load('sqlite', async (sql, rows) => {
    db.exec(sql);
    const insert = db.prepare(`INSERT INTO "${/CREATE TABLE "([^"]+)"/.exec(sql)![1]}" VALUES (${rows[0]!.map(() => '?').join(', ')})`);
    db.transaction(() => {
      for (const r of rows) insert.run(...r);
    })();
  });
  db.close();

  pgAdmin = new pg.Pool({ ...PG, max: 2 });
  await pgAdmin.query(`CREATE SCHEMA "${name}"`);
  await load('postgres', async (sql, rows) => {
    await pgAdmin.query(sql);
    const target = /CREATE TABLE (\S+)/.exec(sql)![1];
    const width = rows[0]!.length;
    const values = rows.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`).join(', ');
    await pgAdmin.query(`INSERT INTO ${target} VALUES ${values}`, rows.flat());
  });

  my = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', charset: 'utf8mb4' });
  await my.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await load('mysql', async (sql, rows) => {
    await my.query(sql);
    await my.query(`INSERT INTO ${/CREATE TABLE (\S+)/.exec(sql)![1]} VALUES ?`, [rows]);
  });

  await profile('sqlite', { filepath: sqliteFile });
  await profile('postgres', { host: PG.host, port: PG.port, database: PG.database, username: PG.user, schema: name });
  await profile('mysql', { host: '127.0.0.1', port: 3306, username: 'root', password: '', database: name });
}, 180_000);

afterAll(async () => {
  await pgAdmin?.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  await pgAdmin?.end();
  await my?.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await my?.end();
  rmSync(dir, { recursive: true, force: true });
});

/** Baselinr's definitions, as SQL of their own: not our planner's statements. */
async function independent(engine: EngineUnderTest, table: ChinookTable, column: ChinookTable['columns'][number]) {
  const c = engine.quote(column.name);
  const extreme = (fn: 'MIN' | 'MAX') => (column.type === 'timestamp' ? engine.timestampText(`${fn}(${c})`) : `${fn}(${c})`);
  const row = await engine.query(
    `SELECT COUNT(*) AS n, COUNT(${c}) AS non_null, COUNT(DISTINCT ${c}) AS d, ${extreme('MIN')} AS lo, ${extreme('MAX')} AS hi FROM ${engine.table(table.name)}`,
  );
  const rows = Number(row.n);
  const nullCount = rows - Number(row.non_null);
  const distinct = Number(row.d);
  return {
    count: rows,
    null_count: nullCount,
    null_ratio: rows > 0 ? nullCount / rows : 0,
    distinct_count: distinct,
    unique_ratio: rows > 0 ? distinct / rows : 0,
    min: row.lo,
    max: row.hi,
  };
}

/** A stored value read back as what it means: numbers by value (the store keeps `1.9` for `1.90`), text as is. */
function storedAs(type: ChinookTable['columns'][number]['type'], metric: string, text: string | null | undefined): unknown {
  if (text === null || text === undefined) return text;
  const numeric = metric !== 'min' && metric !== 'max' ? true : type === 'integer' || type === 'decimal';
  return numeric ? Number(text) : text;
}

describe.each(['sqlite', 'postgres', 'mysql'] as const)('Chinook on %s: stored metrics equal independent SQL with Baselinr definitions', (engineName) => {
  it('profiles every table', () => {
    const result = engines[engineName].result!;
    expect(result.tables.map((t) => [t.table, t.status, t.error?.message]).sort()).toEqual(tables.map((t) => [t.name, 'succeeded', undefined]).sort());
  });

  it.each(tables.map((t) => [t.name, t] as const))('%s: count, null_count, distinct_count, min, max and the ratios of every column', async (_, table) => {
    const engine = engines[engineName];
    const problems: string[] = [];
    for (const column of table.columns) {
      const expected = await independent(engine, table, column);
      for (const [metric, value] of Object.entries(expected)) {
        const stored = storedAs(column.type, metric, engine.stored!.get(`${table.name}.${column.name}.${metric}`));
        const want = (metric === 'min' || metric === 'max') && value !== null ? storedAs(column.type, metric, String(value)) : value;
        if (stored !== want) problems.push(`${table.name}.${column.name}.${metric}: stored ${JSON.stringify(stored)}, independent SQL ${JSON.stringify(want)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has nulls where Chinook has them, so null_count is not trivially zero', () => {
    const stored = engines[engineName].stored!;
    expect(Number(stored.get('Customer.Company.null_count'))).toBeGreaterThan(0);
    expect(Number(stored.get('Customer.Company.count'))).toBe(59);
    expect(Number(stored.get('Employee.ReportsTo.null_count'))).toBe(1);
  });
});
