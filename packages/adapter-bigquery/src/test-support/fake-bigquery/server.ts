import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BigQueryHttpError } from './bigquery-errors.js';
import type { FakeJob } from './fake-job.js';
import { JobEngine, type PgTarget } from './jobs.js';
import { FakeOAuth } from './oauth.js';
import type { DatasetEntry, LabelsPatch } from './fake-catalog.js';
import { decodeToken, encodeToken, jobReference, jobResource, resultsPage } from './responses.js';
import { insertSpec, querySpec, type InsertRequestBody, type QueryRequestBody } from './requests.js';

export type Endpoint = 'token' | 'jobs.query' | 'jobs.getQueryResults' | 'jobs.insert' | 'jobs.get' | 'jobs.cancel' | 'datasets.get' | 'datasets.list' | 'tables.patch';

export interface FakeBigQueryOptions {
  readonly pg: PgTarget;
  readonly project?: string;
  readonly location?: string;
  /** Where datasets (PostgreSQL schemas) live when not in `location`; a job run elsewhere does not find them. */
  readonly datasetLocations?: Readonly<Record<string, string>>;
  /** Pending or running queries allowed at once; more are refused with rateLimitExceeded (403). */
  readonly concurrentQueryLimit?: number;
  /** How long each job stays PENDING before it runs. */
  readonly queueDelayMs?: number;
  /** Select-list items past which a query fails as too complex (resourcesExceeded). */
  readonly maxSelectExpressions?: number;
  /** Rows (and datasets.list entries) per page at most, whatever maxResults asks (BigQuery also pages by size). */
  readonly maxPageRows?: number;
  /** Caps the wait of jobs.query and getQueryResults, so clients must poll (BigQuery may answer early too). */
  readonly maxWaitMs?: number;
  /** Bytes billed at least per table or metadata view a query references; BigQuery's on-demand minimum is 10 MiB. */
  readonly minimumBytesBilled?: number;
}

/** What a test can make the next request to an endpoint answer instead. */
export interface InjectedFailure {
  readonly status: number;
  readonly reason?: string;
  readonly message: string;
  /** A non-JSON body (a proxy's HTML error page), sent instead of BigQuery's error JSON. */
  readonly rawBody?: string;
  /** Only a request whose body contains this text gets the failure (default: the next request). */
  readonly matching?: string;
}

export interface RequestRecord {
  readonly endpoint: Endpoint;
  /** Whether the path had the `/bigquery/v2` prefix (the SDK adds it to `apiEndpoint`). */
  readonly prefixed: boolean;
  readonly jobId?: string;
  readonly pageToken?: string;
}

const DEFAULT_WAIT_MS = 10_000;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly endpoint: Endpoint;
}

const ROUTES: readonly Route[] = [
  { method: 'POST', pattern: /^\/token$/, endpoint: 'token' },
  { method: 'POST', pattern: /^\/projects\/([^/]+)\/queries$/, endpoint: 'jobs.query' },
  { method: 'GET', pattern: /^\/projects\/([^/]+)\/queries\/([^/]+)$/, endpoint: 'jobs.getQueryResults' },
  { method: 'POST', pattern: /^\/projects\/([^/]+)\/jobs$/, endpoint: 'jobs.insert' },
  { method: 'GET', pattern: /^\/projects\/([^/]+)\/jobs\/([^/]+)$/, endpoint: 'jobs.get' },
  { method: 'POST', pattern: /^\/projects\/([^/]+)\/jobs\/([^/]+)\/cancel$/, endpoint: 'jobs.cancel' },
  { method: 'GET', pattern: /^\/projects\/([^/]+)\/datasets\/([^/]+)$/, endpoint: 'datasets.get' },
  { method: 'GET', pattern: /^\/projects\/([^/]+)\/datasets$/, endpoint: 'datasets.list' },
  { method: 'PATCH', pattern: /^\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/, endpoint: 'tables.patch' },
];

/**
 * A local BigQuery REST v2 server for tests: the endpoints the official SDK calls, answered with
 * BigQuery's JSON shapes, running the SQL on PostgreSQL. Binds 127.0.0.1 on an ephemeral port.
 */
export class FakeBigQuery {
  readonly oauth = new FakeOAuth();
  readonly jobs: JobEngine;
  readonly requests: RequestRecord[] = [];
  readonly project: string;
  private readonly failures = new Map<Endpoint, InjectedFailure[]>();
  private readonly server: Server;
  private readonly maxPageRows: number;
  private readonly maxWaitMs: number;

