import './test-support/sdk-env.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import postgresAdapter from '@baselinr/adapter-postgres';
import sqliteAdapter from '@baselinr/adapter-sqlite';
import { ProfileEngine, validateConfig, type RunResult, type TableOutcome } from '@baselinr/core';
import { BIG, BIG_DECIMAL, generateColumns, loadTable } from './test-support/dataset.js';
import { FakeSnowflake, PG } from './test-support/fake-snowflake/server.js';
import { USER, adminClient, createTestSchema, engine, engineConfig, sourceConnection, tempDir } from './test-support/harness.js';

const ROWS = 300;
/** Averages and standard deviations may differ in the last bits between drivers' number parsing. */
const FLOATING = new Set(['mean', 'stddev']);

let admin: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let fake: FakeSnowflake;
let store: ReturnType<typeof tempDir>;
let viaPostgres: RunResult;
let viaSnowflake: RunResult;

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'bl_sf_metrics');
  store = tempDir();
  const columns = generateColumns(ROWS, 20240611);
  await loadTable(admin, `${schema.q}."MAIN"`, columns);
  await admin.query(`CREATE TABLE ${schema.q}."EMPTY" (LIKE ${schema.q}."MAIN")`);
  fake = await FakeSnowflake.start({ users: [USER], longPollMs: 200 });
  const profiling = { tables: [{ schema: schema.name, select_schema: true }] };
  viaPostgres = await new ProfileEngine(
    validateConfig({
      source: { type: 'postgres', host: PG.host, port: PG.port, database: PG.database, username: PG.user, schema: schema.name },
      storage: { connection: { type: 'sqlite', database: 'results', filepath: join(store.path, 'pg.db') } },
      profiling,
    }),
    { adapters: { postgres: postgresAdapter, sqlite: sqliteAdapter } },
  ).profile();
  viaSnowflake = await engine(
    engineConfig(
      { source: sourceConnection(fake, schema.name), profiling, storage: { connection: { type: 'sqlite', database: 'results', filepath: join(store.path, 'sf.db') } } },
      store.path,
    ),
  ).profile();
});

afterAll(async () => {
  await fake?.stop();
  await schema?.drop();
  await admin?.end();
  store?.remove();
});

/** A timestamp's text (PostgreSQL's `...56+00` or Snowflake's `...56000 +00:00`) as one comparable spelling. */
function instant(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const m = /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d+))?\s*(?:([+-]\d\d)(?::?(\d\d))?)?$/.exec(String(value));
  if (!m) return String(value);
  const [, date, time, fraction = '', hours, minutes = '00'] = m;
  return `${date}T${time}.${fraction.padEnd(9, '0')}${hours ? `${hours}:${minutes}` : ''}`;
}

function table(result: RunResult, name: string): TableOutcome {
  const found = result.tables.find((t) => t.table === name);
  expect(found, `${result.warehouse} profiled ${name}`).toBeDefined();
  expect(found!.error, JSON.stringify(found!.error)).toBeUndefined();
  return found!;
}

function metricsOf(outcome: TableOutcome, column: string): Record<string, unknown> {
  const profile = outcome.columns.find((c) => c.column === column);
  expect(profile, `${outcome.table}.${column} profiled`).toBeDefined();
  return profile!.metrics as Record<string, unknown>;
}

describe('the same rows profiled through PostgreSQL directly and through the Snowflake SDK', () => {
  it('profiles both tables both ways', () => {
    for (const result of [viaPostgres, viaSnowflake]) {
      expect(result.tables.map((t) => t.table).sort()).toEqual(['EMPTY', 'MAIN']);
      expect(result.failed).toBe(0);
    }
  });

  it('agrees on every metric of every column', () => {
    for (const name of ['MAIN', 'EMPTY']) {
      const expected = table(viaPostgres, name);
      const actual = table(viaSnowflake, name);
      expect(actual.rowCount).toBe(expected.rowCount);
      expect(actual.columns.map((c) => [c.column, c.kind])).toEqual(expected.columns.map((c) => [c.column, c.kind]));
      for (const column of expected.columns) {
        const want = metricsOf(expected, column.column);
        const got = metricsOf(actual, column.column);
        expect(Object.keys(got).sort(), `${name}.${column.column} metric set`).toEqual(Object.keys(want).sort());
        for (const [metric, value] of Object.entries(want)) {
          const label = `${name}.${column.column}.${metric}`;
          if (column.kind === 'temporal' && (metric === 'min' || metric === 'max')) {
            // The same instant, each warehouse printing it its own way (see the test below).
            expect(instant(got[metric]), label).toBe(instant(value));
          } else if (FLOATING.has(metric) && typeof value === 'number') {
            expect(typeof got[metric], label).toBe('number');
            expect(Math.abs((got[metric] as number) - value) / Math.max(1, Math.abs(value)), label).toBeLessThan(1e-9);
          } else {
            expect(got[metric], label).toEqual(value);
          }
        }
      }
    }
  });

  it("prints timestamps' min and max as the statement's parameters say: UTC, every fraction digit", () => {
    const main = table(viaSnowflake, 'MAIN');
    const direct = table(viaPostgres, 'MAIN');
    for (const m of ['min', 'max'] as const) {
      expect(metricsOf(main, 'TS')[m]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+00:00$/);
      expect(metricsOf(main, 'TSL')[m]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9}$/);
      // Microseconds kept: PostgreSQL's digits, padded to Snowflake's nine.
      const micros = /\.(\d{6})/.exec(String(metricsOf(direct, 'TS')[m]))?.[1];
      if (micros) expect(metricsOf(main, 'TS')[m]).toContain(`.${micros}000 `);
    }
  });

  it('keeps integers past 2^53 and decimals exact through the SDK', () => {
    const main = table(viaSnowflake, 'MAIN');
    expect(metricsOf(main, 'BIG')).toMatchObject({ max: BIG, min: `-${BIG}` });
    expect(metricsOf(main, 'DEC').max).toBe(BIG_DECIMAL);
  });

  it('reports the all-null column with nulls, and semi-structured columns with counts only', () => {
    const main = table(viaSnowflake, 'MAIN');
    // count is the rows (Baselinr's meaning), every one of them null here.
    expect(metricsOf(main, 'ALL_NULL')).toMatchObject({ count: ROWS, null_count: ROWS, null_ratio: 1, min: null, max: null, mean: null });
    const json = main.columns.find((c) => c.column === 'J')!;
    expect(json.kind).toBe('other');
    expect(json.note).toMatch(/VARIANT.*counts only/);
  });

  it('sent Snowflake SQL: approximate distinct counts and LENGTH, two statements per populated table', () => {
    const mainStatements = fake.queries().filter((q) => q.sqlText.includes(`${schema.q}."MAIN"`));
    expect(mainStatements).toHaveLength(2);
    expect(mainStatements[0]!.sqlText).toContain('APPROX_COUNT_DISTINCT("S")');
    expect(mainStatements[0]!.sqlText).toContain('LENGTH("S")');
    expect(table(viaSnowflake, 'MAIN').statements.map((s) => s.purpose)).toEqual(['aggregate', 'histogram']);
  });
});
