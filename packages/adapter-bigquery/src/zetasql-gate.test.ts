import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialect, type TableDescription } from '@baselinr/core';
import { profilingStatements } from '@baselinr/adapter-testkit';
import { describeTablesQuery, listTablesQuery, partitionsQuery, changeSignalsQuery } from './catalog.js';
import { bigqueryColumnKind } from './column-kind.js';
import { bigqueryDialect, quoteIdentifier } from './dialect.js';
import { DEFAULT_MAX_EXPRESSIONS } from './options.js';
import type { QueryParameter } from './rest-types.js';
import { startAnalyzer, type SqlAnalyzer } from './test-support/zetasql/analyzer.js';
import type { ColumnDeclaration } from './test-support/zetasql/catalog-proto.js';

/**
 * The gate: every statement the adapter can send is analyzed by ZetaSQL, Google's SQL front end,
 * against a catalog declaring the test tables with BigQuery's types and BigQuery's own catalog
 * views. The fake server runs SQL on PostgreSQL, which forgives what BigQuery refuses (integer
 * literals past INT64, VARCHAR, other warehouses' functions); this does not.
 */
const PROJECT = 'baselinr-test';

/** One column of every type INFORMATION_SCHEMA.COLUMNS reports, profiled as the adapter maps it. */
const WIDE_COLUMNS: readonly ColumnDeclaration[] = [
  { name: 'int64_col', type: 'INT64' },
  { name: 'numeric_col', type: 'NUMERIC(38, 9)' },
  { name: 'bignumeric_col', type: 'BIGNUMERIC' },
  { name: 'float64_col', type: 'FLOAT64' },
  { name: 'bool_col', type: 'BOOL' },
  { name: 'string_col', type: 'STRING(20)' },
  { name: 'date_col', type: 'DATE' },
  { name: 'datetime_col', type: 'DATETIME' },
  { name: 'time_col', type: 'TIME' },
  { name: 'timestamp_col', type: 'TIMESTAMP' },
  { name: 'bytes_col', type: 'BYTES' },
  { name: 'json_col', type: 'JSON' },
  { name: 'geography_col', type: 'GEOGRAPHY' },
  { name: 'interval_col', type: 'INTERVAL' },
  { name: 'array_col', type: 'ARRAY<STRING>' },
  { name: 'struct_col', type: 'STRUCT<a INT64, b ARRAY<STRING>>' },
  { name: 'range_col', type: 'RANGE<DATE>' },
  { name: 'odd `name\\ here', type: 'STRING' },
];

const WIDE: TableDescription = {
  schema: 'analytics',
  table: 'wide',
  columns: WIDE_COLUMNS.map((c) => ({ name: c.name, dataType: c.type, ...bigqueryColumnKind(c.type) })),
};

const EVENTS: TableDescription = { schema: 'staging', table: 'events', columns: [{ name: 'id', dataType: 'INT64', kind: 'integer' }] };

const DATASETS = [
  { name: 'analytics', tables: [{ name: 'wide', columns: WIDE_COLUMNS }] },
  { name: 'staging', tables: [{ name: 'events', columns: [{ name: 'id', type: 'INT64' }] }] },
];

const dialect = bigqueryDialect(PROJECT, DEFAULT_MAX_EXPRESSIONS);

interface GateStatement {
  readonly label: string;
  readonly sql: string;
  readonly params?: readonly QueryParameter[];
}

const STATEMENTS: readonly GateStatement[] = [
  ...profilingStatements(WIDE, dialect, EVENTS),
  { label: 'list tables', ...listTablesQuery(PROJECT, 'analytics') },
  { label: 'list tables with their labels', ...listTablesQuery(PROJECT, 'analytics', { labels: true }) },
  { label: 'describe tables of two datasets', ...describeTablesQuery(PROJECT, [WIDE, EVENTS]) },
  { label: 'partitions of tables that require a partition filter', ...partitionsQuery(PROJECT, [WIDE, EVENTS]) },
  { label: 'change signals of two datasets', ...changeSignalsQuery(PROJECT, [WIDE, EVENTS]) },
];

let analyzer: SqlAnalyzer;

beforeAll(async () => {
  analyzer = await startAnalyzer(PROJECT, DATASETS);
});

afterAll(() => analyzer?.close());

describe('every statement the BigQuery adapter generates is valid GoogleSQL (ZetaSQL analyzer)', () => {
  it('covers aggregates, the overflow re-plan, histograms over every stress range and the catalog queries', () => {
    const labels = STATEMENTS.map((s) => s.label).join('\n');
    for (const part of [
      'aggregates',
      'scaled',
      'tiny range',
      'negative',
      'beyond INT64',
      'double limit',
      'round trip',
      'random sample',
      'stratified sample',
      'list tables',
      'describe tables',
    ])
      expect(labels).toContain(part);
  });

  it.each(STATEMENTS)('$label', async ({ sql, params }) => {
    expect(await analyzer.check(sql, params)).toBeUndefined();
  });
});

describe('the gate catches what BigQuery refuses', () => {
  const from = [PROJECT, 'analytics', 'wide'].map(quoteIdentifier).join('.');

  it('histogram edges printed as plain digits past INT64 (the rendering before the fix)', async () => {
    const plainDigits = createDialect({ identifierQuote: '`', quoteIdentifier, qualifyTable: (ref, quote) => [PROJECT, ref.schema, ref.table].map(quote).join('.') });
    const beyond = profilingStatements(WIDE, plainDigits, EVENTS).find((s) => s.label.includes('beyond INT64'))!;
    expect(await analyzer.check(beyond.sql)).toMatch(/Invalid integer literal: -?\d{20}/);
  });

  it.each([
    ['CAST(... AS VARCHAR)', `SELECT CAST(MIN(int64_col) AS VARCHAR) AS m0 FROM ${from}`, /Type not found: VARCHAR/],
    ["Snowflake's and Presto's approximate counts", `SELECT APPROX_DISTINCT(int64_col) AS m0 FROM ${from}`, /Function not found: APPROX_DISTINCT/],
    ["Redshift's APPROXIMATE COUNT", `SELECT APPROXIMATE COUNT(DISTINCT int64_col) AS m0 FROM ${from}`, /Syntax error/],
    ['a column the table does not have', `SELECT COUNT(no_such_column) AS m0 FROM ${from}`, /Unrecognized name: no_such_column/],
    ['a table the catalog does not have', `SELECT COUNT(*) AS m0 FROM ${[PROJECT, 'analytics', 'missing'].map(quoteIdentifier).join('.')}`, /Table not found/],
    ['AVG of a STRING column', `SELECT AVG(string_col) AS m0 FROM ${from}`, /No matching signature for aggregate function AVG/],
  ])('%s', async (_name, sql, message) => {
    expect(await analyzer.check(sql)).toMatch(message);
  });
});
