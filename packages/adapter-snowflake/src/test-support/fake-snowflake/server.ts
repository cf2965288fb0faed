import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { authenticate, type FakeUser, type LoginData } from './auth.js';
import { readJson, sendChunk, sendJson, tokenOf } from './http.js';
import { Code, failure, inProgress, ok, type Envelope } from './protocol.js';
import { QueryEngine, type FakeQuery } from './queries.js';
import { finishedEnvelope, monitoringEntry, type ChunkPolicy, type StoredChunk } from './results.js';
import { DEFAULT_PARAMETERS, SessionStore, type FakeSession, type SessionLifetimes } from './sessions.js';
import { tagStoreDdl } from './tag-ddl.js';
import { catalogViews, type Bindings } from './translate.js';
import { varcharFunctions } from './output-formats.js';
import { Warehouse } from './warehouse.js';

/** The PostgreSQL the fake executes on: the test server (override with PGHOST/PGPORT). */
export const PG = { host: process.env.PGHOST ?? '127.0.0.1', port: Number(process.env.PGPORT ?? 5432), user: 'postgres', database: 'test' };

export type Route = 'login' | 'renew' | 'heartbeat' | 'logout' | 'telemetry' | 'query' | 'result' | 'abort' | 'monitoring' | 'chunk';

/** What a faulty route answers instead: an HTTP status, or a Snowflake error in a 200 answer. */
export type Fault = { readonly status: number } | { readonly code: string; readonly message: string; readonly sqlState?: string };

interface PendingFault {
  readonly fault: Fault;
  /** Only requests about a statement whose SQL passes (query and result requests). */
  readonly when?: (sql: string) => boolean;
}

export interface FakeSnowflakeOptions {
  readonly users: readonly FakeUser[];
  /** The warehouse's MAX_CONCURRENCY_LEVEL: statements beyond it queue (default 8). */
  readonly concurrencyLevel?: number;
  /** How long a query or result request is held before answering "in progress" (333333); Snowflake holds about 45 s. */
  readonly longPollMs?: number;
  readonly chunks?: ChunkPolicy;
  readonly lifetimes?: SessionLifetimes;
  /**
   * Databases the role may use (as stored, upper case); default any. A login naming another one
   * succeeds without a current database, as Snowflake's does, and statements naming it fail.
   */
  readonly usableDatabases?: readonly string[];
  /** The PostgreSQL database statements run on (default `PG.database`): a test listing every schema gives the fake one of its own. */
  readonly pgDatabase?: string;
}

/** A login as the server saw it. */
export interface LoginRecord {
  readonly user: string;
  readonly authenticator: string;
  readonly account: string | undefined;
  readonly application: string | undefined;
  readonly sessionParameters: Readonly<Record<string, unknown>>;
  readonly warehouse: string | undefined;
  readonly database: string | undefined;
  readonly schema: string | undefined;
  readonly role: string | undefined;
}

const isEnvelope = (value: FakeSession | Envelope): value is Envelope => 'success' in value;

/**
 * A local Snowflake: the REST protocol snowflake-sdk speaks (login, token renewal, heartbeat,
 * logout, query-request with long-polling and async execution, results with chunks, abort,
 * query monitoring), a warehouse that runs `concurrencyLevel` statements at once and queues the
 * rest, and statements executed on PostgreSQL after the translations in translate.ts.
 */
export class FakeSnowflake {
  readonly logins: LoginRecord[] = [];
  readonly requests: Record<Route, number> = { login: 0, renew: 0, heartbeat: 0, logout: 0, telemetry: 0, query: 0, result: 0, abort: 0, monitoring: 0, chunk: 0 };
  private readonly faults = new Map<Route, PendingFault[]>();
  private readonly chunks = new Map<string, StoredChunk[]>();

  private constructor(
    private readonly server: Server,
    private readonly pool: pg.Pool,
    readonly url: string,
    /** application_name of the PostgreSQL backends the fake runs statements on. */
    readonly applicationName: string,
    private readonly catalogSchema: string,
    readonly warehouse: Warehouse,
    private readonly engine: QueryEngine,
    private readonly sessions: SessionStore,
    private readonly options: FakeSnowflakeOptions,
  ) {}

