import type { WarehouseSession } from '../adapter/contract.js';
import { withRetry, type RetryAttempt, type RetryConfig } from '../scheduler/retry.js';

/**
 * The catalog queries a run makes before it profiles. Describing tables is not among them: it
 * runs through the statement runner, which retries it already (wrapping it here would retry twice).
 */
export type CatalogQuery = 'list_schemas' | 'list_tables' | 'change_signals';

/** What discovery and incremental planning read from a session. */
export type CatalogSession = Pick<WarehouseSession, 'defaultSchema' | 'tagSource' | 'listTables' | 'listSchemas' | 'changeSignals'>;

export interface CatalogRetryOptions {
  /** `retry`: the policy statements use, so a catalog query gets the same causes, budget and backoff. */
  readonly retry: RetryConfig;
  readonly signal?: AbortSignal;
  readonly onRetry: (query: CatalogQuery, attempt: RetryAttempt) => void;
}

/**
 * The session's catalog queries, each retried like a statement when it fails for a transient
 * cause (too many connections, a dropped connection, a restart...). A refusal for load uses up
 * the budget here: no statement runs yet whose concurrency could be lowered instead.
 */
export function retryingCatalog(session: WarehouseSession, options: CatalogRetryOptions): CatalogSession {
  const retried = <T>(query: CatalogQuery, work: () => Promise<T>): Promise<T> =>
    withRetry(work, { config: options.retry, signal: options.signal, onRetry: (attempt) => options.onRetry(query, attempt) });
  const { listSchemas, changeSignals } = session;
  return {
    defaultSchema: session.defaultSchema,
    tagSource: session.tagSource,
    listTables: (filter) => retried('list_tables', () => session.listTables(filter)),
    listSchemas: listSchemas && (() => retried('list_schemas', () => listSchemas.call(session))),
    changeSignals: changeSignals && ((refs, signal) => retried('change_signals', () => changeSignals.call(session, refs, signal))),
  };
}
