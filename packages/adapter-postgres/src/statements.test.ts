import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { adminClient, createTestSchema, engine, engineConfig, tempDir } from './test-support/pg.js';

/** Ten columns of ten different types, numeric ones included so a histogram pass is needed. */
const COLUMNS = ['a integer', 'b bigint', 'c numeric(12,3)', 'd double precision', 'e text', 'f varchar(20)', 'g boolean', 'h date', 'i timestamptz', 'j uuid'];
const TABLES = ['wide_1', 'wide_2', 'wide_3'];

let admin: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let store: ReturnType<typeof tempDir>;

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'bl_statements');
  store = tempDir();
  for (const table of TABLES) {
    await admin.query(`CREATE TABLE ${schema.q}.${table} (${COLUMNS.join(', ')})`);
    await admin.query(
      `INSERT INTO ${schema.q}.${table}
       SELECT g, g * 1000003, g / 7.0, sqrt(g), md5(g::text), left(md5(g::text), 5), g % 2 = 0,
              DATE '2024-01-01' + g, TIMESTAMPTZ '2024-01-01' + g * INTERVAL '1 minute', gen_random_uuid()
       FROM generate_series(1, 1000) g`,
    );
  }
});

afterAll(async () => {
  await schema?.drop();
  await admin?.end();
  store?.remove();
});

describe('statements per table', () => {
  it('profiles a 10-column table with one aggregate scan and one histogram scan', async () => {
    const result = await engine(engineConfig({ profiling: { tables: [{ schema: schema.name, pattern: 'wide_*' }] } }, store.path)).profile();
    expect(result.tables).toHaveLength(TABLES.length);
    for (const table of result.tables) {
      expect(table.status, table.table).toBe('succeeded');
      expect(table.columns).toHaveLength(COLUMNS.length);
      expect(table.statements.length, table.table).toBeLessThanOrEqual(2);
      expect(table.statements.map((s) => s.purpose)).toEqual(['aggregate', 'histogram']);
      // Every numeric column got its histogram from that one histogram statement.
      for (const name of ['a', 'b', 'c', 'd']) {
        const histogram = table.columns.find((c) => c.column === name)!.metrics.histogram as readonly { count: number }[];
        expect(
          histogram.reduce((n, bin) => n + bin.count, 0),
          `${table.table}.${name}`,
        ).toBe(1000);
      }
    }
  });
});
