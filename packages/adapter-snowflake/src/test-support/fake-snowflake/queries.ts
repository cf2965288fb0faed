import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { outputFormats, rewriteVarcharCasts } from './output-formats.js';
import { encodeResult, type EncodedResult } from './rowset.js';
import { DEFAULT_PARAMETERS, type FakeSession } from './sessions.js';
import { canceledFailure, noWarehouseFailure, snowflakeFailure, timeoutFailure, type SqlFailure } from './sql-errors.js';
import { tagCommand, type TagStores } from './tag-ddl.js';
import { resultColumnName, translate, type Bindings } from './translate.js';
import type { Warehouse } from './warehouse.js';

export type QueryStatus = 'QUEUED' | 'RUNNING' | 'SUCCESS' | 'FAILED_WITH_ERROR' | 'ABORTED';
type CancelReason = 'abort' | 'timeout' | 'queued_timeout';

/** Every value as PostgreSQL's text: the fake encodes them itself, exactly. */
const RAW_TEXT = { getTypeParser: () => (value: string) => value };

/** One statement submitted to the fake warehouse. */
export class FakeQuery {
  readonly id = randomUUID();
  readonly submittedAt = Date.now();
  status: QueryStatus = 'QUEUED';
  /** Finished results served for it: each fetch gets fresh chunk URLs. */
  resultFetches = 0;
  startedAt: number | undefined;
  endedAt: number | undefined;
  result: EncodedResult | undefined;
  failure: SqlFailure | undefined;
  /** The PostgreSQL backend running it, while it runs. */
  pid: number | undefined;
  cancelReason: CancelReason | undefined;
  /** A pg_cancel_backend in flight: the backend is not handed to another statement before it lands. */
  cancelling: Promise<unknown> | undefined;
  readonly controller = new AbortController();
  readonly done: Promise<void>;
  private finished!: () => void;

  constructor(
    readonly session: FakeSession,
    readonly requestId: string,
    readonly sqlText: string,
    /** Session parameters with the statement's overrides: what the statement ran with. */
    readonly parameters: Readonly<Record<string, unknown>>,
  ) {
    this.done = new Promise((resolve) => (this.finished = resolve));
  }

  get queryTag(): string | undefined {
    const tag = this.parameters.QUERY_TAG;
    return typeof tag === 'string' ? tag : undefined;
  }

  get isFinished(): boolean {
    return this.endedAt !== undefined;
  }

  /** Time spent waiting for a warehouse slot. */
  get queuedMs(): number {
    return (this.startedAt ?? this.endedAt ?? Date.now()) - this.submittedAt;
  }

  finish(outcome: { result: EncodedResult } | { failure: SqlFailure }): void {
    if ('result' in outcome) {
      this.result = outcome.result;
      this.status = 'SUCCESS';
    } else {
      this.failure = outcome.failure;
      this.status = this.cancelReason === 'abort' ? 'ABORTED' : 'FAILED_WITH_ERROR';
    }
    this.endedAt = Date.now();
    this.finished();
  }
}

