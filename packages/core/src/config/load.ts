import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError } from '../errors.js';
import { configSchema, type BaselinrConfig } from './schema.js';
import { formatIssues } from './format-issues.js';
import { interpolateEnv, type Environment } from './interpolate.js';
import { applyEnvOverrides } from './env-overrides.js';
import { setAsideBaselinrKeys, setAsideBaselinrMetrics, setAsideSampleRatiosOfPatterns, type SetAsideKey } from './baselinr-keys-set-aside.js';

export interface ValidateConfigOptions {
  /** Baselinr settings this version does not support are errors instead of warnings. */
  readonly strict?: boolean;
  /** Receives one message per Baselinr setting that is accepted and ignored. */
  readonly onWarning?: (message: string) => void;
}

export interface LoadConfigOptions extends ValidateConfigOptions {
  /** Environment for `${VAR}` references and `BASELINR_<SECTION>__<KEY>` overrides; defaults to process.env. */
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
  const env = options.env ?? process.env;
  // Baselinr's order: overrides first, then references (an override may itself hold one).
  if (typeof raw === 'object' && !Array.isArray(raw)) raw = applyEnvOverrides(raw as Record<string, unknown>, env);
  // Set aside before interpolating: a reference inside a setting that is ignored must not fail the load.
  const setAside = setAsideUnsupported(raw);
  return checkConfig(interpolateEnv(raw, env), setAside, options);
}

/**
 * Validates an already-parsed config object (for embedders that build config in code). Baselinr's
 * settings this version does not support are set aside with one warning each (errors if strict).
 */
export function validateConfig(raw: unknown, options: ValidateConfigOptions = {}): BaselinrConfig {
  const input: unknown = structuredClone(raw);
  return checkConfig(input, setAsideUnsupported(input), options);
}

/** Removes (in place) Baselinr's keys and metrics this version does not support, and lists them. */
function setAsideUnsupported(input: unknown): SetAsideKey[] {
  const setAside = [...setAsideBaselinrMetrics(input), ...setAsideSampleRatiosOfPatterns(input)];
  // Each pass sets aside the Baselinr keys of the objects zod could reach; nested ones may need another.
  for (;;) {
    const result = configSchema.safeParse(input);
    const more = result.success ? [] : setAsideBaselinrKeys(input, result.error.issues);
    if (more.length === 0) return setAside;
    setAside.push(...more);
  }
}

function checkConfig(input: unknown, setAside: readonly SetAsideKey[], options: ValidateConfigOptions): BaselinrConfig {
  const result = configSchema.safeParse(input, { reportInput: true });
  const refused = options.strict ? setAside.map((key) => `${key.message.replace(/; ignored$/, '')} (refused by --strict)`) : [];
  if (!options.strict) for (const key of setAside) options.onWarning?.(key.message);
  if (result.success && refused.length === 0) return result.data;
  const problems = [...refused, ...(result.success ? [] : formatIssues(result.error.issues, configSchema))];
  throw new ConfigError(`invalid config:\n  ${problems.join('\n  ')}`, problems);
}
