import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { adminClient, createTestSchema, engine, engineConfig, quote, tempDir } from './test-support/pg.js';

/** Names that break naive quoting or concatenation; each is a table, and each is a column of every table. */
const HOSTILE = ['with space', 'with"quote', 'semi;colon', 'MixedCase', 'select', 'ünïcödé_表', `x"; DROP TABLE keep; --`, "it's", 'back\\slash', '%_wild*'];
const ROWS = 25;

let admin: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let store: ReturnType<typeof tempDir>;

beforeAll(async () => {
  admin = await adminClient();
  // The schema name is hostile too: it is quoted in every profiling statement.
  schema = await createTestSchema(admin, 'bl ident "s"; --');
  store = tempDir();
  await admin.query(`CREATE TABLE ${schema.q}.keep (id integer)`);
  await admin.query(`INSERT INTO ${schema.q}.keep SELECT generate_series(1, 5)`);
  const columns = HOSTILE.map((c, i) => `${quote(c)} ${i % 2 === 0 ? 'integer' : 'text'}`).join(', ');
  const values = HOSTILE.map((_, i) => (i % 2 === 0 ? `CASE WHEN g % 5 = 0 THEN NULL ELSE g * ${i + 1} END` : `'v' || (g % ${i + 2})`)).join(', ');
  for (const table of HOSTILE) {
    await admin.query(`CREATE TABLE ${schema.q}.${quote(table)} (${columns})`);
    await admin.query(`INSERT INTO ${schema.q}.${quote(table)} SELECT ${values} FROM generate_series(1, ${ROWS}) g`);
  }
});

afterAll(async () => {
  await schema?.drop();
  await admin?.end();
  store?.remove();
});

async function tablesInSchema(): Promise<string[]> {
  const { rows } = await admin.query(`SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY 1`, [
    schema.name,
  ]);
  return rows.map((r: { relname: string }) => r.relname);
}

describe('hostile identifiers', () => {
  it('profiles every table and column of a whole schema, and drops nothing', async () => {
    const before = await tablesInSchema();
    expect(before).toHaveLength(HOSTILE.length + 1);
    const result = await engine(engineConfig({ profiling: { tables: [{ schema: schema.name, select_schema: true }] } }, store.path)).profile();
    expect(result.tables.filter((t) => t.status !== 'succeeded').map((t) => [t.table, t.error?.message])).toEqual([]);
    expect(result.tables.map((t) => t.table).sort()).toEqual([...before].sort());
    for (const table of result.tables.filter((t) => t.table !== 'keep')) {
      expect(table.rowCount, table.table).toBe(ROWS);
      expect(table.columns.map((c) => c.column)).toEqual(HOSTILE);
      HOSTILE.forEach((name, i) => {
        const metrics = table.columns.find((c) => c.column === name)!.metrics;
        // Integer columns have every fifth row null; text columns cycle through i + 2 values.
        // count is the rows (Baselinr's meaning); every fifth value is null.
        if (i % 2 === 0) expect(metrics, `${table.table}.${name}`).toMatchObject({ count: ROWS, null_count: ROWS / 5, max: String(ROWS * (i + 1) - (i + 1)) });
        else expect(metrics, `${table.table}.${name}`).toMatchObject({ count: ROWS, distinct_count: Math.min(i + 2, ROWS) });
      });
    }
    expect(await tablesInSchema()).toEqual(before);
    const kept = await admin.query(`SELECT count(*)::int AS n FROM ${schema.q}.keep`);
    expect(kept.rows[0].n).toBe(5);
  });

  it('finds hostile names given explicitly', async () => {
    const tables = HOSTILE.map((table) => ({ schema: schema.name, table }));
    const result = await engine(engineConfig({ profiling: { tables } }, store.path)).profile();
    expect(result.succeeded).toBe(HOSTILE.length);
    expect(result.tables.map((t) => t.table).sort()).toEqual([...HOSTILE].sort());
    expect(await tablesInSchema()).toHaveLength(HOSTILE.length + 1);
  });
});
