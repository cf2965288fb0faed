import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { ConfigError, SqlResultsStore, type ConnectionConfig, type ResultsStore, type Row, type StoreDriver, type StoreOptions } from '@baselinr/core';
import { duckdbDialect } from './dialect.js';
import { ConnectionPool } from './pool.js';
import { runStatement } from './statement.js';

/** DuckDB has no autoincrement: one sequence numbers results and events (ids need only grow). */
const ID_SEQUENCE = 'baselinr_id_seq';

/** Dates travel as ISO text (DuckDB casts it to TIMESTAMP); the rest binds as it is. */
function toDuckdbValue(value: unknown): DuckDBValue {
  if (value instanceof Date) return value.toISOString();
  return (value ?? null) as DuckDBValue;
}

/**
 * Results in a DuckDB database file (created when missing), opened read-write by this process
 * alone. Transactions are serialised on one connection because tables finish concurrently.
 */
export async function openDuckdbStore(connection: ConnectionConfig, options: StoreOptions): Promise<ResultsStore> {
  const filepath = connection.filepath;
  if (!filepath) throw new ConfigError('storage.connection.filepath: required for duckdb (the results database file)');
  if (filepath !== ':memory:') mkdirSync(dirname(filepath), { recursive: true });
  const pool = await ConnectionPool.open(filepath, {}, 1, async (c) => {
    await runStatement(c, `CREATE SEQUENCE IF NOT EXISTS ${ID_SEQUENCE}`);
  });
  const run = (sql: string, params: readonly unknown[] = []) => pool.use((c) => runStatement(c, sql, params.map(toDuckdbValue)));
  let queue: Promise<void> = Promise.resolve();
  const driver: StoreDriver = {
    quoteIdentifier: duckdbDialect.quoteIdentifier,
    placeholder: (index) => `$${index + 1}`,
    types: { id: `BIGINT PRIMARY KEY DEFAULT nextval('${ID_SEQUENCE}')`, text: 'VARCHAR', key: 'VARCHAR', timestamp: 'TIMESTAMP', double: 'DOUBLE' },
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
  return new SqlResultsStore(driver, options);
}
