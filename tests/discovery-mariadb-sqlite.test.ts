import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileEngine, validateConfig } from '@baselinr/core';
import mysqlAdapter from '@baselinr/adapter-mysql';
import sqlite from '@baselinr/adapter-sqlite';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'disc-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const storage = () => ({ connection: { type: 'sqlite', filepath: join(dir, 'results.db') } });

describe("Baselinr's selection keys on MariaDB", () => {
  const prefix = `disc_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const databases = [`${prefix}_a`, `${prefix}_b`];
  let admin: mysql.Connection;
  beforeAll(async () => {
    admin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
    for (const db of databases) {
      await admin.query(`CREATE DATABASE \`${db}\``);
      await admin.query(`CREATE TABLE \`${db}\`.orders (id INT) COMMENT 'tags: pii, finance'`);
      await admin.query(`CREATE TABLE \`${db}\`.events (id INT)`);
    }
  });
  afterAll(async () => {
    for (const db of databases) await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await admin.end();
  });

  const planned = async (tables: unknown[]) => {
    const config = validateConfig({ source: { type: 'mysql', host: '127.0.0.1', port: 3306, username: 'root', password: '', database: databases[0] }, storage: storage(), profiling: { tables } });
    return (await new ProfileEngine(config, { adapters: { mysql: mysqlAdapter, sqlite } }).plan()).tables.map((t) => `${t.schema}.${t.table}`);
  };

  it('schema_pattern selects in every matching database; tags read table comments', async () => {
    expect(await planned([{ schema_pattern: `${prefix}_*`, select_schema: true }])).toEqual(databases.flatMap((db) => [`${db}.events`, `${db}.orders`]));
    expect(await planned([{ schema_pattern: `${prefix}_*`, pattern: '*s', tags: ['finance'] }])).toEqual(databases.map((db) => `${db}.orders`));
    expect(await planned([{ schema_pattern: `^${prefix}_b$`, pattern_type: 'regex', select_schema: true, tags_any: ['pii', 'x'] }])).toEqual([`${databases[1]}.orders`]);
  });
});

describe("Baselinr's selection keys on SQLite", () => {
  const planned = async (tables: unknown[]) => {
    const filepath = join(dir, 'warehouse.db');
    const db = new Database(filepath);
    db.exec('CREATE TABLE IF NOT EXISTS orders (id INTEGER); CREATE TABLE IF NOT EXISTS events (id INTEGER)');
    db.close();
    const config = validateConfig({ source: { type: 'sqlite', filepath }, storage: storage(), profiling: { tables } });
    return (await new ProfileEngine(config, { adapters: { sqlite } }).plan()).tables.map((t) => `${t.schema}.${t.table}`);
  };

  it('select_all_schemas selects the attached databases (main), temp left out', async () => {
    expect(await planned([{ select_all_schemas: true, exclude_patterns: ['ev*'] }])).toEqual(['main.orders']);
  });

  it('refuses tags, which SQLite tables do not have, saying how to select instead', async () => {
    await expect(planned([{ select_schema: true, tags: ['pii'] }])).rejects.toThrow(
      'profiling.tables.0: sqlite tables have no tags this version reads, so `tags` and `tags_any` cannot select; select by `pattern` or `table`',
    );
  });
});
