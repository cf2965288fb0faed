import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { PostgresStatement } from './translation.js';
import { RawJson, encodeField } from './wire.js';

export type StatementStatus = 'SUBMITTED' | 'PICKED' | 'STARTED' | 'FINISHED' | 'FAILED' | 'ABORTED';

const ACTIVE: ReadonlySet<StatementStatus> = new Set(['SUBMITTED', 'PICKED', 'STARTED']);

/** How the fake behaves for the statements submitted from now on; tests change it between cases. */
export interface Behaviour {
  /** Time a statement stays SUBMITTED before it may run: the service's and WLM's queue. */
  readonly queueMs: number;
  /** `pg_sleep` on the statement's own backend before the statement: it runs longer, and stays cancellable. */
  readonly runMs: number;
  /** ExecuteStatement beyond this many active statements fails with ActiveStatementsExceededException. */
  readonly maxActiveStatements?: number;
  /** Rows per GetStatementResult page. */
  readonly pageSize: number;
}

/** What ExecuteStatement asked for, kept so tests can check it on the server side. */
export interface StatementRequest {
  readonly sql: string;
  readonly parameters: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly statementName?: string;
  readonly database: string;
  readonly clusterIdentifier?: string;
  readonly workgroupName?: string;
  readonly dbUser?: string;
  readonly secretArn?: string;
}

export interface FakeStatement {
  readonly id: string;
  readonly request: StatementRequest;
  status: StatementStatus;
  readonly createdAt: number;
  updatedAt: number;
  /** When it began running on PostgreSQL, and when it ended there. */
  startedAt?: number;
  endedAt?: number;
  error?: string;
  pid?: number;
  cancelRequested: boolean;
  columns: Array<Record<string, unknown>>;
  records: Array<Array<Record<string, unknown>>>;
  hasResultSet: boolean;
}

export interface EngineStats {
  /** Most statements active (SUBMITTED, PICKED or STARTED) at once. */
  readonly peakActive: number;
  /** Most statements running on PostgreSQL at once. */
  readonly peakRunning: number;
  /** ExecuteStatement calls refused with ActiveStatementsExceededException. */
  readonly refused: number;
}

/** pg sets processID from the server's BackendKeyData; @types/pg does not declare it. */
interface WithProcessId {
  readonly processID?: number;
}

/**
 * The statements' life on PostgreSQL: SUBMITTED (queued), PICKED (waiting for a backend),
 * STARTED (running), then FINISHED, FAILED or ABORTED. Cancelling a running statement calls
 * pg_cancel_backend on its backend until the statement gives up.
 */
export class StatementEngine {
  private readonly statements = new Map<string, FakeStatement>();
  private readonly running = new Map<string, { abort: AbortController; settled: Promise<void> }>();
  private readonly background = new Set<Promise<void>>();
  private active = 0;
  private started = 0;
  private stats: { peakActive: number; peakRunning: number; refused: number } = { peakActive: 0, peakRunning: 0, refused: 0 };

  constructor(
    private readonly pool: pg.Pool,
    private readonly cancels: pg.Pool,
    private readonly typeNames: ReadonlyMap<number, string>,
    private readonly database: string,
    private behaviour: Behaviour,
  ) {}

  configure(change: Partial<Behaviour>): void {
    this.behaviour = { ...this.behaviour, ...change };
  }

  get pageSize(): number {
    return this.behaviour.pageSize;
  }

  /** Admits a statement, or returns the active-statements limit it would exceed. */
  admit(request: StatementRequest, statement: PostgresStatement): FakeStatement | { refusedAbove: number } {
    const limit = this.behaviour.maxActiveStatements;
    if (limit !== undefined && this.active >= limit) {
      this.stats.refused++;
      return { refusedAbove: limit };
    }
    const now = Date.now();
    const record: FakeStatement = {
      id: randomUUID(),
      request,
      status: 'SUBMITTED',
      createdAt: now,
      updatedAt: now,
      cancelRequested: false,
      columns: [],
      records: [],
      hasResultSet: false,
    };
    this.statements.set(record.id, record);
    this.countActive(1, 0);
    const abort = new AbortController();
    const settled = this.execute(record, statement, abort.signal);
    this.running.set(record.id, { abort, settled });
    void settled.finally(() => this.running.delete(record.id));
    return record;
  }

  get(id: string): FakeStatement | undefined {
    return this.statements.get(id);
  }

  all(): FakeStatement[] {
    return [...this.statements.values()];
  }

  peaks(): EngineStats {
    return { ...this.stats };
  }

  resetPeaks(): void {
    this.stats = { peakActive: this.active, peakRunning: this.started, refused: 0 };
  }

  /** Stops a statement: at once while it waits, with pg_cancel_backend once it runs. */
  cancel(statement: FakeStatement): void {
    statement.cancelRequested = true;
    const run = this.running.get(statement.id);
    if (!run) return;
    run.abort.abort();
    const signalling = this.signalBackend(statement, run.settled);
    this.background.add(signalling);
    void signalling.finally(() => this.background.delete(signalling));
  }

  /** Waits for every statement and cancel in progress, so the pools can close cleanly. */
  async drain(): Promise<void> {
    for (const statement of this.statements.values()) if (ACTIVE.has(statement.status)) this.cancel(statement);
    await Promise.allSettled([...[...this.running.values()].map((r) => r.settled), ...this.background]);
  }

