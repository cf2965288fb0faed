import { describeAdapter, sqlLoader } from '@baselinr/adapter-testkit';
import adapter from './index.js';
import { SERVER, adminConnection, createTestDatabase } from './test-support/db.js';

/** Whether the server is executing a statement containing `marker`, asked on a connection of its own. */
async function runningOnServer(marker: string): Promise<boolean> {
  const observer = await adminConnection();
  try {
    const [rows] = await observer.query("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE COMMAND = 'Query' AND ID <> CONNECTION_ID() AND INFO LIKE ?", [
      `%${marker}%`,
    ]);
    return Number((rows as Array<{ n: unknown }>)[0]!.n) > 0;
  } finally {
    await observer.end();
  }
}

describeAdapter({
  adapter,
  async open(purpose) {
    // utf8mb4_bin (createTestDatabase's collation): distinct counts as exact as the kit's JavaScript reference.
    const db = await createTestDatabase(`kit_${purpose}`);
    const run = async (sql: string, params: readonly unknown[] = []) => (await db.admin.query(sql, [...params]))[0] as Record<string, unknown>[];
    return {
      connection: db.connection(),
      schema: db.name,
      // DATETIME, not TIMESTAMP: no time-zone conversion and no 2038 limit.
      ...sqlLoader({ run, identifierQuote: '`', types: { float: 'DOUBLE', timestamp: 'DATETIME' }, bind: (v) => (typeof v === 'bigint' ? String(v) : v) }),
      query: (sql) => run(sql),
      close: () => db.drop(),
    };
  },
  cancel: { statement: (marker) => `SELECT SLEEP(600) AS ${marker}`, isRunning: runningOnServer },
  unreachable: async () => ({ connection: { type: 'mysql', host: SERVER.host, port: 1, username: SERVER.user, password: SERVER.password, database: 'test' } }),
});
