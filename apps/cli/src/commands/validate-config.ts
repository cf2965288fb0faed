import { loadConfig, type ConnectionConfig } from '@baselinr/core/config';
import type { Io } from '../io.js';

export async function validateConfigCommand(options: { config: string; strict?: boolean }, io: Io): Promise<number> {
  const ignored: string[] = [];
  const config = await loadConfig(options.config, { strict: options.strict, onWarning: (message) => ignored.push(message) });
  const tables = config.profiling.tables.length;
  io.out(
    `${options.config}: valid (source ${config.source.type}, ${tables === 0 ? 'every table of the default schema' : `${tables} table entr${tables === 1 ? 'y' : 'ies'}`}, max_workers ${config.execution.max_workers})`,
  );
  if (ignored.length > 0) io.out([`${ignored.length} Baselinr setting(s) ignored (--strict refuses them):`, ...ignored.map((m) => `  warn: ${m}`)].join('\n'));
  await warnIfNotInstalled('source', config.source, io);
  await warnIfNotInstalled('storage.connection', config.storage.connection, io);
  return 0;
}

/** Loads (never connects) the adapter a connection names, so a missing package shows before a run. */
async function warnIfNotInstalled(where: string, connection: ConnectionConfig, io: Io): Promise<void> {
  const warn = (message: string) => io.err(`warn: ${where}: ${message}`);
  // Resolution needs the rest of core: loaded here, after the config is known to be valid.
  const { AdapterResolutionError, resolveAdapter } = await import('@baselinr/core');
  try {
    // Imported from the CLI's own location, as a run does, so adapters installed beside it resolve.
    await resolveAdapter(connection, { importer: (specifier) => import(specifier), onWarning: warn });
  } catch (err) {
    if (!(err instanceof AdapterResolutionError)) throw err;
    warn(err.message);
  }
}
