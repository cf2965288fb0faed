import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planAggregates, planHistograms, validateConfig, type ConnectionConfig, type TableDescription, type WarehouseSession } from '@baselinr/core';
import { connect } from './test-support/harness.js';

/**
 * Against a real Redshift cluster or Serverless workgroup through the Data API, skipped unless
 * BASELINR_LIVE_REDSHIFT_DATABASE is set (see docs/adapters/redshift.md). AWS credentials come from
 * the SDK's default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID...). Every statement the adapter
 * generates for the schema's tables is checked by Redshift's planner (EXPLAIN runs nothing).
 */
const env = process.env;
const live = Boolean(env.BASELINR_LIVE_REDSHIFT_DATABASE);
/** At most this many tables are explained: a large schema would take long and EXPLAIN is per statement. */
const MAX_TABLES = 10;

function liveSource(): ConnectionConfig {
  const optional = (key: string, value: string | undefined) => (value ? { [key]: value } : {});
  return {
    type: 'redshift',
    database: env.BASELINR_LIVE_REDSHIFT_DATABASE!,
    schema: env.BASELINR_LIVE_REDSHIFT_SCHEMA ?? 'public',
    extra_params: {
      ...optional('cluster_identifier', env.BASELINR_LIVE_REDSHIFT_CLUSTER_IDENTIFIER),
      ...optional('workgroup_name', env.BASELINR_LIVE_REDSHIFT_WORKGROUP_NAME),
      ...optional('db_user', env.BASELINR_LIVE_REDSHIFT_DB_USER),
      ...optional('secret_arn', env.BASELINR_LIVE_REDSHIFT_SECRET_ARN),
      ...optional('region', env.BASELINR_LIVE_REDSHIFT_REGION ?? env.AWS_REGION),
    },
  };
}

describe.skipIf(!live)('live Redshift (Data API)', () => {
  let session: WarehouseSession;
  let tables: TableDescription[];
  const schema = () => env.BASELINR_LIVE_REDSHIFT_SCHEMA ?? 'public';

  beforeAll(async () => {
    session = await connect(liveSource());
    const listed = await session.listTables({ schemas: [schema()] });
    tables = await session.describeTables(listed.filter((t) => t.type === 'table').slice(0, MAX_TABLES));
  }, 120_000);

  afterAll(() => session?.close());

  it('lists and describes the schema', () => {
    expect(tables.length, `tables in ${schema()}`).toBeGreaterThan(0);
  });

  it('every generated aggregate and histogram statement is accepted by the planner (EXPLAIN)', async () => {
    const metrics = new Set(validateConfig({ source: liveSource() }).profiling.metrics);
    const statements = tables.flatMap((table) => {
      const numeric = table.columns.filter((c) => c.kind === 'integer' || c.kind === 'decimal' || c.kind === 'float');
      return [
        ...planAggregates(table, metrics, session.dialect).map((s) => s.sql),
        // Tiny, negative and beyond-INT64 ranges: the bin edges are literals in the SQL.
        ...[
          [0, 1e-9],
          [-5, 5],
          [0, 2.5e19],
        ].flatMap(([min, max]) =>
          planHistograms(
            table,
            numeric.map((column) => ({ column, min: min!, max: max! })),
            10,
            session.dialect,
          ).map((s) => s.sql),
        ),
      ];
    });
    for (const sql of statements) await expect(session.execute(`EXPLAIN ${sql}`), sql).resolves.toBeDefined();
  }, 600_000);
});
