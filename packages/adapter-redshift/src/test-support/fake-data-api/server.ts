import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { OPERATIONS, Operations, type Operation } from './operations.js';
import { verifySignature, type FakeCredentials } from './sigv4.js';
import { StatementEngine, type Behaviour, type EngineStats, type FakeStatement } from './statement-engine.js';
import { catalogViews } from './translation.js';
import { DataApiError, apiErrors, toJson } from './wire.js';

export { apiErrors, DataApiError } from './wire.js';
export type { Behaviour, FakeStatement, Operation };

const TARGET_PREFIX = 'RedshiftData.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
const SIGNING_SERVICE = 'redshift-data';

export interface FakeDataApiOptions {
  /** The PostgreSQL the statements run on. */
  readonly pg: { readonly host: string; readonly port: number; readonly user: string; readonly database: string };
  readonly credentials: FakeCredentials;
  /** The Redshift database name clients must send (any other fails like a missing database). */
  readonly database?: string;
  readonly clusterIdentifier?: string;
  readonly workgroupName?: string;
  /** PostgreSQL backends for statements: more wait in PICKED, as in a WLM queue. */
  readonly poolSize?: number;
  readonly behaviour?: Partial<Behaviour>;
  /** The client's database user is not a superuser: SVV_TABLE_INFO shows it nothing (it owns none of the test tables). */
  readonly ordinaryUser?: boolean;
}

/**
 * A local Redshift Data API for tests: the awsJson1_1 protocol on 127.0.0.1 (POST / with
 * `X-Amz-Target: RedshiftData.<Operation>`, SigV4-signed), ExecuteStatement, DescribeStatement,
 * GetStatementResult (paged) and CancelStatement, executing the SQL on PostgreSQL. It can queue
 * and slow statements, refuse them above N active ones, and fail chosen calls with the errors the
 * service returns. Only the real SDK talks to it.
 */
export class FakeDataApi {
  readonly database: string;
  readonly clusterIdentifier: string;
  readonly workgroupName: string;
  /** PostgreSQL application_name of the statements' backends, to find them in pg_stat_activity. */
  readonly applicationName: string;
  private readonly callCounts = new Map<string, number>();
  private readonly faults = new Map<Operation, DataApiError[]>();
  private readonly operations: Operations;

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    private readonly engine: StatementEngine,
    private readonly pools: readonly pg.Pool[],
    private readonly catalogSchema: string,
    private readonly credentials: FakeCredentials,
    readonly url: string,
    names: { database: string; clusterIdentifier: string; workgroupName: string; applicationName: string },
  ) {
    this.database = names.database;
    this.clusterIdentifier = names.clusterIdentifier;
    this.workgroupName = names.workgroupName;
    this.applicationName = names.applicationName;
    this.operations = new Operations(engine, names);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.respond(req, res));
  }

  static async start(options: FakeDataApiOptions): Promise<FakeDataApi> {
    const suffix = randomUUID().slice(0, 8);
    const catalogSchema = `fake_redshift_${suffix}`;
    const applicationName = `fake-redshift-data ${suffix}`;
    const connection = { ...options.pg, application_name: applicationName };
    const statements = new pg.Pool({
      ...connection,
      max: options.poolSize ?? 12,
      // Redshift's defaults; the catalog views come first, as Redshift's system views would.
      options: `-c search_path=${catalogSchema},public -c TimeZone=UTC -c DateStyle=ISO -c IntervalStyle=postgres`,
      // Every value as PostgreSQL's text, so integers and numerics reach the wire with all their digits.
      types: { getTypeParser: () => (text: string) => text },
    });
    const cancels = new pg.Pool({ ...connection, max: 2 });
    for (const pool of [statements, cancels]) pool.on('error', () => undefined);
    await cancels.query(`CREATE SCHEMA ${catalogSchema}`);
    for (const ddl of catalogViews(catalogSchema, options.ordinaryUser)) await cancels.query(ddl);
    const { rows } = await cancels.query<{ oid: number; typname: string }>('SELECT oid::int AS oid, typname FROM pg_type');
    const database = options.database ?? 'dev';
    const engine = new StatementEngine(statements, cancels, new Map(rows.map((r) => [r.oid, r.typname])), database, {
      queueMs: 0,
      runMs: 0,
      pageSize: 1000,
      ...options.behaviour,
    });
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new FakeDataApi(server, engine, [statements, cancels], catalogSchema, options.credentials, `http://127.0.0.1:${port}`, {
      database,
      clusterIdentifier: options.clusterIdentifier ?? 'baselinr-test-cluster',
      workgroupName: options.workgroupName ?? 'baselinr-test-workgroup',
      applicationName,
    });
  }

  configure(change: Partial<Behaviour>): void {
    this.engine.configure(change);
  }

  /** The next `times` calls of `operation` fail with `error` (after authentication, as the service's would). */
  failNext(operation: Operation, error: DataApiError, times = 1): void {
    const queue = this.faults.get(operation) ?? [];
    queue.push(...Array.from({ length: times }, () => error));
    this.faults.set(operation, queue);
  }

  /** Requests received for an operation, failed ones included. */
  calls(operation: Operation): number {
    return this.callCounts.get(operation) ?? 0;
  }

  statements(): FakeStatement[] {
    return this.engine.all();
  }

  stats(): EngineStats {
    return this.engine.peaks();
  }

  /** Starts counting peaks afresh, from what is active now. */
  resetStats(): void {
    this.engine.resetPeaks();
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    await this.engine.drain();
    await this.pools[1]!.query(`DROP SCHEMA IF EXISTS ${this.catalogSchema} CASCADE`).catch(() => undefined);
    await Promise.all(this.pools.map((p) => p.end()));
  }

  private async respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    try {
      const operation = this.operationOf(req);
      this.callCounts.set(operation, this.calls(operation) + 1);
      verifySignature(req.method ?? '', '/', req.headers, body, this.credentials, SIGNING_SERVICE);
      const fault = this.faults.get(operation)?.shift();
      if (fault) throw fault;
      const output = this.operations.handle(operation, parseInput(body));
      send(res, 200, toJson(output));
    } catch (err) {
      // Anything but a DataApiError is a bug in the fake: say so, since the adapter would retry the 500 quietly.
      if (!(err instanceof DataApiError)) console.error('fake Data API failed:', err);
      const error = err instanceof DataApiError ? err : apiErrors.internal();
      send(res, error.status, error.body(), error.type);
    }
  }

  private operationOf(req: IncomingMessage): Operation {
    const target = req.headers['x-amz-target'];
    const name = typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    if (req.method !== 'POST' || req.url !== '/' || !OPERATIONS.includes(name as Operation)) throw apiErrors.unknownOperation();
    if (!String(req.headers['content-type']).startsWith(CONTENT_TYPE)) throw apiErrors.serialization(`Content-Type must be ${CONTENT_TYPE}`);
    return name as Operation;
  }
}

function parseInput(body: Buffer): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8') || '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Refused below.
  }
  throw apiErrors.serialization('The request body is not a JSON object.');
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: string, errorType?: string): void {
  res.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(body);
}
