import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from 'baselinr';
import { PG, pgScratch, type PgScratch } from './pg-support.js';

/**
 * Baselinr's own configs (its examples that it accepts, and the configs its test suite writes)
 * run `plan` against the local servers: only where they connect changes (host, port, user,
 * password, database or file, and the schema, a scratch one holding the tables they name).
 */
const folder = new URL('./fixtures/baselinr/', import.meta.url);
const files = readdirSync(folder).filter((f) => f.endsWith('.yml'));
const TABLES = ['customers', 'orders', 'users', 'products', 'sample_table', 'test_table'];

let dir: string;
let pgs: PgScratch;
let admin: mysql.Connection;
const mysqlDatabase = `bx_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'baselinr-examples-'));
  pgs = await pgScratch('bx');
  admin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
  await admin.query(`CREATE DATABASE \`${mysqlDatabase}\``);
  const sqlite = new Database(join(dir, 'warehouse.db'));
  for (const table of TABLES) {
    await pgs.sql(`CREATE TABLE "${pgs.schema}"."${table}" (id int)`);
    await admin.query(`CREATE TABLE \`${mysqlDatabase}\`.\`${table}\` (id INT)`);
    sqlite.exec(`CREATE TABLE "${table}" (id INTEGER)`);
  }
  sqlite.close();
  vi.stubEnv('SLACK_WEBHOOK_URL', 'https://hooks.example/x');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await admin.query(`DROP DATABASE IF EXISTS \`${mysqlDatabase}\``);
  await admin.end();
  await pgs.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Where each warehouse type connects locally, by config key. */
function localValues(type: string): Record<string, string> {
  if (type === 'postgres') return { host: PG.host, port: String(PG.port), username: PG.user, password: '""', database: PG.database, schema: pgs.schema };
  if (type === 'mysql') return { host: '127.0.0.1', port: '3306', username: 'root', password: '""', database: mysqlDatabase, schema: mysqlDatabase };
  return { filepath: join(dir, 'warehouse.db') };
}

/** The config with each connection key's value replaced (block YAML, one key a line, as Baselinr writes them). */
function localised(text: string): string {
  const type = /^\s+type:\s*(\w+)/m.exec(text)![1]!;
  const values = localValues(type);
  return text.replace(/^(\s*(?:- )?)(host|port|username|password|database|filepath|schema_?):\s*.*$/gm, (line, indent: string, key: string) => {
    const value = values[key === 'schema_' ? 'schema' : key];
    return value === undefined ? line : `${indent}${key}: ${value}`;
  });
}

describe("Baselinr's own configs against the local servers", () => {
  for (const file of files) {
    it(`${file} passes plan`, async () => {
      const path = join(dir, file);
      writeFileSync(path, localised(readFileSync(new URL(file, folder), 'utf8')));
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['plan', '--config', path, '--json'], { out: (t) => out.push(t), err: (t) => err.push(t) });
      expect(err.filter((line) => !line.includes('a Baselinr setting this version does not support')).join('\n')).toBe('');
      expect(code).toBe(0);
      const plan = JSON.parse(out.join('\n'));
      expect(plan.unmatched).toEqual([]);
      if (file === 'test-suite-config-loader.yml') {
        // It names no schema, so its table is looked up in `public` of the shared test database,
        // where this test creates nothing (others use it): plan lists it as missing.
        expect(plan.missing).toEqual([{ schema: 'public', table: 'test_table' }]);
      } else {
        expect(plan.missing).toEqual([]);
        expect(plan.tables.length).toBeGreaterThan(0);
      }
    });
  }
});
