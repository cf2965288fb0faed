import picomatch from 'picomatch';
import { tableKey, type DiscoveredTable, type TableRef } from '../adapter/types.js';
import type { TableEntry } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { groupBy } from '../util/group-by.js';

export interface Selection {
  readonly tables: DiscoveredTable[];
  /** Explicitly named tables the catalog does not have. */
  readonly missing: TableRef[];
  /** Each pattern, schema or `--table` name that matched no table, said so a person can fix it. */
  readonly unmatched: string[];
}

/** Whether an entry spans schemas found by listing them (`select_all_schemas`, `schema_pattern`). */
export function needsSchemaList(entry: TableEntry): boolean {
  return entry.select_all_schemas === true || entry.schema_pattern !== undefined;
}

/** The schemas one entry covers; `allSchemas` is the warehouse's schema list, needed only by entries that span schemas. */
export function schemasOf(entry: TableEntry, defaultSchema: string, allSchemas: readonly string[] = []): string[] {
  if (entry.select_all_schemas) return [...allSchemas];
  if (entry.schema_pattern !== undefined) {
    const match = matcher(entry.schema_pattern, entry.pattern_type);
    return allSchemas.filter((s) => match(s));
  }
  return [entry.schema ?? defaultSchema];
}

/** The schemas a set of entries needs listed, in the order the entries name them. */
export function schemasToList(entries: readonly TableEntry[], defaultSchema: string, allSchemas: readonly string[] = []): string[] {
  return [...new Set(entries.flatMap((e) => schemasOf(e, defaultSchema, allSchemas)))];
}

function matcher(pattern: string, type: TableEntry['pattern_type']): (name: string) => boolean {
  if (type === 'regex') {
    const re = new RegExp(pattern);
    return (name) => re.test(name);
  }
  return picomatch(pattern, { dot: true });
}

interface EntryProgress {
  readonly entry: TableEntry;
  readonly schemas: readonly string[];
  readonly unlisted: Set<string>;
  inSchemas: number;
  matched: number;
  kept: number;
  reported: boolean;
}

/**
 * Applies the config's table entries to the catalog a part at a time (as each schema's listing
 * arrives), in entry order within a part, without duplicates across parts. An entry is reported
 * as matching nothing once all its schemas are listed. `only` (from `--table`) narrows the
 * result to the named tables (`table` or `schema.table`); `finish` reports the names never found.
 */
export class IncrementalSelection {
  private readonly progress: EntryProgress[];
  private readonly chosen = new Set<string>();
  private readonly found = new Set<string>();

  constructor(
    entries: readonly TableEntry[],
    defaultSchema: string,
    private readonly only: readonly string[] = [],
    allSchemas: readonly string[] = [],
  ) {
    this.progress = entries.map((entry) => {
      const schemas = schemasOf(entry, defaultSchema, allSchemas);
      return { entry, schemas, unlisted: new Set(schemas), inSchemas: 0, matched: 0, kept: 0, reported: false };
    });
  }

  /** The selection among `catalog`, the listing of the schemas `listed`. */
  add(catalog: readonly DiscoveredTable[], listed: readonly string[]): Selection {
    const bySchema = groupBy(catalog, (t) => t.schema);
    const tables: DiscoveredTable[] = [];
    const missing: TableRef[] = [];
    const unmatched: string[] = [];
    for (const p of this.progress) {
      const { entry } = p;
      for (const schema of p.schemas.filter((s) => listed.includes(s) && p.unlisted.has(s))) {
        p.unlisted.delete(schema);
        const inSchema = bySchema.get(schema) ?? [];
        if (entry.table !== undefined) {
          const found = inSchema.find((t) => t.table === entry.table);
          if (found) this.choose(found, tables);
          else if (this.wanted({ schema, table: entry.table })) missing.push({ schema, table: entry.table });
          continue;
        }
        const match = entry.pattern !== undefined ? matcher(entry.pattern, entry.pattern_type) : () => true;
        const excluded = entry.exclude_patterns.map((x) => matcher(x, entry.pattern_type));
        const matched = inSchema.filter((t) => match(t.table));
        const kept = matched.filter((t) => !excluded.some((m) => m(t.table)) && passesFilters(entry, t));
        for (const t of kept) this.choose(t, tables);
        p.inSchemas += inSchema.length;
        p.matched += matched.length;
        p.kept += kept.length;
      }
      if (entry.table === undefined && p.unlisted.size === 0 && p.kept === 0 && !p.reported) {
        p.reported = true;
        unmatched.push(describeUnmatched(p));
      }
    }
    return { tables, missing, unmatched };
  }

