import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import type { WarehouseSession } from '@baselinr/core';
import { adapter } from './index.js';
import { adminClient, createTestSchema, engine, engineConfig, policy, sourceConnection, tempDir } from './test-support/pg.js';

let admin: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let session: WarehouseSession;
let store: ReturnType<typeof tempDir>;
let citextType: string | undefined;

const ROWS = { orders: 120, order_items: 300, fact_a: 7, fact_b: 0, tmp_x: 3 } as const;

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'bl_catalog');
  store = tempDir();
  const q = schema.q;
  for (const [table, rows] of Object.entries(ROWS)) {
    // Autovacuum off: it would analyze these tables at an unpredictable moment and set the estimates early.
    await admin.query(`CREATE TABLE ${q}.${table} (id integer, label text) WITH (autovacuum_enabled = false)`);
    await admin.query(`INSERT INTO ${q}.${table} SELECT g, 'row ' || g FROM generate_series(1, ${rows}) g`);
  }
  await admin.query(`CREATE VIEW ${q}.v_orders AS SELECT id FROM ${q}.orders WHERE id % 2 = 0`);
  await admin.query(`CREATE MATERIALIZED VIEW ${q}.mv_orders AS SELECT id FROM ${q}.orders`);
  await admin.query(`CREATE TABLE ${q}.events (id integer, at date) PARTITION BY RANGE (at)`);
  await admin.query(`CREATE TABLE ${q}.events_2024 PARTITION OF ${q}.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`);
  await admin.query(`CREATE TYPE ${q}.mood AS ENUM ('sad', 'happy')`);
  await admin.query(`CREATE DOMAIN ${q}.positive AS integer CHECK (VALUE > 0)`);
  await admin.query(`CREATE DOMAIN ${q}.small_positive AS ${q}.positive CHECK (VALUE < 100)`);
  // citext ships with PostgreSQL's contrib; the string-category rule is tested with it when present.
  const available = await admin.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'citext'`);
  if (available.rowCount) {
    await admin.query(`CREATE EXTENSION IF NOT EXISTS citext SCHEMA ${q}`);
    const found = await admin.query(`SELECT quote_ident(n.nspname) || '.citext' AS t FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typname = 'citext'`);
    citextType = found.rows[0]?.t as string | undefined;
  }
  await admin.query(
    `CREATE TABLE ${q}.types (a_drop integer, i2 smallint, i4 integer, i8 bigint, num numeric(10,2), r real, d8 double precision,
       t text, vc varchar(10), bp char(3), nm name, e ${q}.mood, ${citextType ? `ci ${citextType},` : ''}
       dt date, tm time, ttz timetz, ts timestamp, tstz timestamptz, iv interval, b boolean,
       dom ${q}.small_positive, u uuid, j json, jb jsonb, arr integer[], by bytea, m money, x xml, p point, ir int4range, inet_col inet)`,
  );
  await admin.query(`ALTER TABLE ${q}.types DROP COLUMN a_drop`);
  await admin.query(`CREATE TABLE ${q}.no_columns ()`);
  session = await adapter.connect(sourceConnection(), { policy: policy(1), runId: 'catalog-test' });
});

afterAll(async () => {
  await session?.close();
  await schema?.drop();
  await admin?.end();
  store?.remove();
});

describe('listTables', () => {
  it('lists tables, partitions, views and materialized views of the schema', async () => {
    const tables = await session.listTables({ schemas: [schema.name] });
    const byName = Object.fromEntries(tables.map((t) => [t.table, t.type]));
    expect(byName).toEqual({
      ...Object.fromEntries(Object.keys(ROWS).map((t) => [t, 'table'])),
      types: 'table',
      no_columns: 'table',
      events: 'table',
      events_2024: 'table',
      v_orders: 'view',
      mv_orders: 'view',
    });
    expect(tables.every((t) => t.schema === schema.name)).toBe(true);
  });

  it('omits row estimates until the table has been analyzed, then reports them', async () => {
    // Created just now: another test file's database-wide ANALYZE cannot have reached it yet.
    await admin.query(`CREATE TABLE ${schema.q}.fresh WITH (autovacuum_enabled = false) AS SELECT g FROM generate_series(1, 40) g`);
    const before = await session.listTables({ schemas: [schema.name] });
    expect(before.find((t) => t.table === 'fresh')).toEqual({ schema: schema.name, table: 'fresh', type: 'table' });
    await admin.query(`DROP TABLE ${schema.q}.fresh`);
    await admin.query(`ANALYZE ${schema.q}.orders`);
    await admin.query(`ANALYZE ${schema.q}.order_items`);
    await admin.query(`ANALYZE ${schema.q}.fact_b`);
    const after = await session.listTables({ schemas: [schema.name] });
    const estimate = (table: string) => after.find((t) => t.table === table)!.rowEstimate;
    expect(estimate('orders')).toBe(ROWS.orders);
    expect(estimate('order_items')).toBe(ROWS.order_items);
    expect(estimate('fact_b')).toBe(0); // analyzed and empty: a real zero, not "unknown"
    expect(estimate('v_orders')).toBeUndefined(); // views have no statistics
  });

  it('lists several schemas in one call and nothing for a schema that does not exist', async () => {
    const tables = await session.listTables({ schemas: ['no such schema', schema.name] });
    expect(tables.length).toBeGreaterThan(0);
    expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([schema.name]));
  });
});

describe('selection through the engine', () => {
  async function planned(tables: object[]) {
    const plan = await engine(engineConfig({ profiling: { tables } as never }, store.path)).plan();
    return { tables: plan.tables.map((t) => t.table).sort(), missing: plan.missing.map((m) => m.table) };
  }

  it('selects explicit names, reporting the ones that do not exist', async () => {
    expect(
      await planned([
        { schema: schema.name, table: 'orders' },
        { schema: schema.name, table: 'nope' },
      ]),
    ).toEqual({ tables: ['orders'], missing: ['nope'] });
  });

  it('selects by wildcard pattern', async () => {
    expect((await planned([{ schema: schema.name, pattern: 'fact_*' }])).tables).toEqual(['fact_a', 'fact_b']);
  });

  it('selects a whole schema minus excluded patterns', async () => {
    const { tables } = await planned([{ schema: schema.name, select_schema: true, exclude_patterns: ['tmp_*', 'events*', '*_orders'] }]);
    expect(tables).toEqual(['fact_a', 'fact_b', 'no_columns', 'order_items', 'orders', 'types']);
  });

  it('selects a view by name', async () => {
    expect((await planned([{ schema: schema.name, table: 'v_orders' }])).tables).toEqual(['v_orders']);
  });
});

describe('describeTables', () => {
  it('describes a whole batch with one catalog query', async () => {
    const refs = ['orders', 'fact_a', 'types', 'v_orders', 'missing_table', 'no_columns'].map((table) => ({ schema: schema.name, table }));
    // Counts the queries this process sends (pass-through: the real server answers them).
    const spy = vi.spyOn(pg.Client.prototype, 'query');
    try {
      const described = await session.describeTables(refs);
      const texts = spy.mock.calls.map(([q]) => (typeof q === 'string' ? q : (q as { text: string }).text));
      expect(texts.filter((t) => /pg_attribute/.test(t))).toHaveLength(1);
      expect(texts.filter((t) => !/^SELECT set_config/.test(t))).toHaveLength(1);
      expect(described.map((d) => d.table)).toEqual(['orders', 'fact_a', 'types', 'v_orders', 'no_columns']);
      expect(described.find((d) => d.table === 'no_columns')!.columns).toEqual([]);
      expect(described.find((d) => d.table === 'v_orders')!.columns.map((c) => c.name)).toEqual(['id']);
    } finally {
      spy.mockRestore();
    }
  });

  it('lists columns in table order without dropped columns, each with its kind', async () => {
    const [types] = await session.describeTables([{ schema: schema.name, table: 'types' }]);
    const kinds = Object.fromEntries(types!.columns.map((c) => [c.name, c.kind]));
    const expected: Record<string, string> = {
      i2: 'integer',
      i4: 'integer',
      i8: 'integer',
      num: 'decimal',
      r: 'float',
      d8: 'float',
      t: 'string',
      vc: 'string',
      bp: 'string',
      nm: 'string',
      e: 'string',
      ...(citextType ? { ci: 'string' } : {}),
      dt: 'temporal',
      tm: 'temporal',
      ttz: 'temporal',
      ts: 'temporal',
      tstz: 'temporal',
      iv: 'temporal',
      b: 'boolean',
      dom: 'integer',
      u: 'other',
      j: 'other',
      jb: 'other',
      arr: 'other',
      by: 'other',
      m: 'other',
      x: 'other',
      p: 'other',
      ir: 'other',
      inet_col: 'other',
    };
    expect(types!.columns.map((c) => c.name)).toEqual(Object.keys(expected));
    expect(kinds).toEqual(expected);
    for (const column of types!.columns) {
      if (column.kind === 'other') expect(column.unsupportedReason, column.name).toMatch(/counts/);
      else expect(column.unsupportedReason, column.name).toBeUndefined();
    }
    expect(types!.columns.find((c) => c.name === 'num')!.dataType).toBe('numeric(10,2)');
    // A domain keeps its own name for the record; its base type decided the kind.
    expect(types!.columns.find((c) => c.name === 'dom')!.dataType).toBe(`${schema.name}.small_positive`);
  });

  it('profiles a table of every type without failing, unsupported types with counts only', async () => {
    await admin.query(
      `INSERT INTO ${schema.q}.types (i4, t, e, dom, u, j, jb, arr, by, m, x, p, ir, inet_col, iv, bp)
       VALUES (1, 'x', 'sad', 5, gen_random_uuid(), '{"a":1}', '{"a":1}', '{1,2}', '\\x00', 1.5, '<a/>', '(1,2)', '[1,5)', '10.0.0.1', '1 day', 'ab'),
              (2, NULL, 'happy', 7, NULL, '{"a":1}', NULL, NULL, NULL, NULL, NULL, '(1,2)', NULL, NULL, '2 hours', NULL)`,
    );
    const result = await engine(engineConfig({ profiling: { tables: [{ schema: schema.name, table: 'types' }] } }, store.path)).profile();
    const [outcome] = result.tables;
    expect(outcome!.error).toBeUndefined();
    expect(outcome!.status).toBe('succeeded');
    const column = (name: string) => outcome!.columns.find((c) => c.column === name)!;
    expect(column('j').metrics).toEqual({ count: 2, null_count: 0, null_ratio: 0 });
    expect(column('j').note).toMatch(/json/);
    // count is the rows (Baselinr's meaning): two, one of them null.
    expect(column('u').metrics).toEqual({ count: 2, null_count: 1, null_ratio: 0.5 });
    expect(column('e').metrics).toMatchObject({ distinct_count: 2, min_length: 3, max_length: 5 });
    expect(column('bp').metrics).toMatchObject({ min_length: 2, max_length: 2 }); // char(3) pads, but trailing blanks do not count
    expect(column('iv').metrics).toMatchObject({ min: '02:00:00', max: '1 day' });
    expect(column('dom').metrics).toMatchObject({ min: '5', max: '7', mean: 6 });
  });
});
