import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { RunResult, TableOutcome } from '@baselinr/core';
import { adminClient, createTestSchema, engine, engineConfig, tempDir } from './test-support/pg.js';
import { APPROXIMATE_METRICS, pgDateText, pgTimestampText, random, referenceMetrics, type ColumnSpec } from './test-support/reference.js';

const ROWS = 400;
const rand = random(20240611);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const maybeNull = <T>(ratio: number, make: () => T): T | null => (rand() < ratio ? null : make());
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

// Characters of every width in UTF-8 (1 to 4 bytes), a combining mark and a space: lengths must be characters.
const ALPHABET = ['a', 'b', 'Z', ' ', 'é', 'ß', '表', 'ж', '😀', '\u0301', '"', "'", '\\'];
const unicodeString = () => Array.from({ length: int(0, 12) }, () => pick(ALPHABET)).join('');
const decimalString = () => {
  const scaled = BigInt(int(-1e9, 1e9)) * 1_000_000n + BigInt(int(0, 999_999)); // six decimal places
  const negative = scaled < 0n;
  const abs = (negative ? -scaled : scaled).toString().padStart(7, '0');
  return `${negative ? '-' : ''}${abs.slice(0, -6)}.${abs.slice(-6)}`;
};
const MOODS = ['sad', 'ok', 'happy'] as const;
const BIG = '9007199254740993'; // 2^53 + 1: the first integer a double cannot hold

/** Column name -> SQL type, the rows' values (as text for the insert) and the reference spec. */
interface Column {
  readonly sqlType: string;
  readonly text: (string | null)[];
  readonly spec: ColumnSpec;
}

function generate(): Record<string, Column> {
  const columns: Record<string, Column> = {};
  const add = (name: string, sqlType: string, kind: ColumnSpec['kind'], values: unknown[], text: (v: unknown) => string, extra: Partial<ColumnSpec> = {}) => {
    columns[name] = { sqlType, text: values.map((v) => (v === null ? null : text(v))), spec: { kind, values, ...extra } };
  };
  const rows = Array.from({ length: ROWS }, (_, i) => i);
  add(
    'id',
    'integer',
    'integer',
    rows.map((i) => String(i + 1)),
    String,
  );
  add(
    'i_val',
    'integer',
    'integer',
    rows.map(() => maybeNull(0.15, () => String(int(-1000, 1000)))),
    String,
  );
  add(
    'big',
    'bigint',
    'integer',
    rows.map((i) => (i === 7 ? BIG : i === 11 ? `-${BIG}` : maybeNull(0.1, () => String(BigInt(int(-1e6, 1e6)) * 1_000_003n)))),
    String,
  );
  add(
    'dec',
    'numeric(22,6)',
    'decimal',
    rows.map((i) => (i === 3 ? '12345678901234.567891' : maybeNull(0.1, decimalString))),
    String,
  );
  add(
    'f',
    'double precision',
    'float',
    rows.map(() => maybeNull(0.1, () => (rand() - 0.5) * 1e6)),
    String,
  );
  add(
    's',
    // Byte order, so the reference can compute MIN and MAX without the database's locale.
    'text COLLATE "C"',
    'string',
    rows.map(() => maybeNull(0.1, unicodeString)),
    String,
  );
  add(
    'v',
    'varchar(16) COLLATE "C"',
    'string',
    rows.map(() => maybeNull(0.1, () => pick(['alpha', 'beta', 'gamma', 'δέλτα', '']))),
    String,
  );
  add(
    'flag',
    'boolean',
    'boolean',
    rows.map(() => maybeNull(0.2, () => rand() < 0.5)),
    String,
  );
  const ms = () => Date.UTC(2000, 0, 1) + Math.floor(rand() * 30 * 365 * 86_400_000);
  add(
    'ts',
    'timestamptz',
    'temporal',
    rows.map(() => maybeNull(0.1, ms)),
    (v) => new Date(v as number).toISOString(),
    {
      temporalText: (v) => pgTimestampText(v, true),
    },
  );
  const seconds = () => Math.floor(ms() / 1000) * 1000;
  add(
    'tsl',
    'timestamp',
    'temporal',
    rows.map(() => maybeNull(0.1, seconds)),
    (v) => pgTimestampText(v as number, false),
    {
      temporalText: (v) => pgTimestampText(v, false),
    },
  );
  const day = () => Math.floor(ms() / 86_400_000) * 86_400_000;
  add(
    'd',
    'date',
    'temporal',
    rows.map(() => maybeNull(0.1, day)),
    (v) => pgDateText(v as number),
    { temporalText: pgDateText },
  );
  add(
    'mood',
    'mood',
    'string',
    rows.map(() => maybeNull(0.1, () => pick(MOODS))),
    String,
    // An enum's values compare in declaration order.
    { order: (a, b) => MOODS.indexOf(a as (typeof MOODS)[number]) - MOODS.indexOf(b as (typeof MOODS)[number]) },
  );
  add(
    'all_null',
    'integer',
    'integer',
    rows.map(() => null),
    String,
  );
  add(
    'u',
    'uuid',
    'other',
    rows.map(() => maybeNull(0.1, () => randomUUID())),
    String,
  );
  add(
    'j',
    'json',
    'other',
    rows.map(() => maybeNull(0.1, () => JSON.stringify({ a: int(0, 3) }))),
    String,
  );
  add(
    'jb',
    'jsonb',
    'other',
    rows.map(() => maybeNull(0.1, () => JSON.stringify({ b: int(0, 3) }))),
    String,
  );
  add(
    'arr',
    'integer[]',
    'other',
    rows.map(() => maybeNull(0.1, () => `{${int(0, 9)},${int(0, 9)}}`)),
    String,
  );
  add(
    'bin',
    'bytea',
    'other',
    rows.map(() => maybeNull(0.1, () => `\\x${int(0, 255).toString(16).padStart(2, '0')}`)),
    String,
  );
  return columns;
}

