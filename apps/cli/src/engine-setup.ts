import { loadConfig, ProfileEngine, type BaselinrConfig, type ConnectionConfig, type ProfileEngineOptions } from '@baselinr/core';
import { spoolDirFor } from './spool.js';

/** The CLI imports adapters from its own location first, so those installed beside it resolve. */
const importer = (specifier: string) => import(specifier);

/** Adapter version skew, ignored Baselinr settings and the like, in the pretty log format, before any logger is configured for the run. */
const warnOnStderr = (message: string) => void process.stderr.write(`warn: ${message}\n`);

/** `storeInstead` replaces `storage.connection` (profile --dry-run's throwaway store, which needs no spool). */
export async function createEngine(
  configPath: string,
  options: Omit<ProfileEngineOptions, 'importer'>,
  storeInstead?: ConnectionConfig,
): Promise<{ config: BaselinrConfig; engine: ProfileEngine }> {
  const loaded = await loadConfig(configPath, { onWarning: warnOnStderr });
  const config = storeInstead ? { ...loaded, storage: { ...loaded.storage, connection: storeInstead } } : loaded;
  const spoolDir = storeInstead ? undefined : spoolDirFor(configPath);
  return { config, engine: new ProfileEngine(config, { onWarning: warnOnStderr, spoolDir, ...options, importer }) };
}