  static async start(options: FakeSnowflakeOptions): Promise<FakeSnowflake> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const applicationName = `fake-snowflake ${port}`;
    const pool = new pg.Pool({ ...PG, database: options.pgDatabase ?? PG.database, max: 24, application_name: applicationName, options: '-c TimeZone=UTC -c DateStyle=ISO,MDY' });
    // An idle backend ended from outside (a test dropping its database WITH (FORCE)) is no failure of the fake.
    pool.on('error', () => undefined);
    const catalogSchema = `fake_sf_catalog_${process.pid}_${randomUUID().slice(0, 8)}`;
    await pool.query(`CREATE SCHEMA "${catalogSchema}"`);
    const tags = tagStoreDdl(catalogSchema);
    for (const view of [...catalogViews(catalogSchema), ...tags.ddl, ...varcharFunctions(`"${catalogSchema}"`)]) await pool.query(view);
    const warehouse = new Warehouse(options.concurrencyLevel ?? 8);
    const engine = new QueryEngine(pool, warehouse, catalogSchema, tags.stores, options.usableDatabases ? new Set(options.usableDatabases) : undefined);
    const sessions = new SessionStore(options.lifetimes ?? { sessionSeconds: 3600, masterSeconds: 14_400 });
    const fake = new FakeSnowflake(server, pool, `http://127.0.0.1:${port}`, applicationName, catalogSchema, warehouse, engine, sessions, options);
    server.on('request', (req, res) => {
      fake.handle(req, res).catch((err: unknown) => sendJson(res, 500, { success: false, message: String(err) }));
    });
    return fake;
  }

  /** Statements as the server ran them, in submission order. */
  queries(): FakeQuery[] {
    return this.engine.all();
  }

  /** The next `times` requests to `route` (about a statement whose SQL passes `when`) fail with `fault`. */
  injectFault(route: Route, fault: Fault, times = 1, when?: (sql: string) => boolean): void {
    const pending: PendingFault = when ? { fault, when } : { fault };
    this.faults.set(route, [...(this.faults.get(route) ?? []), ...Array<PendingFault>(times).fill(pending)]);
  }

  /** Drops the faults not yet served. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Expires every session token (the SDK renews it), or with `master` the master tokens too (it cannot). */
  expireSessions(options: { master: boolean }): void {
    this.sessions.expireAll(options.master);
  }

  get openSessions(): number {
    return this.sessions.size;
  }

  async stop(): Promise<void> {
    await this.engine.stop();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.pool.query(`DROP SCHEMA IF EXISTS "${this.catalogSchema}" CASCADE`).catch(() => undefined);
    await this.pool.end();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const route = routeOf(req.method ?? 'GET', url.pathname);
    if (!route) return sendJson(res, 404, { success: false, message: `no route ${req.method} ${url.pathname}` });
    this.requests[route]++;
    const body = req.method === 'POST' ? await readJson(req) : {};
    const idInPath = /^\/(?:queries|monitoring\/queries)\/([^/]+)/.exec(url.pathname)?.[1];
    const sql = route === 'query' ? String(body.sqlText ?? '') : route === 'result' && idInPath ? this.engine.get(idInPath)?.sqlText : undefined;
    const fault = this.takeFault(route, sql);
    if (fault && 'status' in fault) return sendJson(res, fault.status, { message: `injected HTTP ${fault.status}` });
    if (fault) return sendJson(res, 200, failure(fault.code, fault.message, fault.sqlState ? { sqlState: fault.sqlState } : {}));
    if (route === 'login') return sendJson(res, 200, this.login(url, body));
    if (route === 'chunk') return this.chunk(req, res, url.pathname);
    if (route === 'renew') {
      const renewed = this.sessions.renew(tokenOf(req), body.oldSessionToken);
      return sendJson(res, 200, isEnvelope(renewed) ? renewed : ok(this.tokens(renewed)));
    }
    const session = this.sessions.bySessionToken(tokenOf(req));
    if (isEnvelope(session)) return sendJson(res, 200, session);
    sendJson(res, 200, await this.authenticated(route, session, url, body, idInPath));
  }

  private takeFault(route: Route, sql: string | undefined): Fault | undefined {
    const pending = this.faults.get(route) ?? [];
    const at = pending.findIndex((p) => !p.when || (sql !== undefined && p.when(sql)));
    return at < 0 ? undefined : pending.splice(at, 1)[0]!.fault;
  }

  private async authenticated(route: Route, session: FakeSession, url: URL, body: Record<string, unknown>, idInPath: string | undefined): Promise<Envelope> {
    switch (route) {
      case 'heartbeat':
      case 'telemetry':
        return ok();
      case 'logout':
        this.sessions.delete(session);
        return ok();
      case 'query': {
        const requestId = url.searchParams.get('requestId') ?? randomUUID();
        const parameters = (body.parameters ?? {}) as Record<string, unknown>;
        const query = this.engine.submit(session, requestId, String(body.sqlText ?? ''), parameters, body.bindings as Bindings | undefined);
        return body.asyncExec === true ? inProgress(query.id, true) : this.answer(query);
      }
      case 'result': {
        const query = idInPath ? this.engine.get(idInPath) : undefined;
        return query ? this.answer(query) : failure('000709', `Statement ${idInPath} not found`);
      }
      case 'monitoring': {
        const query = idInPath ? this.engine.get(idInPath) : undefined;
        return ok({ queries: query ? [monitoringEntry(query)] : [] });
      }
      case 'abort': {
        const query = url.pathname === '/queries/v1/abort-request' ? this.engine.byRequestId(session, String(body.requestId)) : idInPath ? this.engine.get(idInPath) : undefined;
        return query && this.engine.cancel(query, 'abort') ? ok() : failure(Code.notExecuting, 'Identified SQL statement is not currently executing.');
      }
      default:
        return failure('000001', `unexpected route ${route}`);
    }
  }

  /** The statement's result once it finishes, or "in progress" after the long-poll interval. */
  private async answer(query: FakeQuery): Promise<Envelope> {
    await Promise.race([query.done, sleep(this.options.longPollMs ?? 500, undefined, { ref: false })]);
    if (!query.isFinished) return inProgress(query.id, false);
    query.resultFetches++;
    return finishedEnvelope(
      query,
      this.options.chunks ?? { inlineRows: 1000, chunkRows: 1000 },
      (i) => `${this.url}/chunks/${query.id}/${i}`,
      (chunks) => chunks.length > 0 && this.chunks.set(query.id, chunks),
    );
  }

  private login(url: URL, body: Record<string, unknown>): Envelope {
    const data = (body.data ?? {}) as LoginData;
    const user = authenticate(data, this.options.users);
    if ('success' in user) return user;
    const sessionParameters = data.SESSION_PARAMETERS ?? {};
    const fields = {
      warehouse: url.searchParams.get('warehouse') ?? undefined,
      database: this.usable(url.searchParams.get('databaseName') ?? undefined),
      schema: url.searchParams.get('schemaName') ?? undefined,
      role: url.searchParams.get('roleName') ?? undefined,
    };
    this.logins.push({
      user: user.name,
      authenticator: data.AUTHENTICATOR ?? 'SNOWFLAKE',
      account: data.ACCOUNT_NAME,
      application: data.CLIENT_ENVIRONMENT?.APPLICATION,
      sessionParameters,
      ...fields,
    });
    const session = this.sessions.open({ user: user.name, parameters: { ...sessionParameters }, ...fields });
    return ok({
      ...this.tokens(session),
      displayUserName: user.name,
      serverVersion: '9.0.0',
      firstLogin: false,
      healthCheckInterval: 45,
      parameters: Object.entries({ ...DEFAULT_PARAMETERS, ...session.parameters }).map(([name, value]) => ({ name, value })),
      sessionInfo: { databaseName: fields.database ?? null, schemaName: fields.schema ?? null, warehouseName: fields.warehouse ?? null, roleName: fields.role ?? 'PUBLIC' },
    });
  }

  /** The login's database when the role may use it: else the session has no current database. */
  private usable(database: string | undefined): string | undefined {
    const usable = this.options.usableDatabases;
    return database === undefined || !usable || usable.includes(database.toUpperCase()) ? database : undefined;
  }

  private tokens(session: FakeSession): Record<string, unknown> {
    const seconds = (at: number) => Math.max(0, Math.round((at - Date.now()) / 1000));
    return {
      sessionId: session.id,
      token: session.token,
      sessionToken: session.token,
      validityInSeconds: seconds(session.tokenExpiresAt),
      validityInSecondsST: seconds(session.tokenExpiresAt),
      masterToken: session.master,
      masterValidityInSeconds: seconds(session.masterExpiresAt),
      validityInSecondsMT: seconds(session.masterExpiresAt),
    };
  }

  /** Result chunks, as cloud storage serves them: only with the query's key in the SSE-C header. */
  private chunk(req: IncomingMessage, res: ServerResponse, path: string): void {
    const [, , queryId = '', index = ''] = path.split('/');
    const chunk = this.chunks.get(queryId)?.[Number(index)];
    if (!chunk || req.headers['x-amz-server-side-encryption-customer-key'] !== chunk.key) sendJson(res, 400, { message: 'no such chunk, or wrong key' });
    else sendChunk(res, chunk.rowsText);
  }
}

function routeOf(method: string, path: string): Route | undefined {
  if (method === 'GET') {
    if (/^\/queries\/[^/]+\/result$/.test(path)) return 'result';
    if (/^\/monitoring\/queries\/[^/]+$/.test(path)) return 'monitoring';
    if (/^\/chunks\/[^/]+\/\d+$/.test(path)) return 'chunk';
    return undefined;
  }
  if (method !== 'POST') return undefined;
  const routes: Record<string, Route> = {
    '/session/v1/login-request': 'login',
    '/session/token-request': 'renew',
    '/session/heartbeat': 'heartbeat',
    '/session': 'logout',
    '/telemetry/send': 'telemetry',
    '/queries/v1/query-request': 'query',
    '/queries/v1/abort-request': 'abort',
  };
  if (routes[path]) return routes[path];
  return /^\/queries\/[^/]+\/abort-request$/.test(path) ? 'abort' : undefined;
}
