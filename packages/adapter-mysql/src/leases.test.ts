import adapter from './index.js';
import { createTestDatabase } from './test-support/db.js';
import { describeLeases } from '../../core/src/coordination/test-support/lease-suite.js';

// A database per test; each connect() is another pool of the adapter's coordination connections.
describeLeases('MySQL/MariaDB', async () => {
  const db = await createTestDatabase('leases');
  return {
    connect: () => adapter.openCoordination!({ ...db.connection(), extra_params: {} }, { purpose: 'leases test', connections: 2 }),
    drop: () => db.drop(),
  };
});
