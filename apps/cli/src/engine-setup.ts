import { loadConfig, ProfileEngine, type BaselinrConfig, type ProfileEngineOptions } from '@baselinr/core';

/** The CLI imports adapters from its own location first, so those installed beside it resolve. */
const importer = (specifier: string) => import(specifier);

/** Adapter version skew and the like, in the pretty log format, before any logger is configured for the run. */
const warnOnStderr = (message: string) => void process.stderr.write(`warn: ${message}\n`);

export async function createEngine(configPath: string, options: Omit<ProfileEngineOptions, 'importer'>): Promise<{ config: BaselinrConfig; engine: ProfileEngine }> {
  const config = await loadConfig(configPath);
  return { config, engine: new ProfileEngine(config, { onWarning: warnOnStderr, ...options, importer }) };
}
