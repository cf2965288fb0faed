import './test-support/sdk-env.js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { FakeSnowflake } from './test-support/fake-snowflake/server.js';
import { USER, adminClient, createTestSchema, engine, engineConfig, sourceConnection, tempDir } from './test-support/harness.js';

let admin: pg.Client;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let fake: FakeSnowflake;
let store: ReturnType<typeof tempDir>;

/** Runs the engine over every table of the schema with its own run id; returns the server's statements of that run's sessions. */
async function profile(runId: string, execution: Record<string, number> = {}) {
  const queriesBefore = fake.queries().length;
  const loginsBefore = fake.logins.length;
  const config = engineConfig(
    { source: sourceConnection(fake, schema.name), profiling: { tables: [{ select_schema: true }] }, execution: { max_workers: 3, ...execution } },
    store.path,
  );
  const result = await engine(config, { runId }).profile();
  return { result, queries: fake.queries().slice(queriesBefore), logins: fake.logins.slice(loginsBefore) };
}

beforeAll(async () => {
  admin = await adminClient();
  schema = await createTestSchema(admin, 'bl_sf_tag');
  store = tempDir();
  for (const name of ['A', 'B', 'C']) {
    await admin.query(`CREATE TABLE ${schema.q}."${name}" ("ID" int4, "NAME" text)`);
    await admin.query(`INSERT INTO ${schema.q}."${name}" VALUES (1, 'x'), (2, 'y')`);
  }
  fake = await FakeSnowflake.start({ users: [USER], longPollMs: 200 });
});

afterAll(async () => {
  await fake?.stop();
  await schema?.drop();
  await admin?.end();
  store?.remove();
});

describe('run identification on the server', () => {
  it('tags every statement of a run, catalog queries included, and every login with the run id', async () => {
    const runId = `tag-${randomUUID()}`;
    // One table per statement, so the count below is exact.
    const { result, queries, logins } = await profile(runId, { batch_size: 1 });
    expect(result.succeeded).toBe(3);
    // One catalog listing, one describe per table (batch_size 1), and two statements for each of the three tables.
    expect(queries).toHaveLength(1 + 3 + 3 * 2);
    for (const query of queries) expect(query.queryTag, query.sqlText).toBe(runId);
    expect(logins.length).toBeGreaterThan(0);
    for (const login of logins) expect(login).toMatchObject({ sessionParameters: { QUERY_TAG: runId }, application: 'Baselinr', user: USER.name });
  });

  it('keeps two runs apart', async () => {
    const first = `tag-${randomUUID()}`;
    const second = `tag-${randomUUID()}`;
    const [a, b] = [await profile(first), await profile(second)];
    expect(new Set(a.queries.map((q) => q.queryTag))).toEqual(new Set([first]));
    expect(new Set(b.queries.map((q) => q.queryTag))).toEqual(new Set([second]));
  });

  it('sends the run timeout as STATEMENT_TIMEOUT_IN_SECONDS, and UTC with full-precision output formats', async () => {
    const { queries } = await profile(`tag-${randomUUID()}`, { statement_timeout_seconds: 42.5 });
    for (const query of queries) {
      expect(query.parameters).toMatchObject({
        STATEMENT_TIMEOUT_IN_SECONDS: 43,
        TIMEZONE: 'UTC',
        TIMESTAMP_NTZ_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF9',
        TIMESTAMP_TZ_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM',
      });
    }
  });
});
