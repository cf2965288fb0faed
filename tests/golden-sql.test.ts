import { describe, expect, it } from 'vitest';
import type { ColumnInfo, Dialect, Row, TableDescription } from '@baselinr/core';
import { profilingStatements } from '@baselinr/adapter-testkit';
import { sqliteDialect } from '../packages/adapter-sqlite/src/dialect.js';
import { postgresDialect } from '../packages/adapter-postgres/src/dialect.js';
import { DESCRIBE_TABLES_SQL, LIST_TABLES_SQL, LIST_TABLES_WITH_SIGNALS_SQL } from '../packages/adapter-postgres/src/catalog.js';
import { CHANGE_SIGNALS_SQL } from '../packages/adapter-postgres/src/change-signal.js';
import { mysqlDialect } from '../packages/adapter-mysql/src/dialect.js';
import { describeTables as mysqlDescribeTables, listTables as mysqlListTables } from '../packages/adapter-mysql/src/catalog.js';
import { duckdbDialect } from '../packages/adapter-duckdb/src/dialect.js';
import { snowflakeDialect } from '../packages/adapter-snowflake/src/dialect.js';
import { describeTables as snowflakeDescribeTables, listSchemas as snowflakeListSchemas, listTables as snowflakeListTables } from '../packages/adapter-snowflake/src/catalog.js';
import { bigqueryDialect } from '../packages/adapter-bigquery/src/dialect.js';
import { describeTablesQuery, listTablesQuery } from '../packages/adapter-bigquery/src/catalog.js';
import { DEFAULT_MAX_EXPRESSIONS } from '../packages/adapter-bigquery/src/options.js';
import { redshiftDialect } from '../packages/adapter-redshift/src/dialect.js';
import {
  describeStatement,
  listSchemasStatement,
  listTablesStatement,
  reltuplesStatement,
  rowEstimatesStatement,
  tableCommentsStatement,
} from '../packages/adapter-redshift/src/catalog.js';

/**
 * Golden SQL: every statement each dialect generates for one wide table of every column kind, kept
 * in committed files (tests/__snapshots__/golden-sql/<dialect>.sql). A change to generated SQL
 * fails here until the files are regenerated (`npx vitest run tests/golden-sql.test.ts -u`), so
 * the new SQL is read in review rather than discovered by a warehouse.
 */
const COLUMNS: readonly ColumnInfo[] = [
  { name: 'id', dataType: 'bigint', kind: 'integer' },
  { name: 'amount', dataType: 'decimal(38, 9)', kind: 'decimal' },
  { name: 'ratio', dataType: 'double', kind: 'float' },
  { name: 'label', dataType: 'varchar', kind: 'string' },
  { name: 'created_at', dataType: 'timestamp', kind: 'temporal' },
  { name: 'active', dataType: 'boolean', kind: 'boolean' },
  { name: 'payload', dataType: 'binary', kind: 'other', unsupportedReason: 'binary data; counts only' },
  { name: 'Odd "name` here', dataType: 'varchar', kind: 'string' },
];
const TABLE: TableDescription = { schema: 'analytics', table: 'wide_table', columns: COLUMNS };
const SMALL: TableDescription = { schema: 'staging', table: 'events', columns: [{ name: 'id', dataType: 'bigint', kind: 'integer' }] };
const REFS = [TABLE, { schema: 'analytics', table: 'other_table' }, SMALL];

/** Catalog statements of adapters that build them without a connection, recorded as they would be sent. */
async function recorded(run: (query: (sql: string, params: readonly unknown[]) => Promise<Row[]>) => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  await run(async (sql, params) => {
    statements.push(`${sql}\n-- parameters: ${JSON.stringify(params)}`);
    return [];
  });
  return statements;
}

const CATALOG: Readonly<Record<string, () => Promise<string[]>>> = {
  // An incremental run's listing carries the same signal columns as CHANGE_SIGNALS_SQL: a change to either shows in both.
  postgres: async () => [LIST_TABLES_SQL, DESCRIBE_TABLES_SQL, LIST_TABLES_WITH_SIGNALS_SQL, CHANGE_SIGNALS_SQL],
  mysql: async () => [
    ...(await recorded((q) => mysqlListTables((sql, params) => q(sql, params), ['analytics', 'staging']))),
    ...(await recorded((q) => mysqlDescribeTables((sql, params) => q(sql, params), REFS))),
  ],
  snowflake: async () => [
    ...(await recorded((q) => snowflakeListTables((sql, binds) => q(sql, binds), 'ANALYTICS_DB', ['ANALYTICS', 'staging']))),
    ...(await recorded((q) => snowflakeDescribeTables((sql, binds) => q(sql, binds), 'ANALYTICS_DB', REFS))),
    ...(await recorded((q) => snowflakeListSchemas((sql, binds) => q(sql, binds), 'ANALYTICS_DB'))),
    // Selecting by tags: the listing and the tags, sent together.
    ...(await recorded((q) => snowflakeListTables((sql, binds) => q(sql, binds), 'ANALYTICS_DB', ['ANALYTICS'], { tags: true }))),
  ],
  redshift: async () =>
    [
      listTablesStatement(['analytics', 'staging']),
      rowEstimatesStatement(['analytics', 'staging']),
      reltuplesStatement(['analytics', 'staging']),
      describeStatement(REFS),
      listSchemasStatement(),
      tableCommentsStatement(['analytics', 'staging']),
    ].map((c) => `${c.sql}\n-- parameters: ${JSON.stringify(c.parameters)}`),
  bigquery: async () =>
    [listTablesQuery('baselinr-test', 'analytics'), listTablesQuery('baselinr-test', 'analytics', { labels: true }), describeTablesQuery('baselinr-test', REFS)].map(
      (c) => `${c.sql}\n-- parameters: ${JSON.stringify(c.params)}`,
    ),
};

const DIALECTS: ReadonlyArray<readonly [string, Dialect]> = [
  ['sqlite', sqliteDialect],
  ['postgres', postgresDialect],
  ['mysql', mysqlDialect],
  ['duckdb', duckdbDialect],
  ['snowflake', snowflakeDialect],
  ['bigquery', bigqueryDialect('baselinr-test', DEFAULT_MAX_EXPRESSIONS)],
  ['redshift', redshiftDialect],
];

describe('golden SQL per dialect', () => {
  it.each(DIALECTS)('%s', async (name, dialect) => {
    const profiling = profilingStatements(TABLE, dialect, SMALL).map((s) => `-- ${s.label}\n${s.sql};`);
    const catalog = (await CATALOG[name]?.()) ?? [];
    const text = [...profiling, ...catalog.map((sql, i) => `-- catalog ${i + 1}\n${sql.trim()};`)].join('\n\n');
    await expect(`${text}\n`).toMatchFileSnapshot(`__snapshots__/golden-sql/${name}.sql`);
  });
});
