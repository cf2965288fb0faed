import { sqlLoader, type TestNamespace } from '@baselinr/adapter-testkit';
import type { Row } from '@baselinr/core';
import type { FakeDataApi } from './fake-data-api/server.js';
import type { FakeCredentials } from './fake-data-api/sigv4.js';
import { adminClient, createTestSchema, redshiftSource } from './harness.js';

/**
 * A fresh schema for one group of the conformance kit's checks: created on the PostgreSQL the
 * fake Data API executes on, reached by the adapter through the fake, loaded and read back on a
 * plain PostgreSQL client outside both.
 */
export async function redshiftNamespace(fake: FakeDataApi, credentials: FakeCredentials, purpose: string): Promise<TestNamespace> {
  const admin = await adminClient();
  const schema = await createTestSchema(admin, `kit_${purpose}`);
  await admin.query(`SET search_path TO ${schema.q}`);
  const run = async (sql: string, params: readonly unknown[] = []): Promise<Row[]> => (await admin.query(sql, [...params])).rows as Row[];
  return {
    connection: { ...redshiftSource(fake, credentials), schema: schema.name },
    schema: schema.name,
    // ANSI types, as both Redshift and PostgreSQL spell them (VARCHAR(200) is 200 bytes in Redshift:
    // the kit's strings stay far below).
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
 * A view whose every scan first sleeps on PostgreSQL: `SELECT COUNT(*) FROM` it is plain Redshift
 * SQL that keeps the fake's statement running until it is cancelled on the server.
 */
export async function createSlowView(seconds: number): Promise<{ qualified: string; drop: () => Promise<void> }> {
  const admin = await adminClient();
  try {
    const schema = await createTestSchema(admin, 'kit_slow');
    await admin.query(`CREATE VIEW ${schema.q}.slow AS SELECT g AS id FROM generate_series(1, 3) g WHERE g > (SELECT 0 FROM pg_sleep(${Number(seconds)}))`);
    return {
      qualified: `${schema.q}.slow`,
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
export async function runningOnFake(fake: FakeDataApi, marker: string): Promise<boolean> {
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
