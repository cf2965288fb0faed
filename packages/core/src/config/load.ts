import type * as z from 'zod';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError } from '../errors.js';
import { configSchema, type BaselinrConfig, type DatasetEntry } from './schema.js';
import { readDatasetFiles, type DatasetFile } from './datasets-dir.js';
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
  /** Other things worth knowing about the config (a missing `datasets_dir`, a dataset given twice); defaults to onWarning. */
  readonly onNotice?: (message: string) => void;
  /** Receives each file read from `datasets.datasets_dir`, and how many dataset entries it held. */
  readonly onDatasetFile?: (path: string, entries: number) => void;
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
  const base = dirname(resolve(path));
  return resolveFilePaths(await addDatasetFiles(config, base, options), base);
}

/**
 * Appends the entries of `datasets_dir`'s files to the inline ones. Each file is checked as inline
 * entries are, and every file's problems are listed, each naming its file, before anything runs.
 */
async function addDatasetFiles(config: BaselinrConfig, base: string, options: LoadConfigOptions): Promise<BaselinrConfig> {
  const { datasets_dir } = config.datasets;
  if (datasets_dir === undefined) return config;
  const notice = options.onNotice ?? options.onWarning ?? (() => undefined);
  const files = await readDatasetFiles({ ...config.datasets, datasets_dir }, base, notice);
  const problems: string[] = [];
  const sourced = config.datasets.datasets.map((entry) => ({ entry, source: 'the config file' }));
  for (const file of files) {
    try {
      const entries = checkDatasetFile(file, options, notice);
      sourced.push(...entries.map((entry) => ({ entry, source: file.path })));
      options.onDatasetFile?.(file.path, entries.length);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(`invalid dataset file(s):\n  ${problems.join('\n  ')}`, problems);
  noticeRepeatedDatasets(sourced, notice);
  return { ...config, datasets: { ...config.datasets, datasets_dir: resolve(base, datasets_dir), datasets: sourced.map((s) => s.entry) } };
}

/** A file's entries, through the same set-aside and schema as inline entries; problems and warnings name the file. */
function checkDatasetFile(file: DatasetFile, options: ValidateConfigOptions, notice: (message: string) => void): DatasetEntry[] {
  const input = { datasets: { datasets: structuredClone(file.entries) } };
  // Baselinr reads dataset files as they are: only the main config's `${VAR}` references are replaced.
  if (/\$\{[A-Za-z_]/.test(JSON.stringify(file.entries))) {
    notice(`${file.path}: \`\${VAR}\` references are kept as written in dataset files, as in Baselinr (only the config file is interpolated)`);
  }
  // `datasets.datasets.0.table: ...` reads `<file>: entry 1: table: ...`; `datasets.datasets[].drift` reads `drift`.
  const inFile = (message: string) =>
    `${file.path}: ${message
      .replace(/^datasets\.datasets\.(\d+)(\.|:)/, (_m, n: string, after: string) => `entry ${Number(n) + 1}${after === '.' ? ': ' : ':'}`)
      .replace(/^`datasets\.datasets\[\]\./, '`')}`;
  const onWarning = options.onWarning && ((message: string) => options.onWarning!(inFile(message)));
  try {
    return checkConfig(input, setAsideUnsupported(input, datasetsSection), { ...options, onWarning }, datasetsSection).datasets.datasets;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new ConfigError(err.message, err.problems.map(inFile));
  }
}

/** Baselinr takes the first of equally specific matches; say so when a dataset is given twice. */
function noticeRepeatedDatasets(sourced: ReadonlyArray<{ entry: DatasetEntry; source: string }>, notice: (message: string) => void): void {
  const sources = new Map<string, string[]>();
  for (const { entry, source } of sourced) {
    const name = [entry.database, entry.schema, entry.table].map((part) => part ?? '*').join('.');
    sources.set(name, [...(sources.get(name) ?? []), source]);
  }
  for (const [name, where] of sources) {
    if (where.length < 2) continue;
    notice(`\`datasets\`: ${name} is given ${where.length} times (${where.join(', ')}); the first applies (inline entries first, then files in path order): keep one`);
  }
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
  return checkConfig(interpolateEnv(raw, env), setAside, options, configSchema);
}

/**
 * Validates an already-parsed config object (for embedders that build config in code). Baselinr's
 * settings this version does not support are set aside with one warning each (errors if strict).
 */
export function validateConfig(raw: unknown, options: ValidateConfigOptions = {}): BaselinrConfig {
  const input: unknown = structuredClone(raw);
  return checkConfig(input, setAsideUnsupported(input), options, configSchema);
}

/** The `datasets` section alone: what a dataset file's entries are checked with. */
const datasetsSection = configSchema.pick({ datasets: true });

/** Removes (in place) Baselinr's keys and metrics this version does not support, and lists them. */
function setAsideUnsupported(input: unknown, schema: z.ZodType = configSchema): SetAsideKey[] {
  const setAside = [...setAsideBaselinrMetrics(input), ...setAsideSampleRatiosOfPatterns(input)];
  // Each pass sets aside the Baselinr keys of the objects zod could reach; nested ones may need another.
  for (;;) {
    const result = schema.safeParse(input);
    const more = result.success ? [] : setAsideBaselinrKeys(input, result.error.issues);
    if (more.length === 0) return setAside;
    setAside.push(...more);
  }
}

function checkConfig<T>(input: unknown, setAside: readonly SetAsideKey[], options: ValidateConfigOptions, schema: z.ZodType<T>): T {
  const result = schema.safeParse(input, { reportInput: true });
  const refused = options.strict ? setAside.map((key) => `${key.message.replace(/; ignored$/, '')} (refused by --strict)`) : [];
  if (!options.strict) for (const key of setAside) options.onWarning?.(key.message);
  if (result.success && refused.length === 0) return result.data;
  const problems = [...refused, ...(result.success ? [] : formatIssues(result.error.issues, schema))];
  throw new ConfigError(`invalid config:\n  ${problems.join('\n  ')}`, problems);
}
