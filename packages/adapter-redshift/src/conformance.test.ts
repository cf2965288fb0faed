import { afterAll, beforeAll } from 'vitest';
import { describeAdapter } from '@baselinr/adapter-testkit';
import { adapter } from './index.js';
import type { FakeDataApi } from './test-support/fake-data-api/server.js';
import { startFake, testCredentials } from './test-support/harness.js';
import { createSlowView, redshiftNamespace, runningOnFake } from './test-support/kit-namespace.js';

// One fake Redshift Data API for the file: the real @aws-sdk/client-redshift-data signs and sends
// its calls to it; statements execute on the local PostgreSQL, where the kit's schemas are created.
const credentials = testCredentials();
let fake: FakeDataApi;
let slow: Awaited<ReturnType<typeof createSlowView>>;

beforeAll(async () => {
  fake = await startFake(credentials);
  slow = await createSlowView(600);
});

afterAll(async () => {
  await fake?.close();
  await slow?.drop();
});

describeAdapter({
  adapter,
  open: (purpose) => redshiftNamespace(fake, credentials, purpose),
  cancel: {
    // Plain Redshift SQL; the view sleeps ten minutes on the fake's PostgreSQL unless cancelled there.
    statement: (marker) => `SELECT COUNT(*) AS ${marker} FROM ${slow.qualified}`,
    isRunning: (marker) => runningOnFake(fake, marker),
  },
  skip: {
    'refused-connection':
      'the Redshift Data API holds no connection to refuse: connect only builds the signed HTTPS client, so an unreachable endpoint fails the first ExecuteStatement instead (ECONNREFUSED, cause connection_refused)',
  },
});