  private constructor(options: FakeBigQueryOptions) {
    this.project = options.project ?? 'baselinr-test';
    this.maxPageRows = options.maxPageRows ?? Number.MAX_SAFE_INTEGER;
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_WAIT_MS;
    this.jobs = new JobEngine(options.pg, {
      project: this.project,
      location: options.location ?? 'US',
      datasetLocations: options.datasetLocations ?? {},
      queueDelayMs: options.queueDelayMs ?? 0,
      minimumBytesBilled: options.minimumBytesBilled ?? 10 * 1024 * 1024,
      ...(options.concurrentQueryLimit !== undefined ? { concurrentQueryLimit: options.concurrentQueryLimit } : {}),
      ...(options.maxSelectExpressions !== undefined ? { maxSelectExpressions: options.maxSelectExpressions } : {}),
    });
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  static async start(options: FakeBigQueryOptions): Promise<FakeBigQuery> {
    const fake = new FakeBigQuery(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', () => resolve());
    });
    return fake;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Credentials the SDK accepts without any request leaving loopback. */
  credentials(refreshToken?: string): Record<string, string> {
    return this.oauth.credentials(this.url, refreshToken);
  }

  /** The next request to `endpoint` (whose body contains `failure.matching`) answers `failure` instead; one per call, in order. */
  injectFailure(endpoint: Endpoint, failure: InjectedFailure): void {
    const queue = this.failures.get(endpoint) ?? [];
    queue.push(failure);
    this.failures.set(endpoint, queue);
  }

  private takeFailure(endpoint: Endpoint, body: string): InjectedFailure | undefined {
    const queue = this.failures.get(endpoint) ?? [];
    const index = queue.findIndex((f) => f.matching === undefined || body.includes(f.matching));
    return index < 0 ? undefined : queue.splice(index, 1)[0];
  }

  async close(): Promise<void> {
    await this.jobs.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const prefixed = url.pathname.startsWith('/bigquery/v2/');
      const path = prefixed ? url.pathname.slice('/bigquery/v2'.length) : url.pathname;
      const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(path));
      if (!route) throw new BigQueryHttpError(404, 'notFound', `Not found: ${req.method} ${path}`);
      // After the project: a job id, or a dataset id (and a table id for tables.patch).
      const [, project, ...ids] = route.pattern.exec(path)!.map((part) => decodeURIComponent(part));
      const jobId = ids[0];
      const body = await readBody(req);
      this.requests.push({ endpoint: route.endpoint, prefixed, ...(jobId ? { jobId } : {}), ...pageTokenOf(url) });
      const failure = this.takeFailure(route.endpoint, body);
      if (failure) return sendFailure(res, failure);
      if (route.endpoint === 'token') {
        const { status, body: answer } = this.oauth.exchange(req.headers.authorization, new URLSearchParams(body));
        return send(res, status, answer);
      }
      if (!this.oauth.isAuthorized(req.headers.authorization)) {
        throw new BigQueryHttpError(
          401,
          'authError',
          'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        );
      }
      if (project !== this.project) throw new BigQueryHttpError(404, 'notFound', `Not found: Project ${project}`);
      send(res, 200, await this.answer(route.endpoint, ids, url.searchParams, body));
    } catch (err) {
      const error = err instanceof BigQueryHttpError ? err : new BigQueryHttpError(500, 'internalError', `fake BigQuery failed: ${(err as Error).message}`);
      send(res, error.status, error.body);
    }
  }

  private async answer(endpoint: Endpoint, ids: readonly string[], qs: URLSearchParams, body: string): Promise<object> {
    // A job id, or a dataset id (and a table id for tables.patch).
    const [id, tableId] = ids;
    switch (endpoint) {
      case 'jobs.query': {
        const request = JSON.parse(body) as QueryRequestBody;
        if (request.useLegacySql !== false) throw new BigQueryHttpError(400, 'invalid', 'the fake runs GoogleSQL only: send useLegacySql: false');
        const job = this.jobs.submit(querySpec(request));
        return this.results(job, request.timeoutMs, 0, request.maxResults, (done) => ({ kind: 'bigquery#queryResponse', ...timing(done) }));
      }
      case 'jobs.getQueryResults': {
        const job = this.job(id!, qs);
        const token = qs.get('pageToken');
        const offset = token ? decodeToken(token) : 0;
        if (offset === undefined) throw new BigQueryHttpError(400, 'invalid', `Invalid page token: ${token}`);
        return this.results(job, numberParam(qs, 'timeoutMs'), offset, numberParam(qs, 'maxResults'), () => ({
          kind: 'bigquery#getQueryResultsResponse',
          etag: `"${job.id}"`,
        }));
      }
      case 'jobs.insert': {
        const request = JSON.parse(body) as InsertRequestBody;
        const query = request.configuration?.query;
        if (!query?.query) throw new BigQueryHttpError(400, 'invalid', 'Required parameter is missing: configuration.query.query');
        if (query.useLegacySql !== false) throw new BigQueryHttpError(400, 'invalid', 'the fake runs GoogleSQL only: set useLegacySql: false');
        const job = this.jobs.submit(insertSpec(request, query));
        return jobResource(job, this.project);
      }
      case 'jobs.get':
        return jobResource(this.job(id!, qs), this.project);
      case 'datasets.get': {
        const location = await this.jobs.catalog.datasetLocation(id!);
        if (!location) throw new BigQueryHttpError(404, 'notFound', `Not found: Dataset ${this.project}:${id}`);
        return { kind: 'bigquery#dataset', ...this.datasetEntry({ name: id!, location }) };
      }
      case 'datasets.list':
        return this.datasetList(qs);
      case 'tables.patch': {
        const { labels, ...rest } = JSON.parse(body || '{}') as { labels?: LabelsPatch };
        const others = Object.keys(rest);
        if (others.length > 0) throw new BigQueryHttpError(400, 'invalid', `the fake's tables.patch changes labels only, not ${others.join(', ')}`);
        return this.jobs.catalog.patchLabels(this.project, id!, tableId!, labels ?? {});
      }
      case 'jobs.cancel': {
        const job = this.job(id!, qs);
        this.jobs.cancel(job);
        return { kind: 'bigquery#jobCancelResponse', job: jobResource(job, this.project) };
      }
      default:
        throw new BigQueryHttpError(404, 'notFound', `Not found: ${endpoint}`);
    }
  }

