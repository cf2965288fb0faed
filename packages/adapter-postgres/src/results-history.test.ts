import { randomUUID } from 'node:crypto';
import type { Row } from '@baselinr/core';
import { adminClient, openStore, quote, sourceConnection } from './test-support/pg.js';
import { describeBaselinrInterop } from '../../core/src/store/test-support/baselinr-interop-suite.js';
import { describeStoreHistory } from '../../core/src/store/test-support/history-suite.js';

// Each test gets a results store of its own, dropped afterwards.
const freshStore = async () => {
  const schema = `bl_history_${process.pid}_${randomUUID().slice(0, 8)}`;
  const store = await openStore(sourceConnection({ schema }), { resultsTable: 'baselinr_results', runsTable: 'baselinr_runs' });
  const admin = await adminClient();
  await admin.query(`SET search_path TO ${quote(schema)}`);
  return {
    store,
    raw: async (sql: string) => (await admin.query(sql)).rows as Row[],
    close: async () => {
      await store.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${quote(schema)} CASCADE`);
      await admin.end();
    },
  };
};

describeStoreHistory('PostgreSQL', freshStore);
describeBaselinrInterop('PostgreSQL', 'postgres', freshStore);
