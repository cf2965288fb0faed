import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnProfile, RunResult, TableOutcome } from '@baselinr/core';
import sqliteAdapter from '@baselinr/adapter-sqlite';
import { createTestDatabase, insertRows, random, rowsOf, runEngine, tempDir, type TestDatabase } from './test-support/db.js';
import { referenceMetrics, type RefKind, type RefValue } from './test-support/reference.js';

const ROWS = 400;

/** Column name, DDL type, the kind the adapter should report, and the decimal scale where one applies. */
const COLUMNS: ReadonlyArray<{ name: string; type: string; kind: RefKind; scale?: number }> = [
  { name: 'id', type: 'INT NOT NULL', kind: 'integer' },
  { name: 'small', type: 'SMALLINT', kind: 'integer' },
  { name: 'big', type: 'BIGINT', kind: 'integer' },
  { name: 'ubig', type: 'BIGINT UNSIGNED', kind: 'integer' },
  { name: 'exact', type: 'DECIMAL(30,4)', kind: 'decimal', scale: 4 },
  { name: 'price', type: 'DECIMAL(10,2)', kind: 'decimal', scale: 2 },
  { name: 'ratio', type: 'DOUBLE', kind: 'float' },
  // Code point order, so the reference can compute MIN and MAX without the server's collation.
  { name: 'name', type: 'VARCHAR(60) COLLATE utf8mb4_bin', kind: 'string' },
  { name: 'flag', type: 'BOOLEAN', kind: 'boolean' },
  { name: 'created', type: 'DATETIME', kind: 'temporal' },
  { name: 'created_ms', type: 'DATETIME(3)', kind: 'temporal' },
  { name: 'day', type: 'DATE', kind: 'temporal' },
  { name: 'nothing', type: 'INT', kind: 'integer' },
  { name: 'payload', type: 'BLOB', kind: 'other' },
];

