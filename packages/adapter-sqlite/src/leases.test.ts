import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import adapter from './index.js';
import { describeLeases } from '../../core/src/coordination/test-support/lease-suite.js';

// One real file per test, opened by several connections, as processes of one machine would.
describeLeases('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'baselinr-leases-'));
  const connection = { type: 'sqlite', filepath: join(dir, 'leases.db'), extra_params: {} };
  return {
    connect: () => adapter.openSqlDriver!(connection, { purpose: 'leases test', connections: 2, configPath: 'coordination.connection' }),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
