import type { z } from 'zod';
import { BASELINR_KEYS, type BaselinrKeyTree } from './baselinr-keys.js';
import { BASELINR_ONLY_METRICS } from './schema.js';

/** A Baselinr key this version accepts and ignores: `where` names it with `[]` for list entries. */
export interface SetAsideKey {
  readonly where: string;
  readonly message: string;
}

/**
 * Removes from `input` (in place) the unknown keys that are Baselinr's, so the config validates
 * without them, and returns one entry per key. Other unknown keys stay, to fail with a did-you-mean.
 */
export function setAsideBaselinrKeys(input: unknown, issues: readonly z.core.$ZodIssue[]): SetAsideKey[] {
  const setAside: SetAsideKey[] = [];
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const tree = baselinrTreeAt(issue.path);
    const holder = valueAt(input, issue.path);
    if (tree === undefined || holder === undefined) continue;
    for (const key of issue.keys) {
      if (tree[key] === undefined) continue;
      delete holder[key];
      const where = [...genericPath(issue.path), key].join('.').replaceAll('.[]', '[]');
      setAside.push({ where, message: `\`${where}\`: a Baselinr setting this version does not support; ignored` });
    }
  }
  return setAside;
}

function genericPath(path: readonly PropertyKey[]): string[] {
  return path.map((segment) => (typeof segment === 'number' ? '[]' : String(segment)));
}

function baselinrTreeAt(path: readonly PropertyKey[]): BaselinrKeyTree | undefined {
  let node: true | BaselinrKeyTree | undefined = BASELINR_KEYS;
  for (const segment of genericPath(path)) {
    if (node === undefined || node === true) return undefined;
    node = node[segment];
  }
  return node === true ? undefined : node;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): Record<string, unknown> | undefined {
  let node = input;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>) : undefined;
}

/** Removes from `profiling.metrics` (in place) the names Baselinr accepts that this version does not compute. */
export function setAsideBaselinrMetrics(input: unknown): SetAsideKey[] {
  const metrics = valueAt(input, ['profiling', 'metrics']);
  if (!Array.isArray(metrics)) return [];
  const setAside: SetAsideKey[] = [];
  for (const name of BASELINR_ONLY_METRICS) {
    const at = metrics.indexOf(name);
    if (at < 0) continue;
    metrics.splice(at, 1);
    setAside.push({ where: `profiling.metrics.${name}`, message: `\`profiling.metrics\`: \`${name}\` is a Baselinr metric this version does not compute; ignored` });
  }
  return setAside;
}

/**
 * Removes (in place) `sample_ratio` from table entries that do not name a `table`: Baselinr accepts
 * it anywhere and ignores it; this version applies it to the table an entry names.
 */
export function setAsideSampleRatiosOfPatterns(input: unknown): SetAsideKey[] {
  const tables = valueAt(input, ['profiling', 'tables']);
  if (!Array.isArray(tables)) return [];
  return tables.flatMap((entry: unknown) => {
    if (entry === null || typeof entry !== 'object' || !('sample_ratio' in entry) || 'table' in entry) return [];
    delete (entry as Record<string, unknown>).sample_ratio;
    return [
      {
        where: 'profiling.tables[].sample_ratio',
        message:
          "`profiling.tables[].sample_ratio` on an entry without `table`: applies only to a named table; ignored (sample a pattern's tables with `datasets.datasets[].profiling.sampling`)",
      },
    ];
  });
}
