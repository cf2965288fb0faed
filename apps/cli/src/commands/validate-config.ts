import { loadConfig, missingAdapter, type ConnectionConfig } from '@baselinr/core/config';
import type { Io } from '../io.js';

export async function validateConfigCommand(options: { config: string; strict?: boolean }, io: Io): Promise<number> {
  const ignored: string[] = [];
  const datasetFiles: string[] = [];
  const config = await loadConfig(options.config, {
    strict: options.strict,
    onWarning: (message) => ignored.push(message),
    onNotice: (message) => io.err(`warn: ${message}`),
    onDatasetFile: (path, entries) => datasetFiles.push(`  ${path} (${entries} entr${entries === 1 ? 'y' : 'ies'})`),
  });
  const tables = config.profiling.tables.length;
  io.out(
    `${options.config}: valid (source ${config.source.type}, ${tables === 0 ? 'every table of the default schema' : `${tables} table entr${tables === 1 ? 'y' : 'ies'}`}, max_workers ${config.execution.max_workers})`,
  );
  if (config.datasets.datasets_dir !== undefined) {
    io.out([`${datasetFiles.length} dataset file(s) read from ${config.datasets.datasets_dir}${datasetFiles.length > 0 ? ':' : ''}`, ...datasetFiles].join('\n'));
  }
  if (ignored.length > 0) io.out([`${ignored.length} Baselinr setting(s) ignored (--strict refuses them):`, ...ignored.map((m) => `  warn: ${m}`)].join('\n'));
  warnIfNotInstalled('source', config.source, io);
  warnIfNotInstalled('storage.connection', config.storage.connection, io);
  return 0;
}

/** Looks the adapter a connection names up (never loads or connects it), so a missing package shows before a run. */
function warnIfNotInstalled(where: string, connection: ConnectionConfig, io: Io): void {
  // From the CLI's own location, where a run imports adapters first, then from the project.
  const missing = missingAdapter(connection, { from: import.meta.url });
  if (missing) io.err(`warn: ${where}: ${missing}`);
}
