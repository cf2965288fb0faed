import { afterAll, beforeAll } from 'vitest';
import { describeAdapter } from '@baselinr/adapter-testkit';
import { adapter } from './index.js';
import { FakeBigQuery } from './test-support/fake-bigquery/server.js';
import { bigqueryNamespace, createSlowView, runningOnFake } from './test-support/kit-namespace.js';
import { PG } from './test-support/pg.js';

// One fake BigQuery for the file: the real @google-cloud/bigquery SDK authenticates and runs
// query jobs over its REST API; they execute on the local PostgreSQL, where the kit's datasets are created.
let fake: FakeBigQuery;
let slow: Awaited<ReturnType<typeof createSlowView>>;

beforeAll(async () => {
  fake = await FakeBigQuery.start({ pg: PG });
  slow = await createSlowView(fake.project, 600);
});

afterAll(async () => {
  await fake?.close();
  await slow?.drop();
});

describeAdapter({
  adapter,
  open: (purpose) => bigqueryNamespace(fake, purpose),
  cancel: {
    // Plain GoogleSQL; the view sleeps ten minutes on the fake's PostgreSQL unless the job is cancelled there.
    statement: (marker) => `SELECT COUNT(*) AS ${marker} FROM ${slow.path}`,
    isRunning: (marker) => runningOnFake(marker),
  },
  skip: {
    'refused-connection':
      'BigQuery holds no connection to refuse: connect only builds the REST client, so an unreachable endpoint fails the first query job instead (ECONNREFUSED, cause connection_refused)',
  },
});
