import { flushSpool, loadConfig, spoolStoreIdentity, storeBusyRetry } from '@baselinr/core';
import type { Io } from '../io.js';
import { describeFlush, spoolDirFor } from '../spool.js';
import { usingResultsStore } from '../store-session.js';

export interface StoreFlushOptions {
  config: string;
  json?: boolean;
}

/**
 * `store flush`: writes the profiles runs kept in the spool (the results store stayed locked or
 * unreachable) into the store. Exit 1 while records still wait (the store is still unwritable)
 * or a file is not a spooled record.
 */
export async function storeFlushCommand(options: StoreFlushOptions, io: Io): Promise<number> {
  const config = await loadConfig(options.config, { onWarning: (message) => io.err(`warn: ${message}`) });
  const busy = storeBusyRetry();
  const flush = await usingResultsStore(config, 'write', (store) => flushSpool(store, spoolDirFor(options.config), spoolStoreIdentity(config), busy));
  const { lines, problem } = describeFlush(flush);
  if (options.json) io.out(JSON.stringify(flush, null, 2));
  else io.out(lines.join('\n'));
  return problem ? 1 : 0;
}
