import { describeAdapter, sqlLoader } from '@baselinr/adapter-testkit';
import { adapter } from './index.js';
import { adminClient, createTestSchema, sourceConnection } from './test-support/pg.js';

/** Whether the server is executing a statement containing `marker`, asked on a connection of its own. */
async function runningOnServer(marker: string): Promise<boolean> {
  const observer = await adminClient('baselinr-kit-observer');
  try {
    const { rows } = await observer.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND position($1 in query) > 0`, [
      marker,
    ]);
    return rows[0].n > 0;
  } finally {
    await observer.end();
  }
}

describeAdapter({
  adapter,
  async open(purpose) {
    const admin = await adminClient();
    const schema = await createTestSchema(admin, `kit_${purpose}`);
    await admin.query(`SET search_path TO ${schema.q}`);
    const run = async (sql: string, params: readonly unknown[] = []) => (await admin.query(sql, [...params])).rows;
    return {
      connection: sourceConnection({ schema: schema.name }),
      schema: schema.name,
      ...sqlLoader({ run, identifierQuote: '"', placeholder: (i) => `$${i + 1}`, types: { string: 'text' }, bind: (v) => (typeof v === 'bigint' ? String(v) : v) }),
      query: (sql) => run(sql),
      close: async () => {
        await schema.drop();
        await admin.end();
      },
    };
  },
  cancel: { statement: (marker) => `SELECT pg_sleep(600) AS ${marker}`, isRunning: runningOnServer },
  unreachable: async () => ({ connection: sourceConnection({ port: 1 }) }),
});
