import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ConnectionConfig, Row, StoreDriver } from '@baselinr/core';
import { sqliteDialect } from './dialect.js';
import { sqliteFilepath } from './session.js';

function toSqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value ?? null;
}

function openForWriting(filepath: string): Database.Database {
  if (filepath !== ':memory:') mkdirSync(dirname(filepath), { recursive: true });
  const db = new Database(filepath);
  db.pragma('journal_mode = WAL');
  return db;
}

/**
 * Read-only, so a file the user may only read (or on a read-only mount) serves `query` and
 * `report`. A file that does not exist yet is a store nothing was profiled into: reading it
 * creates neither the file nor its folder.
 */
function openForReading(filepath: string): Database.Database {
  if (filepath === ':memory:' || !existsSync(filepath)) return new Database(':memory:');
  return new Database(filepath, { readonly: true, fileMustExist: true });
}

/**
 * Core's SQL driver on a SQLite file, opened on the main thread (statements are small and quick),
 * in WAL mode with a busy timeout so several processes can share the file. Transactions are
 * serialised because callers (tables finishing at once) run them concurrently.
 */
export function openSqliteDriver(connection: ConnectionConfig, section: string, options: { readonly readOnly?: boolean } = {}): StoreDriver {
  const filepath = sqliteFilepath(connection, section);
  const db = options.readOnly ? openForReading(filepath) : openForWriting(filepath);
  db.pragma('busy_timeout = 5000');
  // The store sends the same few statements for every table: prepare each once (bounded cache).
  const prepared = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = prepared.get(sql);
    if (!statement) {
      if (prepared.size >= 64) prepared.clear();
      statement = db.prepare(sql);
      prepared.set(sql, statement);
    }
    return statement;
  };
  const run = (sql: string, params: readonly unknown[] = []): Row[] => {
    const statement = prepare(sql);
    const values = params.map(toSqliteValue);
    if (statement.reader) return statement.all(...values) as Row[];
    statement.run(...values);
    return [];
  };
  let queue: Promise<void> = Promise.resolve();
  return {
    quoteIdentifier: sqliteDialect.quoteIdentifier,
    placeholder: () => '?',
    types: { id: 'INTEGER PRIMARY KEY AUTOINCREMENT', text: 'TEXT', key: 'TEXT', timestamp: 'TEXT', double: 'REAL' },
    query: async (sql, params) => run(sql, params),
    transaction: (work) => {
      const next = queue.then(async () => {
        run('BEGIN IMMEDIATE');
        try {
          await work(async (sql, params) => run(sql, params));
          run('COMMIT');
        } catch (err) {
          run('ROLLBACK');
          throw err;
        }
      });
      queue = next.catch(() => undefined);
      return next;
    },
    close: async () => {
      await queue;
      db.close();
    },
  };
}
