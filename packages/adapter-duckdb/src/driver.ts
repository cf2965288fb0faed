import type { DuckDBValue } from '@duckdb/node-api';

type DuckdbModule = typeof import('@duckdb/node-api');

let loading: Promise<DuckdbModule> | undefined;

/** @duckdb/node-api loads DuckDB's native library: imported on first connect, not when the adapter is imported. */
export function loadDuckdb(): Promise<DuckdbModule> {
  loading ??= import('@duckdb/node-api');
  return loading;
}

/** A VARCHAR[] parameter. */
export async function textList(values: readonly string[]): Promise<DuckDBValue> {
  return (await loadDuckdb()).listValue([...values]);
}
