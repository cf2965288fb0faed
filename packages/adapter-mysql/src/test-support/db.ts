import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql, { type Connection } from 'mysql2/promise';
import {
  ProfileEngine,
  SqlResultsStore,
  poolPolicy,
  validateConfig,
  type BaselinrConfigInput,
  type ConnectionConfig,
  type PoolPolicy,
  type ProfileEngineOptions,
  type Row,
  type RunResult,
  type SqlStoreTables,
} from '@baselinr/core';
import sqliteAdapter from '@baselinr/adapter-sqlite';
import adapter from '../index.js';

/** The test server (MariaDB 10.11 in CI); override with the same variables as the example config. */
export const SERVER = {
  host: process.env.MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.MYSQL_PORT ?? 3306),
  user: process.env.MYSQL_USER ?? 'root',
  password: process.env.MYSQL_PASSWORD ?? '',
};

/** A connection for arranging and inspecting data, independent of the adapter under test. */
export function adminConnection(database?: string): Promise<Connection> {
  return mysql.createConnection({
    ...SERVER,
    ...(database ? { database } : {}),
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    charset: 'utf8mb4',
  });
}

export interface TestDatabase {
  readonly name: string;
  /** Connected with this database as default. */
  readonly admin: Connection;
  /** `source` / `storage.connection` config for this database. */
  connection(database?: string): { type: string; host: string; port: number; database: string; username: string; password: string };
  drop(): Promise<void>;
}

/** A uniquely named database per test file, so files run in parallel without sharing tables. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `blr_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const bootstrap = await adminConnection();
  // utf8mb4_bin: distinct counts and comparisons the JS reference computations can reproduce.
  await bootstrap.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await bootstrap.end();
  const admin = await adminConnection(name);
  return {
    name,
    admin,
    connection: (database = name) => ({ type: 'mysql', host: SERVER.host, port: SERVER.port, database, username: SERVER.user, password: SERVER.password }),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    },
  };
}

/** A temporary directory for a SQLite results store. */
export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'baselinr-mysql-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Runs core's engine on the config with this adapter as `mysql` (and `mariadb`) and SQLite for results. */
export async function runEngine(config: BaselinrConfigInput, options: ProfileEngineOptions = {}): Promise<RunResult> {
  const engine = new ProfileEngine(validateConfig(config), {
    ...options,
    adapters: { mysql: adapter, mariadb: adapter, sqlite: sqliteAdapter, ...options.adapters },
  });
  return engine.profile();
}

/** The rows of an `execute` result (sessions may return bare rows or rows with statistics). */
export function rowsOf(result: Row[] | { readonly rows: Row[] }): Row[] {
  return Array.isArray(result) ? result : result.rows;
}

/** Inserts rows in slices with one multi-row INSERT each. */
export async function insertRows(admin: Connection, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  const cols = columns.map((c) => `\`${c.replace(/`/g, '``')}\``).join(', ');
  for (let i = 0; i < rows.length; i += 500) {
    const slice = rows.slice(i, i + 500);
    if (slice.length > 0) await admin.query(`INSERT INTO \`${table.replace(/`/g, '``')}\` (${cols}) VALUES ?`, [slice]);
  }
}

/** The pool core would size for a run of `workers` workers. */
export function policy(workers: number): PoolPolicy {
  return poolPolicy(adapter.limits({ type: 'mysql', extra_params: {} }).pool, workers);
}

/** Core's results store on the adapter's SQL driver, its two connections tagged `baselinr_role` = `purpose`. */
export async function openStore(connection: ConnectionConfig, tables: SqlStoreTables, purpose = 'store'): Promise<SqlResultsStore> {
  const driver = await adapter.openSqlDriver!(connection, { purpose, connections: 2, configPath: 'storage.connection' });
  return new SqlResultsStore(driver, tables);
}

export { seededRandom as random } from '@baselinr/adapter-testkit';
