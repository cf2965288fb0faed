import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ConnectionConfig, Row, SqlDriver, SqlDriverOptions, TextTimestamps } from '@baselinr/core';
import { sqliteDialect } from './dialect.js';
import { toWarehouseError } from './errors.js';
import { sqliteFilepath } from './session.js';

function toSqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value ?? null;
}

/**
 * Writing, in WAL mode so several processes can share the file. Reading (history commands) opens
 * the file read-only, so a file the user may only read (or on a read-only mount) serves `query`
 * and `report`; a file that does not exist yet is a store nothing was profiled into, and reading
 * it creates neither the file nor its folder.
 */
function openDatabase(filepath: string, readOnly: boolean): Database.Database {
  try {
    if (readOnly) {
      if (filepath === ':memory:' || !existsSync(filepath)) return new Database(':memory:');
      return new Database(filepath, { readonly: true, fileMustExist: true });
    }
    if (filepath !== ':memory:') mkdirSync(dirname(filepath), { recursive: true });
    const db = new Database(filepath);
    db.pragma('journal_mode = WAL');
    return db;
  } catch (err) {
    throw toWarehouseError(err);
  }
}

/**
 * The transactions of every connection this process has to one file, in order. better-sqlite3
 * waits for a lock synchronously: a second connection's BEGIN IMMEDIATE while another
 * connection's transaction awaits between its statements would block the very thread that has to
 * finish that transaction, and fail after the busy timeout (several engines in one process, each
 * upgrading or writing the same store). Other processes still wait on the file's lock.
 */
const transactionQueues = new Map<string, Promise<void>>();

/** julianday('now') has millisecond precision; day 2440587.5 is the Unix epoch. */
const SQLITE_CLOCK_MS = "CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)";

/**
 * strftime reads both Baselinr's `2025-03-01 08:00:00.000000` and the ISO text dates are bound
 * as, and writes the latter's form (milliseconds, `Z`), so both compare and sort by time.
 */
const SQLITE_TEXT_TIMESTAMPS: TextTimestamps = {
  comparable: (expression) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${expression})`,
  baselinrText: (date) => date.toISOString().replace('T', ' ').replace('Z', '000'),
};

/**
 * Core's SQL driver (results store, slot leases) on a SQLite file, opened on the main thread
 * (statements are small and quick), in WAL mode with a busy timeout so several processes can
 * share the file. Transactions are serialised because callers (tables finishing at once) run
 * them concurrently. One connection whatever `options.connections` allows: the file's lock
 * serialises every write anyway.
 */
export async function openSqliteDriver(connection: ConnectionConfig, options: SqlDriverOptions): Promise<SqlDriver> {
  const filepath = sqliteFilepath(connection, options.configPath);
  const db = openDatabase(filepath, options.readOnly === true);
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
    try {
      const statement = prepare(sql);
      const values = params.map(toSqliteValue);
      if (statement.reader) return statement.all(...values) as Row[];
      statement.run(...values);
      return [];
    } catch (err) {
      throw toWarehouseError(err);
    }
  };
  // An in-memory database is its own: nothing to share a queue with.
  const queueKey = filepath === ':memory:' ? `:memory:${randomUUID()}` : resolve(filepath);
  let ownLast: Promise<void> = Promise.resolve();
  return {
    quoteIdentifier: sqliteDialect.quoteIdentifier,
    placeholder: () => '?',
    types: { id: 'INTEGER PRIMARY KEY AUTOINCREMENT', text: 'TEXT', key: 'TEXT', timestamp: 'TEXT', double: 'REAL' },
    clockMs: SQLITE_CLOCK_MS,
    textTimestamps: SQLITE_TEXT_TIMESTAMPS,
    transactionalDdl: true,
    query: async (sql, params) => run(sql, params),
    transaction: (work) => {
      const next = (transactionQueues.get(queueKey) ?? Promise.resolve()).then(async () => {
        run('BEGIN IMMEDIATE');
        try {
          await work(async (sql, params) => run(sql, params));
          run('COMMIT');
        } catch (err) {
          run('ROLLBACK');
          throw err;
        }
      });
      const settled = next.catch(() => undefined);
      transactionQueues.set(queueKey, settled);
      ownLast = settled;
      // The last transaction forgets its file, so the map holds only files in use.
      void settled.then(() => {
        if (transactionQueues.get(queueKey) === settled) transactionQueues.delete(queueKey);
      });
      return next;
    },
    close: async () => {
      await ownLast;
      db.close();
    },
  };
}
