import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { reactionTo, WarehouseError, type ErrorCause, type WarehouseSession } from '@baselinr/core';
import { quoteIdentifier } from './dialect.js';
import { FakeBigQuery, type Endpoint, type InjectedFailure } from './test-support/fake-bigquery/server.js';
import { bigqueryEngine, bigquerySource, connect, engineConfig, tempDir } from './test-support/harness.js';
import { PG, adminClient, createTestDataset, type TestDataset } from './test-support/pg.js';

let admin: pg.Client;
let dataset: TestDataset;
let store: ReturnType<typeof tempDir>;
/** Answers jobs.query once the job is done, so query errors come back from jobs.query. */
let fake: FakeBigQuery;
/** Answers at once, so the adapter polls getQueryResults and job errors come back from there. */
let polling: FakeBigQuery;

beforeAll(async () => {
  admin = await adminClient();
  dataset = await createTestDataset(admin, 'bq_errors');
  store = tempDir();
  await admin.query(`CREATE TABLE ${dataset.q}.t AS SELECT g AS id FROM generate_series(1, 3) g`);
  await admin.query(`CREATE TABLE ${dataset.q}.u AS SELECT 1 AS id`);
  fake = await FakeBigQuery.start({ pg: PG });
  polling = await FakeBigQuery.start({ pg: PG, maxWaitMs: 0 });
});

afterAll(async () => {
  await fake?.close();
  await polling?.close();
  await dataset?.drop();
  await admin?.end();
  store?.remove();
});

const table = (server: FakeBigQuery, name = 't') => [server.project, dataset.name, name].map(quoteIdentifier).join('.');

async function failure(session: WarehouseSession, sql: string): Promise<WarehouseError> {
  const err: unknown = await session.execute(sql).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WarehouseError);
  return err as WarehouseError;
}

interface Case {
  readonly name: string;
  readonly endpoint: Endpoint;
  readonly failure: InjectedFailure;
  readonly kind: ErrorCause;
}

const CONCURRENT =
  'Exceeded rate limits: too many concurrent queries for this project_and_region. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas';

const INJECTED: readonly Case[] = [
  {
    name: 'too many concurrent queries (rateLimitExceeded)',
    endpoint: 'jobs.query',
    failure: { status: 403, reason: 'rateLimitExceeded', message: CONCURRENT },
    kind: 'rate_limited',
  },
  {
    name: 'concurrent-query quota (jobRateLimitExceeded)',
    endpoint: 'jobs.query',
    failure: { status: 400, reason: 'jobRateLimitExceeded', message: 'Job exceeded rate limits: Your project_and_region exceeded quota for concurrent queries.' },
    kind: 'rate_limited',
  },
  {
    name: 'query queue full (quotaExceeded)',
    endpoint: 'jobs.query',
    failure: { status: 403, reason: 'quotaExceeded', message: 'Quota exceeded: Your project_and_region exceeded quota for max number of jobs that can be queued per project.' },
    kind: 'resource_exhausted',
  },
  {
    name: 'daily bytes quota (quotaExceeded)',
    endpoint: 'jobs.query',
    failure: { status: 403, reason: 'quotaExceeded', message: 'Quota exceeded: Your project exceeded quota for free query bytes scanned.' },
    kind: 'permission_denied',
  },
  {
    name: 'API request rate (rateLimitExceeded)',
    endpoint: 'jobs.query',
    failure: { status: 403, reason: 'rateLimitExceeded', message: 'Exceeded rate limits: too many api requests per user per method for this user_method.' },
    kind: 'rate_limited',
  },
  { name: 'backendError 500', endpoint: 'jobs.query', failure: { status: 500, reason: 'backendError', message: 'Backend Error' }, kind: 'internal' },
  { name: 'front end 429 without a reason', endpoint: 'jobs.query', failure: { status: 429, message: 'Too Many Requests' }, kind: 'rate_limited' },
  {
    name: "a proxy's 502 HTML page",
    endpoint: 'jobs.query',
    failure: { status: 502, message: 'Bad Gateway', rawBody: '<html><body>502 Bad Gateway</body></html>' },
    kind: 'internal',
  },
  {
    name: 'accessDenied',
    endpoint: 'jobs.query',
    failure: { status: 403, reason: 'accessDenied', message: 'Access Denied: Table baselinr-test:ds.t: User does not have permission to query table.' },
    kind: 'permission_denied',
  },
  // Retried as Google's own clients retry them (job-level errors, BigQuery's advice to retry, a job not yet visible).
  { name: 'badGateway', endpoint: 'jobs.query', failure: { status: 502, reason: 'badGateway', message: 'Bad Gateway' }, kind: 'internal' },
  {
    name: 'a job-level jobInternalError',
    endpoint: 'jobs.getQueryResults',
    failure: { status: 500, reason: 'jobInternalError', message: 'The job encountered an internal error during execution and was unable to complete successfully.' },
    kind: 'internal',
  },
  {
    name: 'a job-level jobBackendError',
    endpoint: 'jobs.getQueryResults',
    failure: { status: 500, reason: 'jobBackendError', message: 'The job encountered an error during execution. Retrying the job may solve the problem.' },
    kind: 'internal',
  },
  {
    name: 'a 400 invalidQuery whose message advises a retry',
    endpoint: 'jobs.getQueryResults',
    failure: {
      status: 400,
      reason: 'invalidQuery',
      message: 'Resources exceeded during query execution: The query could not be executed in the allotted memory. Retrying the job may solve the problem.',
    },
    kind: 'internal',
  },
  {
    name: 'a 404 for the job just created',
    endpoint: 'jobs.getQueryResults',
    failure: { status: 404, reason: 'notFound', message: 'Not found: Job baselinr-test:US.job_abc' },
    kind: 'internal',
  },
  { name: 'concurrent queries while polling', endpoint: 'jobs.getQueryResults', failure: { status: 403, reason: 'rateLimitExceeded', message: CONCURRENT }, kind: 'rate_limited' },
  { name: 'backendError 503 while polling', endpoint: 'jobs.getQueryResults', failure: { status: 503, reason: 'backendError', message: 'Service unavailable' }, kind: 'internal' },
];

