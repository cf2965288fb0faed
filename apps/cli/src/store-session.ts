import { ExitCode, loadConfig, openResultsStore, StoreLookupError, type BaselinrConfig, type ResultsStore } from '@baselinr/core';
import type { Io } from './io.js';

/** Adapters resolve from the CLI's own location first, as for profiling. */
const importer = (specifier: string) => import(specifier);

/**
 * Opens the results store `storage` names, runs `work` against it and closes it. `read` access
 * creates no tables (looking at history never changes the store); `write` creates or upgrades them.
 */
export async function usingResultsStore<T>(config: BaselinrConfig, access: 'read' | 'write', work: (store: ResultsStore) => Promise<T>): Promise<T> {
  const store = await openResultsStore(config, { importer, access });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/**
 * Runs a command against the results store of a config file. A run id or dataset the store
 * does not have is bad usage (exit 2), with the message naming it.
 */
export async function withResultsStore(
  configPath: string,
  io: Io,
  access: 'read' | 'write',
  work: (store: ResultsStore, config: BaselinrConfig) => Promise<number>,
): Promise<number> {
  const config = await loadConfig(configPath, { onWarning: (message) => io.err(`warn: ${message}`) });
  try {
    return await usingResultsStore(config, access, (store) => work(store, config));
  } catch (err) {
    if (!(err instanceof StoreLookupError)) throw err;
    io.err(`error: ${err.message}`);
    return ExitCode.usage;
  }
}
