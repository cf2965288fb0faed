import type { DiscoveredTable } from '../adapter/types.js';
import type { BaselinrConfig, TableEntry } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { withExpectations } from '../scheduler/order.js';
import { IncrementalSelection, needsSchemaList, schemasToList } from '../selection/select-tables.js';
import type { CatalogSession } from './catalog-retry.js';
import { tableEntries, type DiscoveredPart } from './plan-run.js';

export interface DiscoverOptions {
  /** `source.type`, to name the warehouse in errors. */
  readonly warehouse: string;
  /** Only these tables (`--table`: `name` or `schema.name`) among those the config selects. */
  readonly only?: readonly string[];
  /** Seconds each table took last time, from the results store. */
  readonly history: (tables: readonly DiscoveredTable[]) => Promise<ReadonlyMap<string, number>>;
  /** Ask the listing for each table's change signal (see `signalsWithListing`): the run will read them. */
  readonly changeSignals?: boolean;
}

/**
 * Lists the catalog and selects the config's tables a part at a time, so a run can start on the
 * first part while the rest is still listed: the first schema is listed on its own and the others
 * in one more catalog query, both at once. Parts come in schema order, each with its tables'
 * history; the last one also carries the `--table` names that matched nothing.
 */
export async function* discoverTables(config: BaselinrConfig, session: CatalogSession, options: DiscoverOptions): AsyncGenerator<DiscoveredPart> {
  const entries = tableEntries(config);
  checkSelectable(entries, config, session, options.warehouse);
  const allSchemas = entries.some(needsSchemaList) ? await session.listSchemas!() : [];
  const selection = new IncrementalSelection(entries, session.defaultSchema, options.only, allSchemas);
  const schemas = schemasToList(entries, session.defaultSchema, allSchemas);
  const groups = schemas.length > 1 ? [schemas.slice(0, 1), schemas.slice(1)] : [schemas];
  const tags = entries.some(selectsByTags);
  const filter = { ...(tags ? { tags } : {}), ...(options.changeSignals ? { changeSignals: true } : {}) };
  const listings = groups.map((group) => (group.length > 0 ? session.listTables({ schemas: group, ...filter }) : Promise.resolve([])));
  // A later listing may fail while an earlier part is still being used: not an unhandled rejection.
  for (const listing of listings) listing.catch(() => undefined);
  for (const [i, group] of groups.entries()) {
    const part = selection.add(await listings[i]!, group);
    const last = i === groups.length - 1;
    const history = part.tables.length > 0 ? await options.history(part.tables) : new Map<string, number>();
    yield { tables: withExpectations(part.tables, history), missing: part.missing, unmatched: last ? [...part.unmatched, ...selection.finish()] : part.unmatched };
  }
}

function selectsByTags(entry: TableEntry): boolean {
  return entry.tags !== undefined || entry.tags_any !== undefined;
}

/** Refuses, before listing anything, selections this warehouse or version cannot make. */
function checkSelectable(entries: readonly TableEntry[], config: BaselinrConfig, session: CatalogSession, warehouse: string): void {
  const problems: string[] = [];
  for (const [i, entry] of entries.entries()) {
    const at = `profiling.tables.${i}`;
    if (entry.database !== undefined && entry.database !== config.source.database) {
      problems.push(
        `${at}.database: ${JSON.stringify(entry.database)} is not source.database (${JSON.stringify(config.source.database ?? '')}); one run profiles one database: give that database its own config`,
      );
    }
    if (needsSchemaList(entry) && !session.listSchemas) {
      problems.push(`${at}: ${warehouse} cannot list its schemas in this version, so \`select_all_schemas\` and \`schema_pattern\` are not available; name each \`schema\``);
    }
    if (selectsByTags(entry) && !session.tagSource) {
      problems.push(`${at}: ${warehouse} tables have no tags this version reads, so \`tags\` and \`tags_any\` cannot select; select by \`pattern\` or \`table\``);
    }
  }
  if (problems.length > 0) throw new ConfigError(`the table selection cannot run on ${warehouse}: ${problems.join('; ')}`, problems);
}
