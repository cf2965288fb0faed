import type { ConnectionConfig, Row, SqlDriver, SqlDriverOptions } from '@baselinr/core';
import type pg from 'pg';
import { postgresDialect } from './dialect.js';
import { connectionIsBroken, toWarehouseError } from './errors.js';
import { SESSION_SETTINGS, createPool } from './pool.js';
import { applicationName, poolConfig } from './pool-config.js';

/** clock_timestamp(), not now(): now() stands still for the whole of a transaction. */
const POSTGRES_CLOCK_MS = 'CAST(FLOOR(EXTRACT(EPOCH FROM clock_timestamp()) * 1000) AS BIGINT)';

async function run(client: pg.PoolClient, sql: string, params: readonly unknown[] = []): Promise<Row[]> {
  try {
    const result = await client.query({ text: sql, values: [...params] });
    return result.rows as Row[];
  } catch (err) {
    throw toWarehouseError(err);
  }
}

/** A pooled connection, with connection failures normalised like any other warehouse error. */
async function acquire(pool: pg.Pool): Promise<pg.PoolClient> {
  try {
    return await pool.connect();
  } catch (err) {
    throw toWarehouseError(err);
  }
}

/**
 * One statement on a pooled connection. Not pool.query: pg-pool discards the connection on any
 * error, and some errors are expected (an index left by a half-applied layout step).
 */
async function runPooled(pool: pg.Pool, sql: string, params: readonly unknown[] = []): Promise<Row[]> {
  const client = await acquire(pool);
  try {
    const rows = await run(client, sql, params);
    client.release();
    return rows;
  } catch (err) {
    client.release(connectionIsBroken((err as Error).cause ?? err) ? (err as Error) : undefined);
    throw err;
  }
}

/**
 * Core's SQL driver (results store, shared-slot leases) on a pg pool of `options.connections`
 * connections named `baselinr <purpose>` in pg_stat_activity, optionally in a schema of its own
 * (`connection.schema`): created when missing, and made the connections' search_path so core's
 * unqualified table and index names land there. Fails (and leaves nothing open) when the
 * database cannot be reached.
 */
export async function openPostgresDriver(connection: ConnectionConfig, options: SqlDriverOptions): Promise<SqlDriver> {
  const schema = connection.schema;
  const sessionSettings = schema ? { ...SESSION_SETTINGS, search_path: postgresDialect.quoteIdentifier(schema) } : SESSION_SETTINGS;
  const settings = { size: options.connections, applicationName: applicationName(options.purpose), section: options.configPath };
  const pool = createPool(poolConfig(connection, settings), sessionSettings);
  try {
    if (schema) await ensureSchemaExists(pool, schema);
    else await runPooled(pool, 'SELECT 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  let closed: Promise<void> | undefined;
  return {
    quoteIdentifier: postgresDialect.quoteIdentifier,
    placeholder: (i) => `$${i + 1}`,
    types: { id: 'BIGSERIAL PRIMARY KEY', text: 'TEXT', key: 'TEXT', timestamp: 'TIMESTAMPTZ', double: 'DOUBLE PRECISION' },
    clockMs: POSTGRES_CLOCK_MS,
    transactionalDdl: true,
    query: (sql, params) => runPooled(pool, sql, params),
    transaction: (work) => inTransaction(pool, work),
    // pg-pool throws when ended twice; closing is idempotent for callers.
    close: () => (closed ??= pool.end()),
  };
}

/**
 * Looks before creating: CREATE SCHEMA IF NOT EXISTS checks the CREATE privilege on the database
 * first, so a role that may only write into an existing schema would fail on it.
 */
async function ensureSchemaExists(pool: pg.Pool, schema: string): Promise<void> {
  const found = await runPooled(pool, 'SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1', [schema]);
  if (found.length === 0) await runPooled(pool, `CREATE SCHEMA IF NOT EXISTS ${postgresDialect.quoteIdentifier(schema)}`);
}

/** BEGIN ... COMMIT on one pooled connection: a table's results are stored entirely or not at all. */
async function inTransaction(pool: pg.Pool, work: (query: (sql: string, params?: readonly unknown[]) => Promise<Row[]>) => Promise<void>): Promise<void> {
  const client = await acquire(pool);
  try {
    await run(client, 'BEGIN');
    await work((sql, params) => run(client, sql, params));
    await run(client, 'COMMIT');
    client.release();
  } catch (err) {
    try {
      await client.query('ROLLBACK');
      client.release();
    } catch (rollbackErr) {
      // The connection is unusable (or still in a failed transaction): do not hand it to the next writer.
      client.release(connectionIsBroken(rollbackErr) ? (rollbackErr as Error) : new Error('rollback failed'));
    }
    throw err;
  }
}
