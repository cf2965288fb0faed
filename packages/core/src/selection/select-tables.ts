import picomatch from 'picomatch';
import type { DiscoveredTable, TableRef } from '../adapter/types.js';
import type { TableEntry } from '../config/schema.js';
import { tableKey } from '../adapter/types.js';

export interface Selection {
  readonly tables: DiscoveredTable[];
  /** Explicitly named tables the catalog does not have. */
  readonly missing: TableRef[];
}

/** The schemas a set of entries needs listed. */
export function schemasToList(entries: readonly TableEntry[], defaultSchema: string): string[] {
  return [...new Set(entries.map((e) => e.schema ?? defaultSchema))];
}

function matcher(pattern: string, type: TableEntry['pattern_type']): (name: string) => boolean {
  if (type === 'regex') {
    const re = new RegExp(pattern);
    return (name) => re.test(name);
  }
  return picomatch(pattern, { dot: true });
}

/**
 * Applies the config's table entries to the catalog listing, in entry order, without duplicates.
 * `only` (from `--table`) narrows the result to the named tables (`table` or `schema.table`).
 */
export function selectTables(
  entries: readonly TableEntry[],
  catalog: readonly DiscoveredTable[],
  defaultSchema: string,
  only: readonly string[] = [],
): Selection {
  const byKey = new Map(catalog.map((t) => [tableKey(t), t]));
  const chosen = new Map<string, DiscoveredTable>();
  const missing: TableRef[] = [];
  for (const entry of entries) {
    const schema = entry.schema ?? defaultSchema;
    const excluded = entry.exclude_patterns.map((p) => matcher(p, entry.pattern_type));
    const keep = (t: DiscoveredTable) => !excluded.some((m) => m(t.table));
    if (entry.table !== undefined) {
      const found = byKey.get(tableKey({ schema, table: entry.table }));
      if (found) chosen.set(tableKey(found), found);
      else missing.push({ schema, table: entry.table });
      continue;
    }
    const inSchema = catalog.filter((t) => t.schema === schema);
    const match = entry.pattern !== undefined ? matcher(entry.pattern, entry.pattern_type) : () => true;
    for (const t of inSchema) if (match(t.table) && keep(t)) chosen.set(tableKey(t), t);
  }
  let tables = [...chosen.values()];
  if (only.length > 0) {
    const wanted = new Set(only);
    tables = tables.filter((t) => wanted.has(t.table) || wanted.has(tableKey(t)));
  }
  return { tables, missing };
}
