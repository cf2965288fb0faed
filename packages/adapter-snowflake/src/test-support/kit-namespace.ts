import { sqlLoader, type TestNamespace } from '@baselinr/adapter-testkit';
import type { Row } from '@baselinr/core';
import { adminClient, createTestSchema, sourceConnection } from './harness.js';
import type { FakeSnowflake } from './fake-snowflake/server.js';

/**
 * A fresh schema for one group of the conformance kit's checks: created on the PostgreSQL the
 * fake executes on (upper case, as Snowflake stores unquoted names), reached by the adapter
 * through the fake, loaded and read back on a plain PostgreSQL client outside both.
 */
export async function snowflakeNamespace(fake: FakeSnowflake, purpose: string): Promise<TestNamespace> {
  const admin = await adminClient();
  const schema = await createTestSchema(admin, `kit_${purpose}`);
  await admin.query(`SET search_path TO ${schema.q}`);
  const run = async (sql: string, params: readonly unknown[] = []): Promise<Row[]> => (await admin.query(sql, [...params])).rows as Row[];
  return {
    connection: sourceConnection(fake, schema.name),
    schema: schema.name,
    // ANSI types, as both Snowflake and PostgreSQL spell them; the fake's catalog reports INTEGER
    // and BIGINT as NUMBER(38,0), DOUBLE PRECISION as FLOAT, VARCHAR as TEXT, TIMESTAMP as TIMESTAMP_NTZ.
    ...sqlLoader({ run, identifierQuote: '"', placeholder: (i) => `$${i + 1}`, bind: (v) => (typeof v === 'bigint' ? String(v) : v) }),
    query: (sql) => run(sql),
    close: async () => {
      try {
        await schema.drop();
      } finally {
        await admin.end();
      }
    },
  };
}

/**
 * A view whose every scan first sleeps on PostgreSQL: `SELECT COUNT(*) FROM` it is plain Snowflake
 * SQL that keeps the fake's warehouse busy until the statement is cancelled on the server.
 */
export async function createSlowView(seconds: number): Promise<{ qualified: string; drop: () => Promise<void> }> {
  const admin = await adminClient();
  try {
    const schema = await createTestSchema(admin, 'kit_slow');
    await admin.query(`CREATE VIEW ${schema.q}."SLOW" AS SELECT g AS "ID" FROM generate_series(1, 3) g WHERE g > (SELECT 0 FROM pg_sleep(${Number(seconds)}))`);
    return {
      qualified: `${schema.q}."SLOW"`,
      drop: async () => {
        const dropper = await adminClient();
        try {
          await dropper.query(`DROP SCHEMA IF EXISTS ${schema.q} CASCADE`);
        } finally {
          await dropper.end();
        }
      },
    };
  } finally {
    await admin.end();
  }
}

/** Whether one of the fake's PostgreSQL backends is executing a statement containing `marker`. */
export async function runningOnFake(fake: FakeSnowflake, marker: string): Promise<boolean> {
  const observer = await adminClient();
  try {
    const { rows } = await observer.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND state = 'active' AND position($2 in query) > 0`,
      [fake.applicationName, marker],
    );
    return rows[0]!.n > 0;
  } finally {
    await observer.end();
  }
}
