import { tableKey, type TableRef } from '../adapter/types.js';
import type { ResultsStore } from './contract.js';
import { StoreLookupError } from './lookup-error.js';

/** Datasets a user's `name` or `schema.name` denotes, among those the store has runs of. */
export function matchDatasets(name: string, datasets: readonly TableRef[]): TableRef[] {
  return datasets.filter((d) => d.table === name || tableKey(d) === name);
}

/** Resolves each name to its datasets; a name with no stored runs is an error naming it. */
export async function findDatasets(store: ResultsStore, names: readonly string[]): Promise<TableRef[]> {
  const known = await store.listDatasets();
  const found = new Map<string, TableRef>();
  for (const name of names) {
    const matches = matchDatasets(name, known);
    if (matches.length === 0) throw new StoreLookupError(`no runs of dataset ${JSON.stringify(name)} in the results store (baselinr query runs lists what is there)`);
    for (const m of matches) found.set(tableKey(m), m);
  }
  return [...found.values()];
}

/** Exactly one dataset for a name; `orders` in two schemas must be written `schema.orders`. */
export async function findDataset(store: ResultsStore, name: string): Promise<TableRef> {
  const matches = await findDatasets(store, [name]);
  if (matches.length > 1) {
    throw new StoreLookupError(`${JSON.stringify(name)} names ${matches.length} datasets (${matches.map(tableKey).join(', ')}); give schema.name`);
  }
  return matches[0]!;
}
