import { createPool, type PoolConnection } from 'mysql2/promise';
import type { ConnectionConfig, Row, SqlDriver, SqlDriverOptions } from '@baselinr/core';
import { poolOptions } from './connection-options.js';
import { mysqlDialect } from './dialect.js';
import { toWarehouseError } from './errors.js';

/** UTC_TIMESTAMP, not NOW(): a session time zone with daylight saving would repeat an hour. */
const MYSQL_CLOCK_MS = "(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(6)) DIV 1000)";
const LONGTEXT = 'LONGTEXT CHARACTER SET utf8mb4';

/** Values as mysql2 binds them; booleans become 0/1 so they fit the INTEGER and DOUBLE columns. */
function toMysqlValue(value: unknown): string | number | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' || typeof value === 'string' || value instanceof Date) return value;
  return String(value);
}

async function run(target: Pick<PoolConnection, 'query' | 'execute'>, sql: string, params: readonly unknown[] = []): Promise<Row[]> {
  // Values travel as server-side parameters, never spliced into SQL: safe under any sql_mode
  // (client-side escaping breaks under NO_BACKSLASH_ESCAPES). Statements without values use
  // the text protocol, which also accepts DDL every server version can run.
  const [rows] = params.length > 0 ? await target.execute(sql, params.map(toMysqlValue)) : await target.query(sql);
  return Array.isArray(rows) ? (rows as Row[]) : [];
}

/**
 * Core's SQL driver (results store, shared-slot leases) on a mysql2 pool of `options.connections`
 * connections to a MySQL or MariaDB database (`connection.database`), shown to DBAs with the
 * connection attribute `baselinr_role` = `<purpose>`. Each transaction runs on one connection, in
 * InnoDB. Fails (and leaves nothing open) when the database cannot be reached.
 */
export async function openMysqlDriver(connection: ConnectionConfig, options: SqlDriverOptions): Promise<SqlDriver> {
  const settings = { section: options.configPath, connectionLimit: options.connections, attributes: { baselinr_role: options.purpose } };
  const pool = createPool(poolOptions(connection, settings));
  // Transactions need InnoDB: tables created here must not fall to a MyISAM default engine.
  // Strict mode: a value too long for its column fails the table's transaction instead of being
  // silently truncated on servers configured without it.
  pool.pool.on('connection', (conn) => {
    // A failure here surfaces on the connection's first real statement; the callback keeps it from
    // being thrown as an unhandled 'error' event.
    conn.query("SET SESSION default_storage_engine = InnoDB, sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_ALL_TABLES')", () => undefined);
  });
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw toWarehouseError(
      err,
      `could not connect to ${options.configPath} (${connection.type} at ${connection.host ?? '127.0.0.1'}:${connection.port ?? 3306}/${connection.database ?? connection.schema})`,
    );
  }
  let closed: Promise<void> | undefined;
  return {
    quoteIdentifier: mysqlDialect.quoteIdentifier,
    placeholder: () => '?',
    types: {
      id: 'BIGINT AUTO_INCREMENT PRIMARY KEY',
      // Explicit utf8mb4 so any table or column name fits whatever the database's default charset;
      // binary collation on keys so `Orders` and `orders` (distinct tables on Linux) never collide.
      // LONGTEXT: a metric's value may be any length (TEXT stops at 64 KB, "Data too long").
      text: LONGTEXT,
      key: 'VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
      timestamp: 'DATETIME(3)',
      double: 'DOUBLE',
    },
    clockMs: MYSQL_CLOCK_MS,
    widenText: (table, column) => `ALTER TABLE ${table} MODIFY COLUMN ${column} ${LONGTEXT}`,
    query: (sql, params) => run(pool, sql, params),
    transaction: async (work) => {
      const conn = await pool.getConnection();
      try {
        await conn.query('BEGIN');
        try {
          await work((sql, params) => run(conn, sql, params));
          await conn.query('COMMIT');
        } catch (err) {
          await conn.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      } finally {
        conn.release();
      }
    },
    // mysql2 rejects a second end(); closing is idempotent for callers.
    close: () => (closed ??= pool.end()),
  };
}
