import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileEngine, validateConfig, type BaselinrConfigInput } from '@baselinr/core';
import sqliteAdapter from '@baselinr/adapter-sqlite';
import adapter from './index.js';
import { MysqlSession } from './session.js';
import { createTestDatabase, policy as poolOf, tempDir, type TestDatabase } from './test-support/db.js';

let db: TestDatabase;
let other: TestDatabase;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  db = await createTestDatabase('catalog');
  other = await createTestDatabase('catalog2');
  dir = tempDir();
  for (const table of ['orders', 'Orders', 'fact_sales', 'fact_returns', 'dim_date', 'tmp_scratch', 'tmp_old']) {
    await db.admin.query(`CREATE TABLE \`${table}\` (id INT PRIMARY KEY, amount DECIMAL(10,2), note VARCHAR(20))`);
  }
  await db.admin.query("INSERT INTO orders VALUES (1, 1.50, 'a'), (2, 2.25, NULL), (3, NULL, 'c')");
  await db.admin.query('ANALYZE TABLE orders');
  await db.admin.query('CREATE VIEW v_orders AS SELECT id, amount FROM orders WHERE amount IS NOT NULL');
  await db.admin.query(
    'CREATE TABLE all_types (b BOOL, ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, mi MEDIUMINT, i INT, bi BIGINT, ubi BIGINT UNSIGNED, ' +
      "de DECIMAL(12,3), f FLOAT, d DOUBLE, c CHAR(3), vc VARCHAR(10), tx TEXT, en ENUM('date','time'), st SET('x','y'), " +
      'dt DATE, dtt DATETIME(3), ts TIMESTAMP NULL, tm TIME, yr YEAR, bl BLOB, bn BINARY(4), vb VARBINARY(8), bt BIT(8), g GEOMETRY, j JSON)',
  );
  await other.admin.query('CREATE TABLE elsewhere (x INT)');
});

afterAll(async () => {
  await db?.drop();
  await other?.drop();
  dir?.remove();
});

async function open(policy = poolOf(1)): Promise<MysqlSession> {
  return MysqlSession.open(validateConfig({ source: db.connection() }).source, { policy, runId: 'catalog-test' });
}

/** Tables the engine would profile for these entries, via its plan (listTables + core's selection). */
async function planned(tables: NonNullable<BaselinrConfigInput['profiling']>['tables']) {
  const config = validateConfig({
    source: db.connection(),
    storage: { connection: { type: 'sqlite', filepath: `${dir.path}/plan.db` } },
    profiling: { tables },
  });
  const plan = await new ProfileEngine(config, { adapters: { mysql: adapter, sqlite: sqliteAdapter } }).plan();
  return { tables: plan.tables.map((t) => `${t.schema}.${t.table}`).sort(), missing: plan.missing.map((t) => `${t.schema}.${t.table}`) };
}

describe('catalog discovery', () => {
  it('lists base tables and views with row estimates for tables only, names exactly as stored', async () => {
    const session = await open();
    try {
      const found = await session.listTables({ schemas: [db.name, other.name] });
      const names = found.map((t) => `${t.schema}.${t.table}`);
      expect(names).toEqual(expect.arrayContaining([`${db.name}.orders`, `${db.name}.Orders`, `${db.name}.v_orders`, `${other.name}.elsewhere`]));
      expect(names).toHaveLength(10);
      const view = found.find((t) => t.table === 'v_orders')!;
      expect(view.type).toBe('view');
      expect(view.rowEstimate).toBeUndefined();
      const orders = found.find((t) => t.table === 'orders' && t.schema === db.name)!;
      expect(orders.type).toBe('table');
      expect(typeof orders.rowEstimate).toBe('number');
      expect(session.defaultSchema).toBe(db.name);
    } finally {
      await session.close();
    }
  });

  it('selects explicit names, wildcard patterns and whole schemas with excludes', async () => {
    expect(await planned([{ table: 'orders' }, { table: 'Orders' }, { table: 'v_orders' }, { table: 'no_such_table' }])).toEqual({
      tables: [`${db.name}.Orders`, `${db.name}.orders`, `${db.name}.v_orders`].sort(),
      missing: [`${db.name}.no_such_table`],
    });
    expect((await planned([{ schema: db.name, pattern: 'fact_*' }])).tables).toEqual([`${db.name}.fact_returns`, `${db.name}.fact_sales`]);
    const whole = await planned([{ schema: db.name, select_schema: true, exclude_patterns: ['tmp_*', 'all_*'] }]);
    expect(whole.tables).toEqual(['Orders', 'dim_date', 'fact_returns', 'fact_sales', 'orders', 'v_orders'].map((t) => `${db.name}.${t}`).sort());
    expect((await planned([{ schema: other.name, select_schema: true }])).tables).toEqual([`${other.name}.elsewhere`]);
  });
});

