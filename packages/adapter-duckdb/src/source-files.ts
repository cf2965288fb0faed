import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { ConfigError } from '@baselinr/core';

export type FileFormat = 'parquet' | 'csv' | 'json';

/** A table backed by files: a view reading them, named as the user will name the table. */
export interface FileTable {
  readonly name: string;
  /** A path or glob, absolute. */
  readonly path: string;
  readonly format: FileFormat;
}

const FORMATS: ReadonlyArray<readonly [RegExp, FileFormat]> = [
  [/\.parquet$/i, 'parquet'],
  [/\.(csv|tsv)(\.gz|\.zst)?$/i, 'csv'],
  [/\.(json|jsonl|ndjson)(\.gz|\.zst)?$/i, 'json'],
];

export function formatOf(path: string): FileFormat | undefined {
  return FORMATS.find(([pattern]) => pattern.test(path))?.[1];
}

export const isGlob = (path: string) => /[*?[]/.test(path);

/** `orders.csv.gz` -> `.csv.gz`. */
function suffix(file: string): string {
  const compression = /\.(gz|zst)$/i.exec(file)?.[0] ?? '';
  return extname(file.slice(0, file.length - compression.length)) + compression;
}

/** `orders.csv.gz` -> `orders`. */
export function stem(file: string): string {
  const name = basename(file);
  return name.slice(0, name.length - suffix(name).length);
}

/**
 * The tables of a data folder: each data file is a table named after it, and each subfolder
 * holding data files (a partitioned dataset) is one table named after the subfolder.
 */
export function folderTables(folder: string, section: string): FileTable[] {
  const tables: FileTable[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name);
    if (entry.isFile()) {
      const format = formatOf(entry.name);
      if (format) tables.push({ name: stem(entry.name), path, format });
    } else if (entry.isDirectory()) {
      const suffixes = new Set(dataFilesUnder(path).map((f) => suffix(f).toLowerCase()));
      if (suffixes.size > 1) throw new ConfigError(`${section}: folder ${path} mixes ${[...suffixes].join(', ')} files; one kind of file per table`);
      const [only] = suffixes;
      if (only) tables.push({ name: entry.name, path: join(path, '**', `*${only}`), format: formatOf(only)! });
    }
  }
  return tables;
}

function dataFilesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) => {
    const path = join(folder, e.name);
    if (e.isDirectory()) return dataFilesUnder(path);
    return formatOf(e.name) ? [path] : [];
  });
}

/** A table named in `extra_params.files`: relative paths are relative to `base`. */
export function namedFileTable(name: string, value: unknown, base: string, section: string): FileTable {
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(`${section}.extra_params.files.${name}: Expected a path or glob, got ${JSON.stringify(value)}`);
  const path = resolve(base, value);
  const format = formatOf(path);
  if (!format) throw new ConfigError(`${section}.extra_params.files.${name}: Expected a .parquet, .csv, .tsv, .json, .jsonl or .ndjson path, got ${JSON.stringify(value)}`);
  if (!isGlob(path) && !existsSync(path)) throw new ConfigError(`${section}.extra_params.files.${name}: no such file ${path}`);
  return { name, path, format };
}

/** The folder relative `extra_params.files` paths start from: `filepath` itself when a folder, else the folder holding it. */
export function baseFolder(filepath: string | undefined): string {
  if (filepath === undefined) return process.cwd();
  if (!isGlob(filepath) && existsSync(filepath) && statSync(filepath).isDirectory()) return filepath;
  return dirname(filepath);
}
