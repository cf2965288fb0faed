import type { FileTable } from './source-files.js';
import { duckdbDialect } from './dialect.js';

const READERS = { parquet: 'read_parquet', csv: 'read_csv', json: 'read_json' } as const;

export function stringLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * A file table is a temporary view in `main`, one per connection (temporary objects are
 * per-connection, and they can be created even when the database file is opened read-only).
 */
export function createFileViewSql(table: FileTable): string {
  return `CREATE OR REPLACE TEMP VIEW ${duckdbDialect.quoteIdentifier(table.name)} AS SELECT * FROM ${READERS[table.format]}(${stringLiteral(table.path)})`;
}

/** Rows according to the Parquet footers (no scan); other formats have no such figure. */
export function rowEstimateSql(table: FileTable): string | undefined {
  return table.format === 'parquet' ? `SELECT SUM(num_rows) AS estimate FROM parquet_file_metadata(${stringLiteral(table.path)})` : undefined;
}