describe('describeTables', () => {
  it('describes a batch across databases in column order, exact names only, missing tables absent', async () => {
    const session = await open();
    try {
      const described = await session.describeTables([
        { schema: db.name, table: 'orders' },
        { schema: db.name, table: 'v_orders' },
        { schema: other.name, table: 'elsewhere' },
        { schema: db.name, table: 'missing_table' },
        // exists in the other database only: cross pairs of the IN lists must not leak in
        { schema: db.name, table: 'elsewhere' },
      ]);
      expect(described.map((d) => `${d.schema}.${d.table}`)).toEqual([`${db.name}.orders`, `${db.name}.v_orders`, `${other.name}.elsewhere`]);
      expect(described[0]!.columns.map((c) => [c.name, c.kind])).toEqual([
        ['id', 'integer'],
        ['amount', 'decimal'],
        ['note', 'string'],
      ]);
      expect(described[1]!.columns.map((c) => c.name)).toEqual(['id', 'amount']);
    } finally {
      await session.close();
    }
  });

  it('maps every MySQL type to a kind, with a reason for counts-only columns', async () => {
    const session = await open();
    try {
      const [table] = await session.describeTables([{ schema: db.name, table: 'all_types' }]);
      const kinds = Object.fromEntries(table!.columns.map((c) => [c.name, c.kind]));
      expect(kinds).toEqual({
        b: 'boolean',
        ti: 'integer',
        tiu: 'integer',
        si: 'integer',
        mi: 'integer',
        i: 'integer',
        bi: 'integer',
        ubi: 'integer',
        de: 'decimal',
        f: 'float',
        d: 'float',
        c: 'string',
        vc: 'string',
        tx: 'string',
        en: 'string',
        st: 'string',
        dt: 'temporal',
        dtt: 'temporal',
        ts: 'temporal',
        tm: 'temporal',
        yr: 'temporal',
        bl: 'other',
        bn: 'other',
        vb: 'other',
        bt: 'other',
        g: 'other',
        // MariaDB stores JSON as LONGTEXT (a string); MySQL has a real JSON type (other).
        j: expect.stringMatching(/^(string|other)$/),
      });
      for (const column of table!.columns) {
        if (column.kind === 'other') expect(column.unsupportedReason, column.name).toMatch(/counts only/);
        else expect(column.unsupportedReason, column.name).toBeUndefined();
      }
      expect(table!.columns.find((c) => c.name === 'ubi')!.dataType).toMatch(/bigint.*unsigned/);
    } finally {
      await session.close();
    }
  });

  it('issues one catalog query for a whole batch', async () => {
    // One connection: every statement of the session runs on it, so its own counters see them all.
    const session = await open({ size: 1, maxConcurrentStatements: 1, reason: 'test' });
    try {
      const selects = async () => {
        const [row] = await session.execute("SHOW SESSION STATUS LIKE 'Com_select'");
        return Number(row!.Value);
      };
      const refs = ['orders', 'Orders', 'fact_sales', 'fact_returns', 'dim_date', 'tmp_scratch', 'tmp_old', 'v_orders'].map((table) => ({ schema: db.name, table }));
      const before = await selects();
      const described = await session.describeTables(refs);
      const after = await selects();
      expect(described).toHaveLength(refs.length);
      expect(after - before).toBe(1);
    } finally {
      await session.close();
    }
  });
});
