import { existsSync, statSync } from 'node:fs';
import { ConfigError, type ConnectionConfig } from '@baselinr/core';
import { baseFolder, folderTables, formatOf, isGlob, namedFileTable, stem, type FileTable } from './source-files.js';

/** What a `source` section asks DuckDB to open. */
export interface DuckdbSource {
  /** The database file, opened read-only; undefined for an in-memory database that holds only file tables. */
  readonly database?: string;
  /** Parquet, CSV and JSON files profiled as tables of the `main` schema. */
  readonly files: readonly FileTable[];
  /** DuckDB settings from extra_params (threads, memory_limit). */
  readonly settings: Readonly<Record<string, string>>;
}

const EXTRA_PARAMS = ['files', 'threads', 'memory_limit'];

/**
 * Reads `filepath` (a DuckDB database, one data file, or a folder of them) and `extra_params`
 * (`files`, `threads`, `memory_limit`). Every problem is a ConfigError naming its key (exit 2).
 */
export function duckdbSource(connection: ConnectionConfig, section = 'source'): DuckdbSource {
  const unknown = Object.keys(connection.extra_params).filter((k) => !EXTRA_PARAMS.includes(k));
  if (unknown.length > 0) throw new ConfigError(`${section}.extra_params: unknown key(s) ${unknown.join(', ')}; duckdb takes ${EXTRA_PARAMS.join(', ')}`);
  const { filepath } = connection;
  const files: FileTable[] = [];
  let database: string | undefined;
  if (filepath !== undefined && filepath !== ':memory:') {
    if (isGlob(filepath)) {
      throw new ConfigError(`${section}.filepath: ${filepath} names several files; name the table they form with extra_params.files: { <table>: ${filepath} }`);
    } else if (!existsSync(filepath)) {
      throw new ConfigError(`${section}.filepath: no DuckDB database, data file or folder at ${filepath}; check the path (relative paths are relative to the config file)`);
    } else if (statSync(filepath).isDirectory()) {
      files.push(...folderTables(filepath, `${section}.filepath`));
    } else if (formatOf(filepath)) {
      files.push(namedFileTable(stem(filepath), filepath, '/', section));
    } else {
      database = filepath;
    }
  }
  files.push(...namedFiles(connection.extra_params.files, baseFolder(filepath), section));
  const names = files.map((f) => f.name.toLowerCase());
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new ConfigError(`${section}: two file tables are named ${duplicate} (DuckDB names are case-insensitive)`);
  if (!database && files.length === 0) {
    throw new ConfigError(`${section}.filepath: nothing to profile; give a DuckDB database file, a Parquet/CSV/JSON file or a folder of them, or extra_params.files`);
  }
  return { ...(database ? { database } : {}), files, settings: settings(connection.extra_params, section) };
}

function namedFiles(value: unknown, base: string, section: string): FileTable[] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${section}.extra_params.files: Expected a map of table name to path, got ${JSON.stringify(value)}`);
  }
  return Object.entries(value).map(([name, path]) => namedFileTable(name, path, base, section));
}

function settings(extra: Record<string, unknown>, section: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (extra.threads !== undefined) {
    const threads = Number(extra.threads);
    if (!Number.isInteger(threads) || threads < 1)
      throw new ConfigError(`${section}.extra_params.threads: Expected a whole number of at least 1, got ${JSON.stringify(extra.threads)}`);
    out.threads = String(threads);
  }
  if (extra.memory_limit !== undefined) {
    if (typeof extra.memory_limit !== 'string' || !/^\s*\d+(\.\d+)?\s*[KMGT]i?B\s*$/i.test(extra.memory_limit)) {
      throw new ConfigError(`${section}.extra_params.memory_limit: Expected a size such as "4GB", got ${JSON.stringify(extra.memory_limit)}`);
    }
    out.memory_limit = extra.memory_limit.trim();
  }
  return out;
}
