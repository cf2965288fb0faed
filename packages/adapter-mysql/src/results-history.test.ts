import type { Row } from '@baselinr/core';
import { createTestDatabase, openStore } from './test-support/db.js';
import { describeBaselinrInterop } from '../../core/src/store/test-support/baselinr-interop-suite.js';
import { describeStoreHistory } from '../../core/src/store/test-support/history-suite.js';

// Each test gets a results store of its own, dropped afterwards.
const freshStore = async () => {
  const db = await createTestDatabase('history');
  const store = await openStore({ ...db.connection(), extra_params: {} }, { resultsTable: 'baselinr_results', runsTable: 'baselinr_runs' });
  return {
    store,
    raw: async (sql: string) => (await db.admin.query(sql))[0] as Row[],
    close: async () => {
      await store.close();
      await db.drop();
    },
  };
};

describeStoreHistory('MySQL/MariaDB', freshStore);
describeBaselinrInterop('MySQL/MariaDB', 'mysql', freshStore);
