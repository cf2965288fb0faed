import { loadConfig } from '@baselinr/core/config';
import type { Io } from '../io.js';

export async function validateConfigCommand(options: { config: string }, io: Io): Promise<number> {
  const config = await loadConfig(options.config);
  const tables = config.profiling.tables.length;
  io.out(`${options.config}: valid (source ${config.source.type}, ${tables === 0 ? 'every table of the default schema' : `${tables} table entr${tables === 1 ? 'y' : 'ies'}`}, max_workers ${config.execution.max_workers})`);
  return 0;
}
