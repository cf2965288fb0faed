import {
  createRedactor,
  type ChangeSignal,
  type ConnectOptions,
  type ConnectionConfig,
  type DiscoveredTable,
  type ListTablesFilter,
  type QueryResult,
  type Redactor,
  type TableDescription,
  type TableRef,
  type WarehouseSession,
} from '@baselinr/core';
import type { Connection, ConnectionOptions } from 'snowflake-sdk';
import type { CatalogQuery } from './catalog-query.js';
import { describeTables, listSchemas, listTables } from './catalog.js';
import { changeSignals } from './change-signal.js';
import { snowflakeSettings } from './connection-options.js';
import { snowflakeDialect } from './dialect.js';
import { sessionIsGone, toWarehouseError } from './errors.js';
import { loadSnowflakeSdk, type SnowflakeSdk } from './sdk.js';
import { SessionPool } from './session-pool.js';
import { statementParameters } from './session-parameters.js';
import { runStatement, type StatementOutcome } from './statement.js';
import { TAG_SOURCE } from './tags.js';

/** Snowflake keeps at most 2000 characters of QUERY_TAG. */
const MAX_QUERY_TAG = 2000;

function login(sdk: SnowflakeSdk, options: ConnectionOptions): Promise<Connection> {
  return new Promise((resolve, reject) => {
    // createConnection validates the options synchronously (account, key format) and may throw.
    sdk.createConnection(options).connect((err, connection) => (err ? reject(err) : resolve(connection)));
  });
}

/** Deletes the session on the server (POST /session?delete=true); failures are ignored, it expires anyway. */
function logout(connection: Connection): Promise<void> {
  return new Promise((resolve) => connection.destroy(() => resolve()));
}

interface Request {
  readonly sql: string;
  readonly binds?: readonly string[];
  readonly signal?: AbortSignal;
  readonly context?: string;
}

/**
 * One run's sessions on a Snowflake account: a pool of SDK connections sized by the run's pool
 * policy, every statement tagged with the run id (QUERY_TAG) and run with the session parameters
 * that keep results exact and comparable between runs.
 */
export class SnowflakeSession implements WarehouseSession {
  readonly dialect = snowflakeDialect;
  readonly tagSource = TAG_SOURCE;

  private constructor(
    private readonly pool: SessionPool,
    readonly defaultSchema: string,
    private readonly database: string,
    private readonly parameters: () => Record<string, string | number>,
    private readonly redact: Redactor,
  ) {}

  static async open(connection: ConnectionConfig, options: ConnectOptions): Promise<SnowflakeSession> {
    const settings = snowflakeSettings(connection);
    const redact = createRedactor(settings.secrets);
    const sdk = await loadSnowflakeSdk();
    const queryTag = options.runId.slice(0, MAX_QUERY_TAG);
    const context = `could not log in to Snowflake account ${settings.account}`;
    const pool = new SessionPool(options.policy.size, {
      open: () =>
        login(sdk, settings.sdkOptions(queryTag)).catch((err: unknown) => {
          throw toWarehouseError(err, { context, redact });
        }),
      close: logout,
    });
    try {
      // Fails fast, before any discovery, on a wrong account, user or credential.
      pool.release(await pool.acquire(options.signal));
    } catch (err) {
      await pool.close();
      throw err;
    }
    const parameters = statementParameters({
      statementTimeoutSeconds: options.timeouts?.statementSeconds ?? options.timeouts?.tableSeconds,
      queuedTimeoutSeconds: settings.statementQueuedTimeoutSeconds,
    });
    return new SnowflakeSession(pool, settings.defaultSchema, settings.database, parameters, redact);
  }

  listTables(filter: ListTablesFilter): Promise<DiscoveredTable[]> {
    return listTables(this.catalog(), this.database, filter.schemas, { tags: filter.tags === true });
  }

  listSchemas(): Promise<string[]> {
    return listSchemas(this.catalog(), this.database);
  }

  describeTables(refs: readonly TableRef[], signal?: AbortSignal): Promise<TableDescription[]> {
    return describeTables(this.catalog(signal), this.database, refs);
  }

  changeSignals(refs: readonly TableRef[], signal?: AbortSignal): Promise<ReadonlyMap<string, ChangeSignal>> {
    return changeSignals(this.catalog(signal), refs);
  }

  async execute(sql: string, signal?: AbortSignal): Promise<QueryResult> {
    const { rows, queuedMs, queryId } = await this.run({ sql, signal });
    return { rows, queuedMs, queryId };
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private catalog(signal?: AbortSignal): CatalogQuery {
    return async (sql, binds) => (await this.run({ sql, binds, signal, context: 'catalog query failed' })).rows;
  }

  private async run(request: Request): Promise<StatementOutcome> {
    const failure = { redact: this.redact, ...(request.context ? { context: request.context } : {}) };
    let connection: Connection;
    try {
      connection = await this.pool.acquire(request.signal);
    } catch (err) {
      throw toWarehouseError(err, failure);
    }
    try {
      const outcome = await runStatement(connection, { ...request, parameters: this.parameters() }, failure);
      this.pool.release(connection);
      return outcome;
    } catch (err) {
      this.pool.release(connection, sessionIsGone(err));
      throw err;
    }
  }
}