const RETRIED: ReadonlySet<ErrorCause> = new Set(['internal', 'rate_limited', 'resource_exhausted', 'timeout']);

describe('error classification of real SDK errors', () => {
  it.each(INJECTED)('$name is $kind', async ({ endpoint, failure: injected, kind }) => {
    const server = endpoint === 'jobs.getQueryResults' ? polling : fake;
    const session = await connect(bigquerySource(server, dataset.name), `errors-${randomUUID()}`);
    server.injectFailure(endpoint, injected);
    const err = await failure(session, `SELECT COUNT(*) AS m0 FROM ${table(server)}`);
    expect(err.kind).toBe(kind);
    expect(err.driverCode).toBe(injected.reason ?? `HTTP ${injected.status}`);
    expect(reactionTo(err).retry).toBe(RETRIED.has(kind));
  });

  it('an SQL error is an invalidQuery of cause syntax, never retried, from jobs.query and from polling', async () => {
    for (const server of [fake, polling]) {
      const session = await connect(bigquerySource(server, dataset.name), `errors-${randomUUID()}`);
      const err = await failure(session, `SELECT COUNT(no_such_column) AS m0 FROM ${table(server)}`);
      expect([err.kind, err.driverCode]).toEqual(['syntax', 'invalidQuery']);
      expect(reactionTo(err).retry).toBe(false);
      expect(err.message).toContain('no_such_column');
    }
  });

  it('a missing table is a notFound of cause object_not_found', async () => {
    const session = await connect(bigquerySource(fake, dataset.name), `errors-${randomUUID()}`);
    const err = await failure(session, `SELECT COUNT(*) AS m0 FROM ${table(fake, 'missing')}`);
    expect([err.kind, err.driverCode]).toEqual(['object_not_found', 'notFound']);
  });

  it('a refused refresh token is an authentication failure', async () => {
    const source = bigquerySource(fake, dataset.name, { credentials: fake.credentials('not-the-refresh-token') });
    const err = await failure(await connect(source, `errors-${randomUUID()}`), 'SELECT 1 AS m0');
    expect(err.kind).toBe('authentication_failed');
    expect(err.message).toContain('invalid_grant');
  });

  it('a revoked access token is an authentication failure', async () => {
    const session = await connect(bigquerySource(fake, dataset.name), `errors-${randomUUID()}`);
    await session.execute('SELECT 1 AS m0');
    fake.oauth.revokeAll();
    const err = await failure(session, 'SELECT 1 AS m0');
    expect([err.kind, err.driverCode]).toEqual(['authentication_failed', 'authError']);
  });

  it('an endpoint that refuses connections is connection_refused, retried', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const session = await connect(bigquerySource(fake, dataset.name, { api_endpoint: `http://127.0.0.1:${port}` }), `errors-${randomUUID()}`);
    const err = await failure(session, 'SELECT 1 AS m0');
    expect([err.kind, err.driverCode]).toEqual(['connection_refused', 'ECONNREFUSED']);
    expect(reactionTo(err).retry).toBe(true);
  });

  it('core retries an internal error of a statement, and fails a table at once on a syntax error', async () => {
    const statementOf = (name: string) => `FROM ${table(fake, name)}`;
    fake.injectFailure('jobs.query', { status: 503, reason: 'backendError', message: 'Backend Error', matching: statementOf('t') });
    fake.injectFailure('jobs.query', { status: 400, reason: 'invalidQuery', message: 'Syntax error: injected', matching: statementOf('u') });
    const config = engineConfig(
      {
        source: bigquerySource(fake, dataset.name),
        profiling: {
          tables: [
            { schema: dataset.name, table: 't' },
            { schema: dataset.name, table: 'u' },
          ],
          metrics: ['count'],
        },
        retry: { retries: 2, min_backoff: 0.01, max_backoff: 0.05 },
        // One table per statement: the failures are injected per table.
        execution: { batch_size: 1 },
      },
      store.path,
    );
    const engine = bigqueryEngine(config);
    const retried: string[] = [];
    engine.on('retry', (e) => retried.push(`${e.table.table}:${e.kind}`));
    const result = await engine.profile();
    const t = result.tables.find((x) => x.table === 't')!;
    const u = result.tables.find((x) => x.table === 'u')!;
    expect([t.status, t.statements[0]?.attempts]).toEqual(['succeeded', 2]);
    expect([u.status, u.error?.kind]).toEqual(['failed', 'syntax']);
    expect(retried).toEqual(['t:internal']);
  });
});
