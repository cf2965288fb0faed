import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeAdapter, sqlLoader } from '@baselinr/adapter-testkit';
import type { Row } from '@baselinr/core';
// The built package: statements run in a worker thread loaded from dist/.
import { adapter } from '@baselinr/adapter-sqlite';

/** Plain SQL on a database file, outside the adapter (its worker thread and read-only connection). */
function runner(db: Database.Database) {
  return async (sql: string, params: readonly unknown[] = []): Promise<Row[]> => {
    const statement = db.prepare(sql);
    if (statement.reader) return statement.all(...params) as Row[];
    statement.run(...params);
    return [];
  };
}

describeAdapter({
  adapter,
  async open(purpose) {
    const dir = mkdtempSync(join(tmpdir(), `baselinr-kit-${purpose}-`));
    const filepath = join(dir, 'warehouse.db');
    const db = new Database(filepath);
    const results = join(dir, 'results.db');
    const run = runner(db);
    return {
      connection: { type: 'sqlite', filepath },
      schema: 'main',
      // better-sqlite3 binds no booleans; SQLite stores them as 1 and 0 anyway.
      ...sqlLoader({ run, identifierQuote: '"', types: { float: 'DOUBLE', string: 'TEXT' }, bind: (v) => (typeof v === 'boolean' ? Number(v) : v) }),
      query: (sql) => run(sql),
      store: { connection: { type: 'sqlite', filepath: results }, query: (sql) => runner(new Database(results, { readonly: true }))(sql) },
      close: async () => {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  // Counting to four billion keeps SQLite busy for minutes unless the statement is interrupted.
  cancel: { statement: (marker) => `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 4000000000) SELECT COUNT(*) AS ${marker} FROM c` },
  // SQLite has no server to refuse a connection; the nearest thing is a file another connection holds an exclusive lock on.
  async unreachable() {
    const dir = mkdtempSync(join(tmpdir(), 'baselinr-kit-locked-'));
    const filepath = join(dir, 'locked.db');
    const holder = new Database(filepath);
    holder.exec('CREATE TABLE t (x INTEGER); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1)');
    // The lock is another connection's transaction: the same cause as SQLITE_BUSY anywhere, retried.
    return {
      connection: { type: 'sqlite', filepath },
      kind: 'serialization_conflict',
      release: async () => {
        holder.exec('ROLLBACK');
        holder.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  skip: { 'wide-decimals': 'SQLite stores DECIMAL values as 64-bit integers or doubles (NUMERIC affinity), so 28 significant digits cannot survive' },
});