  private async execute(statement: FakeStatement, sql: PostgresStatement, abort: AbortSignal): Promise<void> {
    const { queueMs, runMs } = this.behaviour;
    if (queueMs > 0) await sleep(queueMs, undefined, { signal: abort }).catch(() => undefined);
    if (abort.aborted) return this.finish(statement, 'ABORTED');
    if (statement.request.database !== this.database) {
      return this.finish(statement, 'FAILED', `FATAL: database "${statement.request.database}" does not exist`);
    }
    if (sql.refusal) return this.finish(statement, 'FAILED', `ERROR: ${sql.refusal}`);
    this.move(statement, 'PICKED');
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      return this.finish(statement, 'FAILED', `FATAL: ${(err as Error).message}`);
    }
    try {
      if (abort.aborted) return this.finish(statement, 'ABORTED');
      statement.pid = (client as unknown as WithProcessId).processID;
      statement.startedAt = Date.now();
      this.move(statement, 'STARTED');
      if (runMs > 0) await client.query('SELECT pg_sleep($1)', [runMs / 1000]);
      if (abort.aborted) return this.finish(statement, 'ABORTED');
      // ExecuteStatement runs one statement (BatchExecuteStatement is for several): the extended
      // protocol makes PostgreSQL refuse more than one, even without parameters. (pg's typings
      // lack `queryMode`.)
      const query: pg.QueryArrayConfig & { readonly queryMode: 'extended' } = { text: sql.text, values: sql.values, rowMode: 'array', queryMode: 'extended' };
      const result = await client.query<unknown[]>(query);
      statement.hasResultSet = result.fields.length > 0;
      statement.columns = result.fields.map((f) => this.columnMetadata(f));
      statement.records = result.rows.map((row) => row.map((value, i) => encodeField(value as string | null, result.fields[i]!.dataTypeID)));
      this.finish(statement, 'FINISHED');
    } catch (err) {
      if (abort.aborted) this.finish(statement, 'ABORTED');
      else this.finish(statement, 'FAILED', `ERROR: ${(err as Error).message}`);
    } finally {
      client.release();
    }
  }

  /**
   * pg_cancel_backend until the statement has ended: a cancel that lands while the backend is
   * between the artificial delay and the statement would otherwise be lost. Bounded, and always
   * on the cancel pool, so a full statement pool cannot delay it.
   */
  private async signalBackend(statement: FakeStatement, settled: Promise<void>): Promise<void> {
    let done = false;
    void settled.then(() => (done = true));
    for (let attempt = 0; attempt < 250 && !done; attempt++) {
      if (statement.pid !== undefined && statement.status === 'STARTED') {
        await this.cancels.query('SELECT pg_cancel_backend($1)', [statement.pid]).catch(() => undefined);
      }
      await Promise.race([settled, sleep(20)]);
    }
  }

  private columnMetadata(field: pg.FieldDef): Record<string, unknown> {
    const typeName = this.typeNames.get(field.dataTypeID) ?? 'unknown';
    // numeric's typmod packs precision and scale, offset by 4 (VARHDRSZ).
    const numeric = typeName === 'numeric' && field.dataTypeModifier >= 4;
    return {
      name: field.name,
      label: field.name,
      typeName,
      nullable: 1,
      isSigned: /^(int|float|numeric)/.test(typeName),
      isCaseSensitive: /char|text/.test(typeName),
      isCurrency: false,
      precision: numeric ? ((field.dataTypeModifier - 4) >> 16) & 0xffff : 0,
      scale: numeric ? (field.dataTypeModifier - 4) & 0xffff : 0,
      length: Math.max(0, field.dataTypeSize),
      schemaName: '',
      tableName: '',
    };
  }

  private move(statement: FakeStatement, to: StatementStatus): void {
    const wasStarted = statement.status === 'STARTED';
    statement.status = to;
    statement.updatedAt = Date.now();
    this.countActive(0, (to === 'STARTED' ? 1 : 0) - (wasStarted ? 1 : 0));
  }

  private finish(statement: FakeStatement, to: 'FINISHED' | 'FAILED' | 'ABORTED', error?: string): void {
    const wasStarted = statement.status === 'STARTED';
    statement.status = to;
    statement.updatedAt = statement.endedAt = Date.now();
    if (error !== undefined) statement.error = error;
    this.countActive(-1, wasStarted ? -1 : 0);
  }

  private countActive(activeDelta: number, startedDelta: number): void {
    this.active += activeDelta;
    this.started += startedDelta;
    this.stats.peakActive = Math.max(this.stats.peakActive, this.active);
    this.stats.peakRunning = Math.max(this.stats.peakRunning, this.started);
  }
}

/** Rows of a finished statement, page by page. */
export function resultPage(statement: FakeStatement, offset: number, pageSize: number): { records: unknown[]; next?: number } {
  const end = offset + pageSize;
  return { records: statement.records.slice(offset, end), ...(end < statement.records.length ? { next: end } : {}) };
}

/** Approximate bytes of the result, as DescribeStatement's ResultSize reports it. */
export function resultSize(statement: FakeStatement): number {
  return statement.records.reduce((sum, record) => sum + JSON.stringify(record, (_, v: unknown) => (v instanceof RawJson ? v.text : v)).length, 0);
}
