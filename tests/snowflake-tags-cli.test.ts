import '../packages/adapter-snowflake/src/test-support/sdk-env.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from 'baselinr';
import { FakeSnowflake } from '../packages/adapter-snowflake/src/test-support/fake-snowflake/server.js';
import { ACCOUNT, DATABASE, USER } from '../packages/adapter-snowflake/src/test-support/harness.js';
import { pgScratch, type PgScratch } from './pg-support.js';

/** A role without IMPORTED PRIVILEGES on SNOWFLAKE: the fake lets it use only the profiled database. */
let scratch: PgScratch;
let fake: FakeSnowflake;
beforeAll(async () => {
  scratch = await pgScratch('SF_TAGS_CLI');
  await scratch.sql(`CREATE TABLE "${scratch.schema}"."ORDERS" AS SELECT 1 AS "ID"`);
  fake = await FakeSnowflake.start({ users: [USER], longPollMs: 200, usableDatabases: [DATABASE] });
});
afterAll(async () => {
  await fake?.stop();
  await scratch?.drop();
});

async function plan(entry: string): Promise<{ code: number; err: string }> {
  const path = join(scratch.dir, 'config.yml');
  writeFileSync(
    path,
    `source: { type: snowflake, account: ${ACCOUNT}, username: ${USER.name}, password: ${USER.password}, database: ${DATABASE}, schema: ${scratch.schema}, warehouse: WH, ` +
      `extra_params: { access_url: '${fake.url}', login_retries: 0 } }\n` +
      `storage: { connection: { type: sqlite, database: results, filepath: ${join(scratch.dir, 'results.db')} } }\n` +
      `profiling: { tables: [ ${entry} ] }\n`,
  );
  const err: string[] = [];
  const code = await runCli(['plan', '--config', path, '--json'], { out: () => undefined, err: (t) => err.push(t) });
  return { code, err: err.join('\n') };
}

describe('baselinr plan selecting Snowflake tables by tags', () => {
  it('without access to ACCOUNT_USAGE: exit code 2, naming the grant, no secret', async () => {
    expect((await plan('{ select_schema: true }')).code).toBe(0);
    const { code, err } = await plan('{ select_schema: true, tags: ["PII:true"] }');
    expect(code).toBe(2);
    expect(err).toContain('GRANT IMPORTED PRIVILEGES ON DATABASE SNOWFLAKE TO ROLE');
    expect(err).not.toContain(USER.password);
  });
});
