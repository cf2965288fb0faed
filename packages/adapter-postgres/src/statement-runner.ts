import { CancelledError, type Row } from '@baselinr/core';
import type pg from 'pg';
import { connectionIsBroken, toWarehouseError } from './errors.js';
import { sessionSettingsApplied } from './pool.js';

/** How long a cancel request and the cancelled statement may take before the connection is dropped instead. */
const DEFAULT_CANCEL_TIMEOUT_MS = 5_000;

/** pg sets processID from the server's BackendKeyData; @types/pg does not declare it. */
interface WithProcessId {
  readonly processID?: number | null;
}

/**
 * Runs statements on a pool's connections, one statement per checkout, and cancels them on the
 * server when their signal aborts. Every connection it uses (statements, catalog queries, cancel
 * requests) comes from the one pool, so a run never holds more connections than the pool size.
 */
export class StatementRunner {
  private closed: Promise<void> | undefined;
  private warming: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    private readonly cancelTimeoutMs = DEFAULT_CANCEL_TIMEOUT_MS,
  ) {}

  async query(sql: string, params: readonly unknown[] = [], signal?: AbortSignal): Promise<Row[]> {
    if (signal?.aborted) throw new CancelledError('statement cancelled before it started');
    let client: pg.PoolClient;
    try {
      client = await this.acquire(signal);
    } catch (err) {
      throw toWarehouseError(err);
    }
    return this.runOn(client, sql, params, signal);
  }

  /**
   * Opens one connection and returns it to the pool: connecting runs the session settings, which
   * proves the host, database and password, so no extra statement is needed for that.
   */
  async checkConnection(signal?: AbortSignal): Promise<void> {
    try {
      (await this.acquire(signal)).release();
    } catch (err) {
      throw toWarehouseError(err);
    }
  }

  /**
   * Opens `connections` more pooled connections in the background and returns them to the pool,
   * so a parallel run's first tables find them ready instead of each paying the connection's
   * start-up on the critical path. A failure only means fewer are ready; statements open what
   * they need as before.
   */
  openAhead(connections: number): void {
    if (connections <= 0 || this.closed) return;
    // The idle ones are checked out too, or the pool would hand them out instead of opening new ones.
    const opening = Array.from({ length: connections + this.pool.idleCount }, () => this.pool.connect().then((c) => c.release()));
    this.warming = Promise.allSettled(opening);
  }

  close(): Promise<void> {
    this.closed ??= this.warming.then(() => this.pool.end());
    return this.closed;
  }

  /** A pooled connection; if the signal aborts while we wait for one, it is returned unused when it arrives. */
  private acquire(signal?: AbortSignal): Promise<pg.PoolClient> {
    const pending = this.pool.connect();
    if (!signal) return pending;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        pending.then(
          (c) => c.release(),
          () => undefined,
        );
        reject(new CancelledError('statement cancelled while waiting for a connection'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      pending.then(
        (c) => {
          signal.removeEventListener('abort', onAbort);
          if (!signal.aborted) resolve(c);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      );
    });
  }

  private runOn(client: pg.PoolClient, sql: string, params: readonly unknown[], signal?: AbortSignal): Promise<Row[]> {
    // The extended protocol runs exactly one statement: `a; b` is refused by the server, so
    // nothing smuggled into a statement's text can run a second command.
    const config = { text: sql, values: [...params], queryMode: 'extended' } as pg.QueryConfig;
    // On a new pipelined connection the statement went out behind the session settings: its
    // result counts only if they ran (see pool.ts).
    let settingsFailed = false;
    const settings = sessionSettingsApplied(client).catch((err: unknown) => {
      settingsFailed = true;
      throw err;
    });
    const running = Promise.all([settings, client.query(config)]).then(([, result]) => result);
    return new Promise<Row[]>((resolve, reject) => {
      let aborting = false;
      const onAbort = () => {
        aborting = true;
        void this.cancel(client, running).then(() => reject(new CancelledError('statement cancelled on the server')));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      running.then(
        (result) => {
          if (aborting) return; // cancel() releases the connection and rejects
          signal?.removeEventListener('abort', onAbort);
          client.release();
          resolve(result.rows as Row[]);
        },
        (err: unknown) => {
          if (aborting) return;
          signal?.removeEventListener('abort', onAbort);
          client.release(settingsFailed || connectionIsBroken(err) ? (err as Error) : undefined);
          reject(toWarehouseError(err));
        },
      );
    });
  }

  /**
   * Cancels the statement running on `client` with pg_cancel_backend from another pooled
   * connection (the pool policy keeps two spare for this and catalog queries). The client is
   * released only after both the cancel request and the statement have finished: released
   * earlier, it could start the next statement and the late cancel would hit that one instead.
   * If either takes too long the connection is destroyed, which ends the backend's session.
   */
  private async cancel(client: pg.PoolClient, running: Promise<unknown>): Promise<void> {
    const pid = (client as unknown as WithProcessId).processID;
    // Not while the connection's settings run ahead of the statement: the cancel would end them instead.
    await sessionSettingsApplied(client).catch(() => undefined);
    const settled = running.then(
      () => true,
      () => true,
    );
    let cancelled = false;
    if (typeof pid === 'number') {
      cancelled = await withTimeout(
        this.pool.query({ text: 'SELECT pg_cancel_backend($1) AS cancelled', values: [pid] }).then(
          () => true,
          () => false,
        ),
        this.cancelTimeoutMs,
      );
    }
    const finished = (await withTimeout(settled, this.cancelTimeoutMs)) && (await withTimeout(backendIdle(client), this.cancelTimeoutMs));
    client.release(cancelled && finished ? undefined : new Error('statement could not be cancelled cleanly; connection discarded'));
  }
}

/**
 * Resolves once the backend has finished with the cancelled statement. pg rejects a statement
 * as soon as the server's error arrives, before the backend has cleaned up and reported itself
 * idle (pg_stat_activity still says `active` for a moment). A round trip on the same connection
 * answers only after that backend has sent ReadyForQuery, which it does once it is idle.
 */
function backendIdle(client: pg.PoolClient): Promise<boolean> {
  return client.query('SELECT 1').then(
    () => true,
    () => false,
  );
}

function withTimeout(promise: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
