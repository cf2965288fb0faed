import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { ConfigError, type ConnectionConfig, type Row, type SqlDriver, type SqlDriverOptions } from '@baselinr/core';
import { duckdbDialect } from './dialect.js';
import { ConnectionPool } from './pool.js';
import { runStatement } from './statement.js';

/** DuckDB has no autoincrement: one sequence numbers results and events (ids need only grow). */
const ID_SEQUENCE = 'baselinr_id_seq';

/** Milliseconds since the epoch by DuckDB's clock (the statement's transaction start, as leases need). */
const DUCKDB_CLOCK_MS = 'epoch_ms(get_current_timestamp())';

/** Dates travel as ISO text (DuckDB casts it to TIMESTAMP); the rest binds as it is. */
function toDuckdbValue(value: unknown): DuckDBValue {
  if (value instanceof Date) return value.toISOString();
  return (value ?? null) as DuckDBValue;
}

/**
 * Core's SQL driver on a DuckDB database file (created when missing), opened read-write by this
 * process alone, so core can keep the results store there. One connection whatever
 * `options.connections` allows (there is no server to share), and transactions are serialised
 * on it because tables finish concurrently.
 */
export async function openDuckdbSqlDriver(connection: ConnectionConfig, options: SqlDriverOptions): Promise<SqlDriver> {
  const filepath = connection.filepath;
  if (!filepath) throw new ConfigError(`${options.configPath}.filepath: required for duckdb (the database file's path)`);
  if (filepath !== ':memory:') mkdirSync(dirname(filepath), { recursive: true });
  const pool = await ConnectionPool.open(filepath, {}, 1, async (c) => {
    await runStatement(c, `CREATE SEQUENCE IF NOT EXISTS ${ID_SEQUENCE}`);
  });
  const run = (sql: string, params: readonly unknown[] = []) => pool.use((c) => runStatement(c, sql, params.map(toDuckdbValue)));
  let queue: Promise<void> = Promise.resolve();
  return {
    quoteIdentifier: duckdbDialect.quoteIdentifier,
    placeholder: (index) => `$${index + 1}`,
    types: { id: `BIGINT PRIMARY KEY DEFAULT nextval('${ID_SEQUENCE}')`, text: 'VARCHAR', key: 'VARCHAR', timestamp: 'TIMESTAMP', double: 'DOUBLE' },
    clockMs: DUCKDB_CLOCK_MS,
    query: (sql, params) => run(sql, params),
    transaction: (work) => {
      const next = queue.then(() =>
        pool.use(async (c: DuckDBConnection) => {
          const inTransaction = (sql: string, params: readonly unknown[] = []): Promise<Row[]> => runStatement(c, sql, params.map(toDuckdbValue));
          await inTransaction('BEGIN TRANSACTION');
          try {
            await work(inTransaction);
            await inTransaction('COMMIT');
          } catch (err) {
            await inTransaction('ROLLBACK');
            throw err;
          }
        }),
      );
      queue = next.catch(() => undefined);
      return next;
    },
    close: async () => {
      await queue;
      await pool.close();
    },
  };
}
