import { ConfigError } from '@baselinr/core';
import type { DatasetListing } from './bigquery-api.js';

/** BigQuery names locations in any case (`US`, `us`, `europe-west2`). */
export function sameLocation(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toUpperCase() === b.toUpperCase();
}

/**
 * The datasets a run may select, sorted: one run reads datasets of one location (a query cannot
 * join datasets of two). That location is `extra_params.location` when set, else the default
 * dataset's, else the only one the project's datasets are in; datasets in several locations and no
 * way to choose is a config error that names them.
 */
export function datasetsOfRunLocation(listed: readonly DatasetListing[], location: string | undefined, defaultDataset: string, project: string): string[] {
  const where = location ?? listed.find((d) => d.dataset === defaultDataset)?.location ?? onlyLocation(listed, project);
  return listed
    .filter((d) => where === undefined || sameLocation(d.location, where))
    .map((d) => d.dataset)
    .sort();
}

function onlyLocation(listed: readonly DatasetListing[], project: string): string | undefined {
  const byLocation = new Map<string, string[]>();
  for (const { dataset, location = 'unknown' } of listed) {
    const key = location.toUpperCase();
    byLocation.set(key, [...(byLocation.get(key) ?? []), dataset]);
  }
  if (byLocation.size <= 1) return undefined;
  const where = [...byLocation]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([loc, names]) => `${loc}: ${names.sort().join(', ')}`)
    .join('; ');
  throw new ConfigError(
    `source.extra_params.location: the datasets of project ${project} are in several locations (${where}) and one run reads datasets of one location; set extra_params.location (or source.schema to a dataset there) to choose`,
  );
}