let admin: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let store: ReturnType<typeof tempDir>;
let columns: Record<string, Column>;
let result: RunResult;

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'bl_metrics');
  store = tempDir();
  columns = generate();
  const names = Object.keys(columns);
  await admin.query(`CREATE TYPE ${schema.q}.mood AS ENUM ('sad', 'ok', 'happy')`);
  const defs = names.map((n) => `${n} ${columns[n]!.sqlType === 'mood' ? `${schema.q}.mood` : columns[n]!.sqlType}`).join(', ');
  await admin.query(`CREATE TABLE ${schema.q}.main (${defs})`);
  await admin.query(`CREATE TABLE ${schema.q}.empty (LIKE ${schema.q}.main)`);
  // One insert: every column travels as a text array and is cast to its type on the server.
  const casts = names.map((n, i) => `c${i}::${columns[n]!.sqlType === 'mood' ? `${schema.q}.mood` : columns[n]!.sqlType}`).join(', ');
  const unnest = names.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const aliases = names.map((_, i) => `c${i}`).join(', ');
  await admin.query({
    text: `INSERT INTO ${schema.q}.main (${names.join(', ')}) SELECT ${casts} FROM unnest(${unnest}) AS u(${aliases})`,
    values: names.map((n) => columns[n]!.text),
  });
  result = await engine(engineConfig({ profiling: { tables: [{ schema: schema.name, select_schema: true }] } }, store.path)).profile();
});

afterAll(async () => {
  await schema?.drop();
  await admin?.end();
  store?.remove();
});

function outcome(table: string): TableOutcome {
  const found = result.tables.find((t) => t.table === table);
  expect(found, `outcome for ${table}`).toBeDefined();
  expect(found!.error, JSON.stringify(found!.error)).toBeUndefined();
  expect(found!.status).toBe('succeeded');
  return found!;
}

function relativeClose(actual: unknown, expected: unknown, label: string): void {
  if (expected === null) return void expect(actual, label).toBeNull();
  expect(typeof actual, label).toBe('number');
  const scale = Math.max(1, Math.abs(expected as number));
  expect(Math.abs((actual as number) - (expected as number)) / scale, label).toBeLessThan(1e-9);
}

function expectColumnMatches(table: TableOutcome, name: string, spec: ColumnSpec): void {
  const profile = table.columns.find((c) => c.column === name);
  expect(profile, `${table.table}.${name} profiled`).toBeDefined();
  const expected = referenceMetrics(spec);
  const actual = profile!.metrics as Record<string, unknown>;
  // The metric set itself checks the column's kind: core picks metrics per kind.
  expect(Object.keys(actual).sort(), `${table.table}.${name} metrics`).toEqual(Object.keys(expected).sort());
  for (const [metric, value] of Object.entries(expected)) {
    const label = `${table.table}.${name}.${metric}`;
    if (APPROXIMATE_METRICS.has(metric)) relativeClose(actual[metric], value, label);
    else expect(actual[metric], label).toEqual(value);
  }
  if (spec.kind === 'other') expect(profile!.note, `${name} explains why it gets counts only`).toMatch(/counts only/);
}

describe('metrics against an independent computation', () => {
  it('profiles both tables', () => {
    expect(result.tables.map((t) => t.table).sort()).toEqual(['empty', 'main']);
    expect(result.failed).toBe(0);
  });

  it('matches every metric of every column of a populated table', () => {
    const main = outcome('main');
    expect(main.rowCount).toBe(ROWS);
    for (const [name, column] of Object.entries(columns)) expectColumnMatches(main, name, column.spec);
  });

  it('matches every metric of an empty table', () => {
    const empty = outcome('empty');
    expect(empty.rowCount).toBe(0);
    for (const [name, column] of Object.entries(columns)) expectColumnMatches(empty, name, { ...column.spec, values: [] });
  });

  it('keeps big integers and decimals exact', () => {
    const big = outcome('main').columns.find((c) => c.column === 'big')!;
    expect(big.metrics.max).toBe(BIG);
    expect(big.metrics.min).toBe(`-${BIG}`);
    const dec = outcome('main').columns.find((c) => c.column === 'dec')!;
    expect(dec.metrics.max).toBe('12345678901234.567891');
  });

  it('reports an all-null column with nulls, not zeros', () => {
    const allNull = outcome('main').columns.find((c) => c.column === 'all_null')!;
    // count is the rows (Baselinr's meaning), every one of them null here.
    expect(allNull.metrics).toMatchObject({ count: ROWS, null_count: ROWS, null_ratio: 1, min: null, max: null, mean: null, histogram: null });
  });
});