function seconds(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** Runs submitted statements through the warehouse's admission on PostgreSQL, and cancels them there. */
export class QueryEngine {
  private readonly queries = new Map<string, FakeQuery>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly warehouse: Warehouse,
    private readonly catalogSchema: string,
    private readonly tagStores: TagStores,
    /** Databases the role may use, upper case; undefined: any. */
    private readonly usableDatabases?: ReadonlySet<string>,
  ) {}

  /** A new statement, or the one this session already submitted with this request id (a retried request). */
  submit(session: FakeSession, requestId: string, sqlText: string, statementParameters: Record<string, unknown>, bindings: Bindings | undefined): FakeQuery {
    const existing = this.byRequestId(session, requestId);
    if (existing) return existing;
    const query = new FakeQuery(session, requestId, sqlText, { ...DEFAULT_PARAMETERS, ...session.parameters, ...statementParameters });
    this.queries.set(query.id, query);
    void this.execute(query, bindings);
    return query;
  }

  get(id: string): FakeQuery | undefined {
    return this.queries.get(id);
  }

  byRequestId(session: FakeSession, requestId: string): FakeQuery | undefined {
    return [...this.queries.values()].find((q) => q.session.id === session.id && q.requestId === requestId);
  }

  all(): FakeQuery[] {
    return [...this.queries.values()];
  }

  /** Cancels a statement that has not finished: dequeued if waiting, pg_cancel_backend if running. */
  cancel(query: FakeQuery, reason: CancelReason): boolean {
    if (query.isFinished) return false;
    query.cancelReason ??= reason;
    query.controller.abort(new Error(`cancelled: ${reason}`));
    if (query.pid !== undefined) query.cancelling = this.pool.query('SELECT pg_cancel_backend($1)', [query.pid]).catch(() => undefined);
    return true;
  }

  async stop(): Promise<void> {
    for (const query of this.queries.values()) this.cancel(query, 'abort');
    await Promise.all([...this.queries.values()].map((q) => q.done));
  }

  private failureFor(query: FakeQuery, err: unknown): SqlFailure {
    if (query.cancelReason === 'abort') return canceledFailure();
    if (query.cancelReason === 'timeout') return timeoutFailure(seconds(query.parameters.STATEMENT_TIMEOUT_IN_SECONDS));
    if (query.cancelReason === 'queued_timeout') return timeoutFailure(seconds(query.parameters.STATEMENT_QUEUED_TIMEOUT_IN_SECONDS));
    return snowflakeFailure(err);
  }

  private async execute(query: FakeQuery, bindings: Bindings | undefined): Promise<void> {
    if (!query.session.warehouse) return query.finish({ failure: noWarehouseFailure() });
    const queuedSeconds = seconds(query.parameters.STATEMENT_QUEUED_TIMEOUT_IN_SECONDS);
    const queuedTimer = queuedSeconds > 0 ? setTimeout(() => this.cancel(query, 'queued_timeout'), queuedSeconds * 1000) : undefined;
    let release: () => void;
    try {
      release = await this.warehouse.admit(query.controller.signal);
    } catch (err) {
      return query.finish({ failure: this.failureFor(query, err) });
    } finally {
      clearTimeout(queuedTimer);
    }
    query.status = 'RUNNING';
    query.startedAt = Date.now();
    const statementSeconds = seconds(query.parameters.STATEMENT_TIMEOUT_IN_SECONDS);
    const statementTimer = statementSeconds > 0 ? setTimeout(() => this.cancel(query, 'timeout'), statementSeconds * 1000) : undefined;
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      query.pid = (client as unknown as { processID: number }).processID;
      if (query.cancelReason) throw new Error('cancelled before it started');
      const where = { database: query.session.database ?? '', schema: query.session.schema ?? '' };
      const command = tagCommand(query.sqlText, this.tagStores, query.session);
      if (command) {
        // DDL answers with one `status` row, as Snowflake's does.
        const status = { text: 'SELECT $1::text AS status', values: [await command(client)], rowMode: 'array', types: RAW_TEXT };
        const answer = (await client.query(status as unknown as pg.QueryConfig)) as unknown as pg.QueryArrayResult<Array<string | null>>;
        return query.finish({ result: encodeResult(answer.fields, answer.rows, ['status'], where) });
      }
      const translation = translate(query.sqlText, bindings, this.catalogSchema, {
        current: query.session.database,
        ...(this.usableDatabases ? { usable: this.usableDatabases } : {}),
      });
      // The statement's TIMEZONE and output formats, as Snowflake applies them to CAST(... AS VARCHAR).
      const text = rewriteVarcharCasts(translation.text, `"${this.catalogSchema}"`, outputFormats(query.parameters));
      await client.query("SELECT set_config('TimeZone', $1, false)", [String(query.parameters.TIMEZONE)]);
      // Extended protocol: one statement per request, as Snowflake's default MULTI_STATEMENT_COUNT = 1.
      const config = { text, values: translation.values, rowMode: 'array', types: RAW_TEXT, queryMode: 'extended' };
      const result = (await client.query(config as unknown as pg.QueryConfig)) as unknown as pg.QueryArrayResult<Array<string | null>>;
      const names = result.fields.map((f) => resultColumnName(f.name, translation));
      query.finish({ result: encodeResult(result.fields, result.rows, names, where) });
    } catch (err) {
      query.finish({ failure: this.failureFor(query, err) });
    } finally {
      clearTimeout(statementTimer);
      query.pid = undefined;
      await query.cancelling;
      client?.release();
      release();
    }
  }
}