  /** datasets.list: one page of datasets, with their locations; hidden datasets only with `all=true`. */
  private async datasetList(qs: URLSearchParams): Promise<object> {
    const datasets = await this.jobs.catalog.datasets(qs.get('all') === 'true');
    const token = qs.get('pageToken');
    const offset = token ? decodeToken(token) : 0;
    if (offset === undefined) throw new BigQueryHttpError(400, 'invalid', `Invalid page token: ${token}`);
    const page = datasets.slice(offset, offset + Math.min(numberParam(qs, 'maxResults') ?? Number.MAX_SAFE_INTEGER, this.maxPageRows));
    const next = offset + page.length;
    return {
      kind: 'bigquery#datasetList',
      etag: `"${datasets.length}"`,
      // BigQuery leaves out an empty list.
      ...(page.length > 0 ? { datasets: page.map((d) => ({ kind: 'bigquery#dataset', ...this.datasetEntry(d), type: 'DEFAULT' })) } : {}),
      ...(next < datasets.length ? { nextPageToken: encodeToken(next) } : {}),
    };
  }

  private datasetEntry({ name, location }: DatasetEntry): object {
    return { id: `${this.project}:${name}`, datasetReference: { projectId: this.project, datasetId: name }, location };
  }

  /** Waits for the job up to the client's timeout, then answers its state or a page of rows. */
  private async results(job: FakeJob, timeoutMs: number | undefined, offset: number, maxResults: number | undefined, extra: (job: FakeJob) => object): Promise<object> {
    await job.settled(Math.min(timeoutMs ?? DEFAULT_WAIT_MS, this.maxWaitMs));
    if (job.error) throw BigQueryHttpError.of(job.error);
    if (job.state !== 'DONE') return { ...extra(job), jobReference: jobReference(job, this.project), jobComplete: false };
    return { ...extra(job), ...resultsPage(job, this.project, offset, Math.min(maxResults ?? Number.MAX_SAFE_INTEGER, this.maxPageRows)) };
  }

  /** A job is found by id and location; only jobs in the US multi-region may be named without one. */
  private job(id: string, qs: URLSearchParams): FakeJob {
    const job = this.jobs.get(id);
    const location = qs.get('location') ?? 'US';
    if (!job || job.location !== location) throw new BigQueryHttpError(404, 'notFound', `Not found: Job ${this.project}:${location}.${id}`);
    return job;
  }
}

/** jobs.query tells when the job was created, started and ended (milliseconds since the epoch, as text). */
function timing(job: FakeJob): object {
  const text = (t: number | undefined) => (t === undefined ? undefined : String(t));
  return { creationTime: text(job.creationTime), startTime: text(job.startTime), endTime: text(job.endTime) };
}

function numberParam(qs: URLSearchParams, key: string): number | undefined {
  const value = qs.get(key);
  return value === null ? undefined : Number(value);
}

function pageTokenOf(url: URL): { pageToken?: string } {
  const token = url.searchParams.get('pageToken');
  return token ? { pageToken: token } : {};
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: object): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}

function sendFailure(res: ServerResponse, failure: InjectedFailure): void {
  if (failure.rawBody !== undefined) {
    res.writeHead(failure.status, { 'content-type': 'text/html; charset=UTF-8' });
    res.end(failure.rawBody);
    return;
  }
  send(res, failure.status, new BigQueryHttpError(failure.status, failure.reason, failure.message).body);
}