const WORDS = ['héllo', '日本語テキスト', 'emoji 🎉🎉', 'e\u0301clair', 'Ünïcødé', 'plain', '', 'ß', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'naïve café'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Generated rows, one array per row in COLUMNS order; values as the reference expects them. */
function generate(rows: number): unknown[][] {
  const rnd = random(20240611);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const maybe = <T>(p: number, make: () => T): T | null => (rnd() < p ? null : make());
  const out: unknown[][] = [];
  for (let i = 0; i < rows; i++) {
    const second = int(0, 59);
    const datetime = `${int(2019, 2024)}-${pad(int(1, 12))}-${pad(int(1, 28))} ${pad(int(0, 23))}:${pad(int(0, 59))}:${pad(second)}`;
    out.push([
      i + 1,
      maybe(0.15, () => BigInt(int(-50, 50))),
      // Past 2^53 a double cannot hold these: min and max must come back exactly.
      i === 7 ? 9007199254740993n : i === 11 ? -9007199254740995n : maybe(0.1, () => BigInt(int(-1000, 1000))),
      i === 3 ? 18446744073709551615n : maybe(0.1, () => BigInt(int(0, 100000))),
      i === 5 ? '12345678901234567890.1234' : i === 9 ? '-0.0001' : maybe(0.2, () => `${int(-99999, 99999)}.${pad(int(0, 9999), 4)}`),
      maybe(0.05, () => `${int(0, 999)}.${pad(int(0, 99))}`),
      maybe(0.1, () => rnd() * 200 - 100),
      maybe(0.1, () => (rnd() < 0.7 ? WORDS[int(0, WORDS.length - 1)]! : `${WORDS[int(0, WORDS.length - 1)]}-${int(0, 50)}`)),
      maybe(0.2, () => int(0, 1)),
      maybe(0.1, () => datetime),
      maybe(0.1, () => `${datetime}.${pad(int(0, 999), 3)}`),
      maybe(0.1, () => datetime.slice(0, 10)),
      null,
      maybe(0.5, () => Buffer.from([int(0, 255), int(0, 255)])),
    ]);
  }
  return out;
}

/** Inserted values in the form the reference computes from (what the server stores and prints). */
function asStored(value: unknown): unknown {
  if (value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return value;
}

let db: TestDatabase;
let dir: ReturnType<typeof tempDir>;
let result: RunResult;
const rows = generate(ROWS);

beforeAll(async () => {
  db = await createTestDatabase('metrics');
  dir = tempDir();
  const ddl = COLUMNS.map((c) => `\`${c.name}\` ${c.type}`).join(', ');
  await db.admin.query(`CREATE TABLE profiled (${ddl})`);
  await db.admin.query(`CREATE TABLE empty_table (${ddl})`);
  await insertRows(
    db.admin,
    'profiled',
    COLUMNS.map((c) => c.name),
    rows.map((r) => r.map((v) => (typeof v === 'bigint' ? v.toString() : v))),
  );
  await db.admin.query('CREATE TABLE ten_columns (a INT, b BIGINT, c DECIMAL(8,2), d DOUBLE, e VARCHAR(20), f TEXT, g DATETIME, h DATE, i BOOLEAN, j TINYINT)');
  await db.admin.query(
    "INSERT INTO ten_columns SELECT n, n * 1000, n / 7, n * 0.5, CONCAT('v', n), REPEAT('x', n % 13), '2024-01-01' + INTERVAL n HOUR, '2024-01-01' + INTERVAL n DAY, n % 2, n % 100 " +
      'FROM (SELECT a.d + 10 * b.d + 100 * c.d AS n FROM (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) a, ' +
      '(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) b, ' +
      '(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2) c) numbers',
  );
  result = await runEngine({
    source: db.connection(),
    storage: { connection: { type: 'sqlite', filepath: `${dir.path}/r.db` } },
    profiling: { tables: [{ table: 'profiled' }, { table: 'empty_table' }, { table: 'ten_columns' }] },
    execution: { max_workers: 2 },
  });
}, 120_000);

afterAll(async () => {
  await db?.drop();
  dir?.remove();
});

function outcome(table: string): TableOutcome {
  const found = result.tables.find((t) => t.table === table);
  if (!found) throw new Error(`no outcome for ${table}`);
  return found;
}

function expectMetrics(profile: ColumnProfile, expected: Record<string, RefValue>): void {
  const actual = profile.metrics as Record<string, RefValue>;
  expect(Object.keys(actual).sort(), profile.column).toEqual(Object.keys(expected).sort());
  for (const [metric, want] of Object.entries(expected)) {
    const got = actual[metric];
    const label = `${profile.column}.${metric}`;
    // Averages and deviations are computed in floating point in a different order: compare closely, not exactly.
    if (typeof want === 'number' && (metric === 'mean' || metric === 'stddev' || metric === 'avg_length' || !Number.isInteger(want))) {
      expect(typeof got, label).toBe('number');
      expect(Math.abs((got as number) - want), label).toBeLessThanOrEqual(Math.abs(want) * 1e-9 + 1e-9);
    } else if (Array.isArray(want)) {
      expect(got, label).toEqual(want.map((b) => ({ lower: expect.closeTo(b.lower, 6), upper: expect.closeTo(b.upper, 6), count: b.count })));
    } else {
      expect(got, label).toEqual(want);
    }
  }
}

describe('metrics match an independent computation', () => {
  it('profiles every table successfully', () => {
    expect(result.tables.map((t) => [t.table, t.status, t.error?.message])).toEqual(
      expect.arrayContaining([
        ['profiled', 'succeeded', undefined],
        ['empty_table', 'succeeded', undefined],
        ['ten_columns', 'succeeded', undefined],
      ]),
    );
    expect(outcome('profiled').rowCount).toBe(ROWS);
  });

  it.each(COLUMNS.map((c, i) => ({ ...c, index: i })))('column $name ($type)', ({ name, kind, scale, index }) => {
    const profile = outcome('profiled').columns.find((c) => c.column === name)!;
    expect(profile.kind).toBe(kind);
    expectMetrics(
      profile,
      referenceMetrics(
        kind,
        rows.map((r) => asStored(r[index])),
        { ...(scale !== undefined ? { scale } : {}) },
      ),
    );
    if (kind === 'other') expect(profile.note).toMatch(/counts only/);
  });

  it('reports big integers and decimals as exact text', () => {
    const profile = (column: string) => outcome('profiled').columns.find((c) => c.column === column)!.metrics;
    expect(profile('big').max).toBe('9007199254740993');
    expect(profile('big').min).toBe('-9007199254740995');
    expect(profile('ubig').max).toBe('18446744073709551615');
    expect(profile('exact').max).toBe('12345678901234567890.1234');
  });

  it('profiles an empty table: zero rows, no ratios, no extremes', () => {
    const empty = outcome('empty_table');
    expect(empty.rowCount).toBe(0);
    for (const column of COLUMNS) {
      const profile = empty.columns.find((c) => c.column === column.name)!;
      expectMetrics(profile, referenceMetrics(column.kind, [], column.scale !== undefined ? { scale: column.scale } : {}));
    }
  });

  it('runs at most two profiling statements for a 10-column table', () => {
    const ten = outcome('ten_columns');
    expect(ten.columns).toHaveLength(10);
    expect(ten.statements.length).toBeGreaterThanOrEqual(1);
    expect(ten.statements.length).toBeLessThanOrEqual(2);
    for (const o of result.tables) expect(o.statements.length, o.table).toBeLessThanOrEqual(2);
  });

  it('stores the exact values in the results store', async () => {
    const store = await sqliteAdapter.connect(
      { type: 'sqlite', filepath: `${dir.path}/r.db`, extra_params: {} },
      {
        policy: { size: 1, maxConcurrentStatements: 1, reason: 'test' },
        runId: 'read',
      },
    );
    try {
      const stored = rowsOf(
        await store.execute(
          `SELECT metric_value FROM baselinr_results WHERE run_id = '${result.runId}' AND dataset_name = 'profiled' AND column_name = 'big' AND metric_name = 'max'`,
        ),
      );
      expect(stored.map((r) => r.metric_value)).toEqual(['9007199254740993']);
    } finally {
      await store.close();
    }
  });
});

describe('type: mariadb', () => {
  it('runs with the same adapter when the config says mariadb', async () => {
    const run = await runEngine({
      source: { ...db.connection(), type: 'mariadb' },
      storage: { connection: { type: 'sqlite', filepath: `${dir.path}/maria.db` } },
      profiling: { tables: [{ table: 'ten_columns' }] },
    });
    expect(run.tables.map((t) => [t.table, t.status])).toEqual([['ten_columns', 'succeeded']]);
    expect(run.tables[0]!.rowCount).toBe(300);
  });
});
