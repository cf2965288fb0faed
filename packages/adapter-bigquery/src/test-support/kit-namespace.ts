import { sqlLoader, type TestNamespace } from '@baselinr/adapter-testkit';
import type { Row } from '@baselinr/core';
import { quoteIdentifier } from '../dialect.js';
import type { FakeBigQuery } from './fake-bigquery/server.js';
import { translate } from './fake-bigquery/translate.js';
import { bigquerySource } from './harness.js';
import { adminClient, createTestDataset } from './pg.js';

/**
 * A fresh dataset for one group of the conformance kit's checks: a schema on the PostgreSQL the
 * fake executes on (the fake serves each schema as a dataset of the same name), reached by the
 * adapter through the fake, loaded and read back on a plain PostgreSQL client outside both.
 */
export async function bigqueryNamespace(fake: FakeBigQuery, purpose: string): Promise<TestNamespace> {
  const admin = await adminClient();
  const dataset = await createTestDataset(admin, `kit_${purpose}`);
  await admin.query(`SET search_path TO ${dataset.q}`);
  const run = async (sql: string, params: readonly unknown[] = []): Promise<Row[]> => (await admin.query(sql, [...params])).rows as Row[];
  // The kit's back-door checks are GoogleSQL written with the adapter's dialect (`project`.`dataset`.`table`):
  // the fake's own translation turns them into PostgreSQL, run on the plain client, outside the adapter and the fake.
  const backDoor = (sql: string) => {
    const { text, values } = translate(sql, [], fake.project);
    return run(text, values);
  };
  return {
    connection: bigquerySource(fake, dataset.name),
    schema: dataset.name,
    // PostgreSQL types the fake's catalog reports as GoogleSQL's: INTEGER and BIGINT as INT64,
    // NUMERIC(p, s), DOUBLE PRECISION as FLOAT64, TEXT as STRING, TIMESTAMP (no zone) as DATETIME, BOOLEAN as BOOL.
    ...sqlLoader({ run, identifierQuote: '"', placeholder: (i) => `$${i + 1}`, types: { string: 'TEXT' }, bind: (v) => (typeof v === 'bigint' ? String(v) : v) }),
    query: backDoor,
    close: async () => {
      try {
        await dataset.drop();
      } finally {
        await admin.end();
      }
    },
  };
}

/**
 * A view whose every scan first sleeps on PostgreSQL: `SELECT COUNT(*) FROM` it is plain GoogleSQL
 * that keeps the fake's job running until it is cancelled on the server.
 */
export async function createSlowView(project: string, seconds: number): Promise<{ path: string; drop: () => Promise<void> }> {
  const admin = await adminClient();
  try {
    const dataset = await createTestDataset(admin, 'kit_slow');
    await admin.query(`CREATE VIEW ${dataset.q}.slow AS SELECT g AS id FROM generate_series(1, 3) g WHERE g > (SELECT 0 FROM pg_sleep(${Number(seconds)}))`);
    return {
      path: [project, dataset.name, 'slow'].map(quoteIdentifier).join('.'),
      drop: async () => {
        const dropper = await adminClient();
        try {
          await dropper.query(`DROP SCHEMA IF EXISTS ${dataset.q} CASCADE`);
        } finally {
          await dropper.end();
        }
      },
    };
  } finally {
    await admin.end();
  }
}

/** Whether one of the fake's job backends (application_name `fakebq_<job id>`) is executing a statement containing `marker`. */
export async function runningOnFake(marker: string): Promise<boolean> {
  const observer = await adminClient();
  try {
    const { rows } = await observer.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE 'fakebq\\_%' AND state = 'active' AND position($1 in query) > 0`,
      [marker],
    );
    return rows[0]!.n > 0;
  } finally {
    await observer.end();
  }
}
