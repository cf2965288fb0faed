import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError } from '../errors.js';
import { configSchema, type BaselinrConfig } from './schema.js';
import { formatIssues } from './format-issues.js';
import { interpolateEnv, type Environment } from './interpolate.js';

export interface LoadConfigOptions {
  /** Environment for `${VAR}` references; defaults to process.env. */
  readonly env?: Environment;
}

/** Reads, interpolates and validates a config file. Throws ConfigError listing every problem. */
export async function loadConfig(path: string, options: LoadConfigOptions = {}): Promise<BaselinrConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    throw new ConfigError(`${path}: cannot read config (${reason}); pass an existing file with --config`);
  }
  const config = parseConfigText(text, { ...options, source: path });
  return resolveFilePaths(config, dirname(resolve(path)));
}

/** Relative file paths (`filepath`, `credentials_path`) mean relative to the config file, wherever the CLI runs from. */
function resolveFilePaths(config: BaselinrConfig, base: string): BaselinrConfig {
  const absolute = <T extends { filepath?: string | undefined; credentials_path?: string | undefined }>(c: T): T => ({
    ...c,
    ...(c.filepath && c.filepath !== ':memory:' ? { filepath: resolve(base, c.filepath) } : {}),
    ...(c.credentials_path ? { credentials_path: resolve(base, c.credentials_path) } : {}),
  });
  return { ...config, source: absolute(config.source), storage: { ...config.storage, connection: absolute(config.storage.connection) } };
}

export function parseConfigText(text: string, options: LoadConfigOptions & { source?: string } = {}): BaselinrConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    const detail = err instanceof YAMLParseError ? err.message : String(err);
    throw new ConfigError(`${options.source ?? 'config'}: not valid YAML: ${detail}`);
  }
  if (raw === null || raw === undefined) raw = {};
  return validateConfig(interpolateEnv(raw, options.env ?? process.env));
}

/** Validates an already-parsed config object (for embedders that build config in code). */
export function validateConfig(raw: unknown): BaselinrConfig {
  const result = configSchema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  const problems = formatIssues(result.error.issues, configSchema);
  throw new ConfigError(`invalid config:\n  ${problems.join('\n  ')}`, problems);
}
