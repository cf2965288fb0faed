import picomatch from 'picomatch';
import { tableKey, type DiscoveredTable, type TableRef } from '../adapter/types.js';
import type { TableEntry } from '../config/schema.js';
import { ConfigError } from '../errors.js';

export interface Selection {
  readonly tables: DiscoveredTable[];
  /** Explicitly named tables the catalog does not have. */
  readonly missing: TableRef[];
  /** Each pattern, schema or `--table` name that matched no table, said so a person can fix it. */
  readonly unmatched: string[];
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
export function selectTables(entries: readonly TableEntry[], catalog: readonly DiscoveredTable[], defaultSchema: string, only: readonly string[] = []): Selection {
  const byKey = new Map(catalog.map((t) => [tableKey(t), t]));
  const chosen = new Map<string, DiscoveredTable>();
  const missing: TableRef[] = [];
  const unmatched: string[] = [];
  for (const entry of entries) {
    const schema = entry.schema ?? defaultSchema;
    const excluded = entry.exclude_patterns.map((p) => matcher(p, entry.pattern_type));
    const keep = (t: DiscoveredTable) => !excluded.some((m) => m(t.table)) && passesFilters(entry, t);
    if (entry.table !== undefined) {
      const found = byKey.get(tableKey({ schema, table: entry.table }));
      if (found) chosen.set(tableKey(found), found);
      else missing.push({ schema, table: entry.table });
      continue;
    }
    const inSchema = catalog.filter((t) => t.schema === schema);
    const match = entry.pattern !== undefined ? matcher(entry.pattern, entry.pattern_type) : () => true;
    const matched = inSchema.filter((t) => match(t.table));
    const kept = matched.filter(keep);
    for (const t of kept) chosen.set(tableKey(t), t);
    if (kept.length === 0) unmatched.push(describeUnmatched(entry, schema, inSchema.length, matched.length));
  }
  let tables = [...chosen.values()];
  if (only.length > 0) {
    const named = (name: string) => (t: TableRef) => t.table === name || tableKey(t) === name;
    tables = tables.filter((t) => only.some((name) => named(name)(t)));
    for (const name of only) {
      if (!tables.some(named(name)) && !missing.some(named(name))) unmatched.push(`--table ${JSON.stringify(name)} matches no table the config selects`);
    }
  }
  return { tables, missing, unmatched };
}

/**
 * Baselinr's `table_types`, `min_rows` and `max_rows`. A table whose catalog has no row figure
 * passes the row filters: nothing says it is outside them.
 */
function passesFilters(entry: TableEntry, table: DiscoveredTable): boolean {
  if (entry.table_types && !entry.table_types.includes(table.type)) return false;
  const rows = table.rowEstimate;
  if (rows === undefined) return true;
  return (entry.min_rows === undefined || rows >= entry.min_rows) && (entry.max_rows === undefined || rows <= entry.max_rows);
}

function describeUnmatched(entry: TableEntry, schema: string, inSchema: number, matched: number): string {
  const what = entry.pattern !== undefined ? `${entry.pattern_type} pattern ${JSON.stringify(entry.pattern)}` : 'select_schema';
  if (inSchema === 0) return `${what}: schema ${JSON.stringify(schema)} has no tables or does not exist; check its spelling`;
  if (matched > 0) return `${what} in schema ${JSON.stringify(schema)}: all ${matched} matching table(s) are excluded by exclude_patterns, table_types, min_rows or max_rows`;
  return `${what} matches none of the ${inSchema} table(s) in schema ${JSON.stringify(schema)}`;
}

/** The selection matched no table at all: bad config or flags (exit 2), found once the catalog is listed. */
export class NothingSelectedError extends ConfigError {
  constructor(unmatched: readonly string[]) {
    super(`the selection matches no table: ${unmatched.join('; ')}`, unmatched);
  }
}

/** A run with nothing to profile is not a success: refuses it, naming each entry that matched nothing. */
export function requireSelection(selected: number, unmatched: readonly string[]): void {
  if (selected === 0) throw new NothingSelectedError(unmatched.length > 0 ? unmatched : ['profiling.tables selects nothing']);
}
