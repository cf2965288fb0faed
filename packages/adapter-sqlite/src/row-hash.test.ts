import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { ProfileEngine, type RunResult } from '@baselinr/core';
import sqlite from '@baselinr/adapter-sqlite';
import { sqliteDialect } from './dialect.js';
import { registerFunctions } from './functions.js';
import { workspace, type Workspace } from './test-support/fixtures.js';

/**
 * SQLite has no hash function: the adapter registers baselinr_row_hash, which samples draw on. A
 * table wider than one call's arguments (SQLite's default limit is 127) hashes its columns in groups.
 */
const WIDTH = 130;
const names = Array.from({ length: WIDTH }, (_, i) => `c${i}`);
let ws: Workspace;
const runs: RunResult[] = [];

beforeAll(async () => {
  ws = workspace();
  ws.exec(`CREATE TABLE wide (${names.map((n) => `${n} INTEGER`).join(', ')})`);
  ws.exec(
    `INSERT INTO wide VALUES (${names.map(() => '?').join(', ')})`,
    Array.from({ length: 2000 }, (_, row) => names.map((_, c) => (c === WIDTH - 1 ? row : c))),
  );
  ws.exec('CREATE TABLE pairs (a TEXT, b TEXT)');
  ws.exec('INSERT INTO pairs VALUES (?, ?)', [
    ['a', 'bc'],
    ['ab', 'c'],
    [null, 'x'],
    ['', 'x'],
  ]);
  const config = ws.config({ profiling: { tables: [{ table: 'wide' }], metrics: ['count', 'min', 'max'], default_sample_ratio: 0.25 } });
  for (let i = 0; i < 2; i++) runs.push(await new ProfileEngine(config, { adapters: { sqlite } }).profile());
});
afterAll(() => ws?.cleanup());

describe('the SQLite row hash', () => {
  it('hashes 130 columns in two groups of at most 100, then the groups', () => {
    const hash = sqliteDialect.rowHash(names.map((name) => ({ name, dataType: 'INTEGER', kind: 'integer' })));
    expect(hash.startsWith('baselinr_row_hash(baselinr_row_hash("c0", ')).toBe(true);
    expect(hash).toContain('"c99"), baselinr_row_hash("c100", ');
  });

  it('samples a table that wide, the same rows each run', () => {
    const [first, second] = runs.map((run) => run.tables[0]!);
    expect(first!.status, first!.error?.message).toBe('succeeded');
    expect(first!.rowCount).toBeGreaterThan(400);
    expect(first!.rowCount).toBeLessThan(600);
    expect(second!.columns.find((c) => c.column === 'c129')!.metrics).toEqual(first!.columns.find((c) => c.column === 'c129')!.metrics);
  });

  it("tells ('a', 'bc') from ('ab', 'c') and a null from an empty text", () => {
    const db = new Database(ws.warehouse, { readonly: true });
    try {
      registerFunctions(db);
      const hash = sqliteDialect.rowHash([
        { name: 'a', dataType: 'TEXT', kind: 'string' },
        { name: 'b', dataType: 'TEXT', kind: 'string' },
      ]);
      const hashes = (db.prepare(`SELECT ${hash} AS h FROM pairs`).all() as Array<{ h: string }>).map((r) => r.h);
      expect(new Set(hashes).size).toBe(4);
      for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      db.close();
    }
  });
});
