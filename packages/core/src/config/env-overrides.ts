import type { Environment } from './interpolate.js';
import { ConfigError } from '../errors.js';

const PREFIX = 'BASELINR_';

/**
 * Applies `BASELINR_<SECTION>__<KEY>=value` variables as Baselinr does: the name after the prefix,
 * lower-cased and split at `__`, is a path into the config, created where missing, and the value
 * replaces what the file says. Only names with a `__` count, so variables such as
 * BASELINR_PROFILER (this tool's own) never become config keys. Values stay strings; the schema
 * reads numbers and booleans (true/false/yes/no/1/0) from them.
 */
export function applyEnvOverrides(config: Record<string, unknown>, env: Environment): Record<string, unknown> {
  const names = Object.keys(env)
    .filter((name) => name.startsWith(PREFIX) && name.includes('__'))
    .sort();
  for (const name of names) {
    const path = name.slice(PREFIX.length).toLowerCase().split('__');
    let node = config;
    for (const [i, part] of path.slice(0, -1).entries()) {
      const next = node[part] ?? {};
      if (next === null || typeof next !== 'object' || Array.isArray(next)) {
        const where = path.slice(0, i + 1).join('.');
        throw new ConfigError(`${name}: cannot override inside \`${where}\`, which is not a section; unset ${name} or fix its name`);
      }
      node = node[part] = next as Record<string, unknown>;
    }
    node[path.at(-1)!] = env[name];
  }
  return config;
}
