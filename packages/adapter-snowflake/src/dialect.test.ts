import { describe, expect, it } from 'vitest';
import { planAggregates, rowSource } from '@baselinr/core';
import { snowflakeColumnKind } from './column-kind.js';
import { snowflakeDialect } from './dialect.js';
import { resolveIdentifier, unquotedSpelling } from './identifiers.js';

describe('identifiers', () => {
  it.each([
    ['orders', 'ORDERS'],
    ['Orders_2024$', 'ORDERS_2024$'],
    ['"Orders"', 'Orders'],
    ['"say ""hi"""', 'say "hi"'],
    ['order lines', 'order lines'],
    ['ORDERS', 'ORDERS'],
  ])('%s is stored as %s', (written, stored) => {
    expect(resolveIdentifier(written)).toBe(stored);
  });

  it('knows the upper-case spelling only for names that could be unquoted', () => {
    expect(unquotedSpelling('analytics')).toBe('ANALYTICS');
    expect(unquotedSpelling('ANALYTICS')).toBeUndefined();
    expect(unquotedSpelling('my-schema')).toBeUndefined();
  });
});

describe('dialect', () => {
  it('renders a table plan with exact names, approximate distinct counts, character lengths and exact extremes', () => {
    const columns = [
      { name: 'note', dataType: 'TEXT', kind: 'string' as const },
      { name: 'AMOUNT', dataType: 'NUMBER(12,2)', kind: 'decimal' as const },
    ];
    const [statement] = planAggregates({ schema: 'Sales"EU', table: 'ORDERS', columns }, new Set(['approx_distinct_count', 'max_length', 'max'] as const), snowflakeDialect);
    const sql = statement!.sql;
    expect(sql).toMatch(/^SELECT COUNT\(\*\) AS m0, /);
    expect(sql).toContain('APPROX_COUNT_DISTINCT("note")');
    expect(sql).toContain('MAX(LENGTH("note"))');
    expect(sql).toContain('CAST(MAX("AMOUNT") AS VARCHAR)');
    expect(sql).toMatch(/ FROM "Sales""EU"\."ORDERS"$/);
  });
});

describe('column kinds', () => {
  it.each([
    [{ dataType: 'NUMBER', numericPrecision: 38, numericScale: 0 }, 'integer', 'NUMBER(38,0)'],
    [{ dataType: 'NUMBER', numericPrecision: 12, numericScale: 2 }, 'decimal', 'NUMBER(12,2)'],
    [{ dataType: 'FLOAT', numericPrecision: null, numericScale: null }, 'float', 'FLOAT'],
    [{ dataType: 'TEXT', numericPrecision: null, numericScale: null }, 'string', 'TEXT'],
    [{ dataType: 'BOOLEAN', numericPrecision: null, numericScale: null }, 'boolean', 'BOOLEAN'],
    [{ dataType: 'TIMESTAMP_LTZ', numericPrecision: null, numericScale: null }, 'temporal', 'TIMESTAMP_LTZ'],
    [{ dataType: 'DATE', numericPrecision: null, numericScale: null }, 'temporal', 'DATE'],
    [{ dataType: 'GEOGRAPHY', numericPrecision: null, numericScale: null }, 'other', 'GEOGRAPHY'],
  ] as const)('%o is %s', (type, kind, typeName) => {
    expect(snowflakeColumnKind(type)).toMatchObject({ kind, typeName });
  });

  it('explains why semi-structured and unknown types get counts only', () => {
    expect(snowflakeColumnKind({ dataType: 'VARIANT', numericPrecision: null, numericScale: null }).unsupportedReason).toMatch(/VARIANT.*counts only/);
    expect(snowflakeColumnKind({ dataType: 'NEWTYPE', numericPrecision: null, numericScale: null }).unsupportedReason).toMatch(/NEWTYPE is not profiled beyond counts/);
  });
});

describe('sampling', () => {
  it('samples rows with BERNOULLI and a seed, and escapes backslashes in partition values', () => {
    const table = { schema: 'S', table: 'EVENTS', columns: [{ name: 'DAY', dataType: 'TEXT', kind: 'string' as const }] };
    const { from } = rowSource(
      table,
      { partition: { key: 'DAY', strategy: 'specific_values', values: ["a\\'b"] }, sampling: { method: 'random', fraction: 0.25, setBy: 'default_sample_ratio' }, notes: [] },
      snowflakeDialect,
    );
    expect(from).toBe(`(SELECT * FROM "S"."EVENTS" SAMPLE BERNOULLI (25) SEED (1) WHERE "DAY" IN ('a\\\\\\'b')) AS baselinr_rows`);
  });
});
