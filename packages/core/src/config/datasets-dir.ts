import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError } from '../errors.js';
import { globToRegExp, matchesTrailingSegments } from './glob.js';

/** The `datasets` keys that say where dataset files are and which of them to read (Baselinr's defaults apply). */
export interface DatasetsDirectory {
  readonly datasets_dir: string;
  readonly file_pattern?: string | undefined;
  readonly recursive?: boolean | undefined;
  readonly exclude_patterns?: readonly string[] | undefined;
}

/** One dataset file's entries, not yet validated. */
export interface DatasetFile {
  readonly path: string;
  readonly entries: readonly unknown[];
}

/**
 * Reads the dataset files of `datasets_dir` (relative to `base`, the config file's folder), in path
 * order, as Baselinr's DatasetFileLoader: a missing directory is a notice and no files.
 */
export async function readDatasetFiles(directory: DatasetsDirectory, base: string, onNotice: (message: string) => void): Promise<DatasetFile[]> {
  const root = resolve(base, directory.datasets_dir);
  const found = await stat(root).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw new ConfigError(`datasets.datasets_dir: cannot read ${root} (${err.message})`);
  });
  if (found === undefined) {
    onNotice(`\`datasets.datasets_dir\`: ${root} does not exist; no dataset files read (create it, or fix the path, relative to the config file)`);
    return [];
  }
  if (!found.isDirectory()) throw new ConfigError(`datasets.datasets_dir: ${root} is not a directory; name the folder that holds the dataset files`);
  const paths = await discover(root, directory);
  return Promise.all(paths.map(async (path) => ({ path, entries: entriesOf(path, await readText(path)) })));
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${path}: cannot read dataset file (${(err as Error).message}); fix its permissions, or leave it out with datasets.exclude_patterns`);
  }
}

async function discover(root: string, directory: DatasetsDirectory): Promise<string[]> {
  const recursive = directory.recursive ?? true;
  const wanted = globToRegExp(`${recursive ? '**/' : ''}${directory.file_pattern ?? '*.yml'}`);
  const excludes = directory.exclude_patterns ?? [];
  const entries = await readdir(root, { recursive, withFileTypes: true }).catch((err: Error) => {
    throw new ConfigError(`datasets.datasets_dir: cannot list ${root} (${err.message}); fix its permissions or the path`);
  });
  const matching = entries
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => wanted.test(path) && !excludes.some((pattern) => excluded(path, pattern)))
    .sort()
    .map((path) => join(root, path));
  const files = await Promise.all(matching.map(leadsToFile));
  return matching.filter((_, i) => files[i]);
}

/** A link counts when it leads to a file, as Python's is_file() follows links; a dangling one is no file. */
async function leadsToFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Baselinr's two exclusion rules: the pattern matches the path's last segments, or, with its
 * wildcards and slashes taken off (`**\/templates/**` → `templates`), names one of its folders.
 */
function excluded(path: string, pattern: string): boolean {
  if (matchesTrailingSegments(path, pattern)) return true;
  const folder = pattern
    .replaceAll('**/', '')
    .replaceAll('/**', '')
    .replaceAll('*', '')
    .replace(/^\/+|\/+$/g, '');
  return folder !== '' && path.split('/').slice(0, -1).includes(folder);
}

/** A file holds one entry (a mapping), a list of them, or a mapping with a `datasets` list; empty holds none. */
function entriesOf(path: string, text: string): unknown[] {
  let content: unknown;
  try {
    content = parseYaml(text);
  } catch (err) {
    const detail = err instanceof YAMLParseError ? err.message : String(err);
    throw new ConfigError(`${path}: not valid YAML: ${detail}; fix the file, or leave it out with datasets.exclude_patterns`);
  }
  if (content === null || content === undefined) return [];
  if (typeof content !== 'object') throw new ConfigError(`${path}: expected a dataset entry (a mapping), a list of them, or \`datasets:\` with a list`);
  const list = Array.isArray(content) ? content : 'datasets' in content ? (content as { datasets: unknown }).datasets : [content];
  if (!Array.isArray(list)) throw new ConfigError(`${path}: \`datasets\` must be a list of dataset entries`);
  return list;
}
