import { join } from 'node:path';
import { sqlLoader, type TestNamespace } from '@baselinr/adapter-testkit';
import { query, tempDir, write } from './database.js';

/** A fresh DuckDB database file for one group of the kit's checks, and a separate file for its results store. */
export function duckdbNamespace(purpose: string): TestNamespace {
  const dir = tempDir(purpose);
  const filepath = join(dir.path, 'warehouse.duckdb');
  const results = join(dir.path, 'results.duckdb');
  return {
    connection: { type: 'duckdb', filepath },
    schema: 'main',
    ...sqlLoader({
      run: (sql, params) => write(filepath, sql, params),
      identifierQuote: '"',
      types: { float: 'DOUBLE', string: 'VARCHAR' },
      // The binding takes a whole number such as 1e308 for a BIGINT; as text it is cast to the column's DOUBLE.
      bind: (value, column) => (column.type === 'float' && value !== null ? String(value) : value),
    }),
    query: (sql) => query(filepath, sql),
    store: { connection: { type: 'duckdb', filepath: results }, query: (sql) => query(results, sql) },
    close: async () => dir.remove(),
  };
}