  /** The `--table` names that matched no selected table, once every part was added. */
  finish(): string[] {
    return this.only.filter((name) => !this.found.has(name)).map((name) => `--table ${JSON.stringify(name)} matches no table the config selects`);
  }

  private wanted(ref: TableRef): boolean {
    if (this.only.length === 0) return true;
    const names = this.only.filter((name) => ref.table === name || tableKey(ref) === name);
    for (const name of names) this.found.add(name);
    return names.length > 0;
  }

  private choose(table: DiscoveredTable, into: DiscoveredTable[]): void {
    const key = tableKey(table);
    if (this.chosen.has(key) || !this.wanted(table)) return;
    this.chosen.add(key);
    into.push(table);
  }
}

/** Applies the entries to a whole catalog listing at once. */
export function selectTables(entries: readonly TableEntry[], catalog: readonly DiscoveredTable[], defaultSchema: string, only: readonly string[] = []): Selection {
  const allSchemas = [...new Set(catalog.map((t) => t.schema))];
  const selection = new IncrementalSelection(entries, defaultSchema, only, allSchemas);
  const selected = selection.add(catalog, schemasToList(entries, defaultSchema, allSchemas));
  return { ...selected, unmatched: [...selected.unmatched, ...selection.finish()] };
}

/**
 * Baselinr's `table_types`, `min_rows`, `max_rows`, `tags` (all of them) and `tags_any` (one of
 * them). A table whose catalog has no row figure passes the row filters: nothing says it is
 * outside them.
 */
function passesFilters(entry: TableEntry, table: DiscoveredTable): boolean {
  if (entry.table_types && !entry.table_types.includes(table.type)) return false;
  const tags = table.tags ?? [];
  if (entry.tags && !entry.tags.every((t) => tags.includes(t))) return false;
  if (entry.tags_any && !entry.tags_any.some((t) => tags.includes(t))) return false;
  const rows = table.rowEstimate;
  if (rows === undefined) return true;
  return (entry.min_rows === undefined || rows >= entry.min_rows) && (entry.max_rows === undefined || rows <= entry.max_rows);
}

function describeUnmatched(p: EntryProgress): string {
  const { entry, schemas } = p;
  const what = entry.pattern !== undefined ? `${entry.pattern_type} pattern ${JSON.stringify(entry.pattern)}` : entry.select_all_schemas ? 'select_all_schemas' : 'select_schema';
  if (schemas.length === 0) {
    return entry.schema_pattern !== undefined
      ? `${what}: schema_pattern ${JSON.stringify(entry.schema_pattern)} matches no schema; check its spelling`
      : `${what}: the database has no schema to select`;
  }
  const where = schemas.length === 1 ? `schema ${JSON.stringify(schemas[0])}` : `the ${schemas.length} schemas ${entry.schema_pattern !== undefined ? `matching ${JSON.stringify(entry.schema_pattern)}` : 'of the database'}`;
  if (p.inSchemas === 0) return schemas.length === 1 ? `${what}: ${where} has no tables or does not exist; check its spelling` : `${what}: ${where} have no tables`;
  if (p.matched > 0) return `${what} in ${where}: all ${p.matched} matching table(s) are excluded by exclude_patterns, table_types, tags, tags_any, min_rows or max_rows`;
  return `${what} matches none of the ${p.inSchemas} table(s) in ${where}`;
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
