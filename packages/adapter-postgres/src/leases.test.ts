import { adapter } from './index.js';
import { adminClient, createTestSchema, sourceConnection } from './test-support/pg.js';
import { describeLeases } from '../../core/src/coordination/test-support/lease-suite.js';

// A schema per test; each connect() is another pool of the adapter's SQL driver.
describeLeases('PostgreSQL', async () => {
  const admin = await adminClient();
  const schema = await createTestSchema(admin, 'leases');
  return {
    connect: () => adapter.openSqlDriver!(sourceConnection({ schema: schema.name }), { purpose: 'leases test', connections: 2, configPath: 'coordination.connection' }),
    drop: async () => {
      await schema.drop();
      await admin.end();
    },
  };
});
