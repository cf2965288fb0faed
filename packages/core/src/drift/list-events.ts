import { tableKey, type TableRef } from '../adapter/types.js';
import { groupBy } from '../util/group-by.js';
import { EVENTS_LAYOUT_VERSION, type BaselinrDriftEvent, type EventFilter, type ResultsStore, type StoredDriftEvent } from '../store/contract.js';
import { rowSelectionDifference, type RowSelectionDifference } from './row-selections.js';

/** Which tool wrote an event: this product (its `baselinr_drift_events`) or Baselinr (its `baselinr_events`). */
export type EventWriter = 'baselinr-ts' | 'baselinr';

/** One event of `query drift`, from either tool; what Baselinr did not record is null. */
export interface ListedDriftEvent extends Omit<BaselinrDriftEvent, 'schema' | 'table'> {
  readonly writtenBy: EventWriter;
  readonly baselineRunId: string | null;
  readonly schema: string | null;
  readonly table: string | null;
  /**
   * The rows each run covered when they differed (a sample against the whole table), so metrics
   * that count rows were not compared; null when they were alike or, for Baselinr's events, unknown.
   */
  readonly rowSelection: RowSelectionDifference | null;
}

export type ListedEventFilter = Pick<EventFilter, 'runId' | 'table' | 'severity' | 'since' | 'limit' | 'offset'>;

/**
 * Both tools' drift and schema-change events of a shared store, newest first, each once: this
 * product's from its own table, Baselinr's from `baselinr_events` without the copies this product
 * writes there. A page is the newest `offset + limit` of each, merged and cut. Creates nothing.
 */
export async function listDriftEvents(store: ResultsStore, filter: ListedEventFilter): Promise<ListedDriftEvent[]> {
  const { offset = 0, limit, ...match } = filter;
  const window = limit === undefined ? {} : { limit: offset + limit };
  // Older stores have no events table of this product's.
  const ours = (await store.schemaVersion()) < EVENTS_LAYOUT_VERSION ? [] : await store.listEvents({ ...match, ...window });
  const theirs = (await store.listBaselinrEvents?.({ ...match, ...window })) ?? [];
  const merged = [
    ...(await withRowSelections(store, ours)),
    ...theirs.map((e): ListedDriftEvent => ({ ...e, writtenBy: 'baselinr', baselineRunId: null, rowSelection: null })),
  ].sort((a, b) => b.detectedAt.getTime() - a.detectedAt.getTime() || compareIds(b.eventId, a.eventId));
  return merged.slice(offset, limit === undefined ? undefined : offset + limit);
}

/**
 * Whether an event concerns a dataset: by schema and name, or by name alone where the event has
 * no schema (Baselinr's hook may not record one).
 */
export function isEventOf(event: Pick<ListedDriftEvent, 'schema' | 'table'>, dataset: TableRef): boolean {
  return event.table === dataset.table && (event.schema === null || event.schema === dataset.schema);
}

/**
 * This product's events, each marked with how its two runs' rows differed. Read from the runs'
 * stored row selections (`baselinr_row_selections`) rather than kept with each event: a run's
 * rows never change once stored, so the mark is the one drift saw when it compared them.
 */
async function withRowSelections(store: ResultsStore, events: readonly StoredDriftEvent[]): Promise<ListedDriftEvent[]> {
  const differences = new Map<string, RowSelectionDifference | undefined>();
  for (const [, ofDataset] of groupBy(events, tableKey)) {
    const dataset = { schema: ofDataset[0]!.schema, table: ofDataset[0]!.table };
    const runIds = [...new Set(ofDataset.flatMap((e) => [e.runId, e.baselineRunId]))];
    const stored = (await store.listRowSelections?.({ dataset, runIds })) ?? [];
    const selections = new Map(stored.map((s) => [s.runId, s]));
    for (const e of ofDataset) {
      const key = comparisonKey(e);
      if (!differences.has(key)) differences.set(key, rowSelectionDifference(selections.get(e.baselineRunId), selections.get(e.runId)));
    }
  }
  return events.map((e) => ({ ...e, eventId: String(e.eventId), writtenBy: 'baselinr-ts', rowSelection: differences.get(comparisonKey(e)) ?? null }));
}

function comparisonKey(e: StoredDriftEvent): string {
  return [tableKey(e), e.runId, e.baselineRunId].join('\0');
}

/** This product's ids are numbers: 10 after 9, not before it as text. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
