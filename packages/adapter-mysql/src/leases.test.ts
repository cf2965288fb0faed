import adapter from './index.js';
import { createTestDatabase } from './test-support/db.js';
import { describeLeases } from '../../core/src/coordination/test-support/lease-suite.js';

// A database per test; each connect() is another pool of the adapter's SQL driver.
describeLeases('MySQL/MariaDB', async () => {
  const db = await createTestDatabase('leases');
  return {
    connect: () => adapter.openSqlDriver!({ ...db.connection(), extra_params: {} }, { purpose: 'leases test', connections: 2, configPath: 'coordination.connection' }),
    drop: () => db.drop(),
  };
});
