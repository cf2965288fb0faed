import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '@baselinr/core';
import { adminConnection, createTestDatabase, runEngine, tempDir, type TestDatabase } from './test-support/db.js';

/** Names that break naive quoting, string splicing or `schema.table` keys. */
const TABLES = [
  'with space',
  'back`tick',
  'double"quote',
  "single'quote",
  'semi;colon',
  'MixedCase',
  'mixedcase',
  'select',
  'tâblé_ünï',
  '日本',
  'a.b',
  'what?',
  'x`; DROP TABLE keep; --',
  'keep',
];
const COLUMNS = ['col with space', 'c`b', 'c"q', "c'q", 'c;d', 'Select', 'ñandú', '?', '--x', 'from'];

const q = (name: string) => `\`${name.replace(/`/g, '``')}\``;

let db: TestDatabase;
let hostile: string;
let dir: ReturnType<typeof tempDir>;
let result: RunResult;

async function tablesIn(schema: string): Promise<string[]> {
  const [rows] = await db.admin.query('SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [schema]);
  return (rows as Array<{ t: string }>)
    .map((r) => r.t)
    .filter((t) => !t.startsWith('baselinr_'))
    .sort();
}

beforeAll(async () => {
  db = await createTestDatabase('ident');
  dir = tempDir();
  // The profiled database's own name is hostile too.
  hostile = `${db.name} sch"e;ma\`x`;
  await db.admin.query(`CREATE DATABASE ${q(hostile)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  for (const [i, table] of TABLES.entries()) {
    const columns = COLUMNS.map((c, j) => `${q(c)} ${j % 3 === 0 ? 'VARCHAR(20)' : 'INT'}`).join(', ');
    await db.admin.query(`CREATE TABLE ${q(hostile)}.${q(table)} (${columns})`);
    const rows = Array.from({ length: i + 1 }, (_, r) => COLUMNS.map((_, j) => (j % 3 === 0 ? `v${r}` : r * j)));
    await db.admin.query(`INSERT INTO ${q(hostile)}.${q(table)} VALUES ?`, [rows]);
  }
  result = await runEngine({
    source: { ...db.connection(), database: hostile },
    // Results on MySQL too: hostile names must survive the store's parameters and keys.
    storage: { connection: db.connection() },
    profiling: { tables: [{ schema: hostile, select_schema: true }] },
    execution: { max_workers: 4 },
  });
}, 120_000);

afterAll(async () => {
  if (db && hostile) await db.admin.query(`DROP DATABASE IF EXISTS ${q(hostile)}`);
  await db?.drop();
  dir?.remove();
});

describe('hostile identifiers', () => {
  it('profiles every table, with every column, counting the rows each holds', () => {
    expect(result.tables.map((t) => [t.table, t.status, t.error?.message]).sort()).toEqual(TABLES.map((t) => [t, 'succeeded', undefined]).sort());
    for (const [i, table] of TABLES.entries()) {
      const outcome = result.tables.find((t) => t.table === table)!;
      expect(outcome.schema).toBe(hostile);
      expect(outcome.rowCount, table).toBe(i + 1);
      expect(outcome.columns.map((c) => c.column)).toEqual(COLUMNS);
      const ints = outcome.columns.find((c) => c.column === 'c`b')!;
      expect(ints.metrics.max, table).toBe(String(i * 1));
      const text = outcome.columns.find((c) => c.column === '?')!;
      expect(text.metrics.distinct_count, table).toBe(i + 1);
    }
  });

  it('drops nothing: every table still exists afterwards', async () => {
    expect(await tablesIn(hostile)).toEqual([...TABLES].sort());
    const survivor = await adminConnection(hostile);
    try {
      const [rows] = await survivor.query('SELECT COUNT(*) AS n FROM keep');
      expect(Number((rows as Array<{ n: unknown }>)[0]!.n)).toBe(TABLES.indexOf('keep') + 1);
    } finally {
      await survivor.end();
    }
  });

  it('stores every table under its exact name, case variants apart', async () => {
    const [rows] = await db.admin.query('SELECT dataset_name AS t, schema_name AS s FROM baselinr_runs WHERE run_id = ?', [result.runId]);
    const stored = rows as Array<{ t: string; s: string }>;
    expect(stored.map((r) => r.t).sort()).toEqual([...TABLES].sort());
    expect(new Set(stored.map((r) => r.s))).toEqual(new Set([hostile]));
  });
});
