import { EVENTS_LAYOUT_VERSION, type BaselinrDriftEvent, type EventFilter, type ResultsStore, type StoredDriftEvent } from '../store/contract.js';

/** Which tool wrote an event: this product (its `baselinr_drift_events`) or Baselinr (its `baselinr_events`). */
export type EventWriter = 'baselinr-ts' | 'baselinr';

/** One event of `query drift`, from either tool; what Baselinr did not record is null. */
export interface ListedDriftEvent extends Omit<BaselinrDriftEvent, 'schema' | 'table'> {
  readonly writtenBy: EventWriter;
  readonly baselineRunId: string | null;
  readonly schema: string | null;
  readonly table: string | null;
}

export type ListedEventFilter = Pick<EventFilter, 'table' | 'severity' | 'since' | 'limit' | 'offset'>;

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
  const merged = [...ours.map(fromOurs), ...theirs.map((e): ListedDriftEvent => ({ ...e, writtenBy: 'baselinr', baselineRunId: null }))].sort(
    (a, b) => b.detectedAt.getTime() - a.detectedAt.getTime() || compareIds(b.eventId, a.eventId),
  );
  return merged.slice(offset, limit === undefined ? undefined : offset + limit);
}

function fromOurs(e: StoredDriftEvent): ListedDriftEvent {
  return { ...e, eventId: String(e.eventId), writtenBy: 'baselinr-ts' };
}

/** This product's ids are numbers: 10 after 9, not before it as text. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
