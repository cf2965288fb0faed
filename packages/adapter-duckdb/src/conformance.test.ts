import { join } from 'node:path';
import { describeAdapter } from '@baselinr/adapter-testkit';
import { adapter } from './index.js';
import { cpuBusy } from './test-support/cpu-busy.js';
import { tempDir } from './test-support/database.js';
import { duckdbNamespace } from './test-support/kit-namespace.js';
import { holdWriteLock } from './test-support/lock-holder.js';

describeAdapter({
  adapter,
  open: async (purpose) => duckdbNamespace(purpose),
  cancel: {
    // Minutes of work for DuckDB unless interrupted.
    statement: (marker) => `SELECT COUNT(*) AS ${marker} FROM range(1000000000000) r(i) WHERE i % 7 = 3`,
    // DuckDB runs in this process: a statement still running keeps its threads busy.
    isRunning: () => cpuBusy(),
  },
  // An embedded engine has no server to refuse us; another process's write lock on the file is the equivalent.
  async unreachable() {
    const dir = tempDir('locked');
    const filepath = join(dir.path, 'locked.duckdb');
    const lock = await holdWriteLock(filepath);
    return {
      connection: { type: 'duckdb', filepath },
      release: async () => {
        await lock.release();
        return dir.remove();
      },
    };
  },
});
