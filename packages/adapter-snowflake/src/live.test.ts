import './test-support/sdk-env.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planAggregates, planHistograms, validateConfig, type ConnectionConfig, type TableDescription } from '@baselinr/core';
import type { SnowflakeSession } from './session.js';
import { engine, engineConfig, openSession, tempDir } from './test-support/harness.js';

/**
 * Against a real Snowflake account, skipped unless BASELINR_LIVE_SNOWFLAKE_ACCOUNT is set (see
 * docs/adapters/snowflake.md): every statement the adapter generates for the sample database's
 * tables is checked by Snowflake's own compiler (EXPLAIN, which runs nothing and uses no
 * warehouse credits), then two small tables are profiled end to end.
 */
const env = process.env;
const live = Boolean(env.BASELINR_LIVE_SNOWFLAKE_ACCOUNT);
const SAMPLE = { database: 'SNOWFLAKE_SAMPLE_DATA', schema: 'TPCH_SF1' };

function liveSource(): ConnectionConfig {
  const keyPath = env.BASELINR_LIVE_SNOWFLAKE_PRIVATE_KEY_PATH;
  return {
    type: 'snowflake',
    account: env.BASELINR_LIVE_SNOWFLAKE_ACCOUNT!,
    username: env.BASELINR_LIVE_SNOWFLAKE_USER,
    ...(keyPath ? {} : { password: env.BASELINR_LIVE_SNOWFLAKE_PASSWORD }),
    warehouse: env.BASELINR_LIVE_SNOWFLAKE_WAREHOUSE,
    ...(env.BASELINR_LIVE_SNOWFLAKE_ROLE ? { role: env.BASELINR_LIVE_SNOWFLAKE_ROLE } : {}),
    database: SAMPLE.database,
    schema: SAMPLE.schema,
    extra_params: keyPath ? { private_key_path: keyPath } : {},
  };
}

describe.skipIf(!live)('live Snowflake (SNOWFLAKE_SAMPLE_DATA)', () => {
  let session: SnowflakeSession;
  let tables: TableDescription[];
  const store = tempDir();

  beforeAll(async () => {
    session = await openSession(liveSource());
    const listed = await session.listTables({ schemas: [SAMPLE.schema] });
    tables = await session.describeTables(listed.filter((t) => t.type === 'table'));
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    store.remove();
  });

  it('lists and describes the sample tables through "SNOWFLAKE_SAMPLE_DATA".INFORMATION_SCHEMA', () => {
    expect(tables.map((t) => t.table)).toEqual(expect.arrayContaining(['NATION', 'REGION', 'ORDERS', 'LINEITEM']));
  });

  it('every generated aggregate and histogram statement compiles (EXPLAIN)', async () => {
    const metrics = new Set(validateConfig({ source: liveSource() }).profiling.metrics);
    const statements = tables.flatMap((table) => [
      ...planAggregates(table, metrics, session.dialect).map((s) => s.sql),
      // Tiny, negative and beyond-INT64 ranges: the bin edges are literals in the SQL.
      ...[
        [0, 1e-9],
        [-5, 5],
        [0, 2.5e19],
      ].flatMap(([min, max]) =>
        planHistograms(
          table,
          table.columns.filter((c) => c.kind === 'integer' || c.kind === 'decimal' || c.kind === 'float').map((column) => ({ column, min: min!, max: max! })),
          10,
          session.dialect,
        ).map((s) => s.sql),
      ),
    ]);
    expect(statements.length).toBeGreaterThan(tables.length);
    for (const sql of statements) await expect(session.execute(`EXPLAIN ${sql}`), sql).resolves.toBeDefined();
  }, 300_000);

  it('profiles NATION and REGION end to end', async () => {
    const config = engineConfig({ source: liveSource(), profiling: { tables: [{ table: 'NATION' }, { table: 'REGION' }] } }, store.path);
    const result = await engine(config).profile();
    expect(result.failed).toBe(0);
    expect(result.tables.find((t) => t.table === 'NATION')?.rowCount).toBe(25);
    expect(result.tables.find((t) => t.table === 'REGION')?.rowCount).toBe(5);
  }, 300_000);
});
