import './test-support/sdk-env.js';
import { afterAll, beforeAll } from 'vitest';
import { describeAdapter } from '@baselinr/adapter-testkit';
import { adapter } from './index.js';
import { FakeSnowflake } from './test-support/fake-snowflake/server.js';
import { USER, sourceConnection } from './test-support/harness.js';
import { createSlowView, runningOnFake, snowflakeNamespace } from './test-support/kit-namespace.js';

// One fake Snowflake for the file: the real snowflake-sdk logs in and runs statements over its
// REST protocol; they execute on the local PostgreSQL, where the kit's schemas are created.
let fake: FakeSnowflake;
let slow: Awaited<ReturnType<typeof createSlowView>>;

beforeAll(async () => {
  fake = await FakeSnowflake.start({ users: [USER], longPollMs: 200 });
  slow = await createSlowView(600);
});

afterAll(async () => {
  await fake?.stop();
  await slow?.drop();
});

describeAdapter({
  adapter,
  open: (purpose) => snowflakeNamespace(fake, purpose),
  cancel: {
    // Plain Snowflake SQL; the view sleeps ten minutes on the fake's PostgreSQL unless cancelled there.
    statement: (marker) => `SELECT COUNT(*) AS ${marker} FROM ${slow.qualified}`,
    isRunning: (marker) => runningOnFake(fake, marker),
  },
  // Nothing listens on port 1: the login request is refused.
  unreachable: async () => ({ connection: sourceConnection(fake, 'PUBLIC', { extra_params: { access_url: 'http://127.0.0.1:1' } }) }),
});
