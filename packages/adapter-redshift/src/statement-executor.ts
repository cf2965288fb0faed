import type { QueryResult } from '@baselinr/core';

/** A named value for a catalog statement's `:name` placeholder. */
export interface NamedParameter {
  readonly name: string;
  readonly value: string;
}

/** How a session's statements reach Redshift: the Data API or the PostgreSQL wire protocol. */
export interface StatementExecutor {
  run(sql: string, parameters: readonly NamedParameter[], signal?: AbortSignal): Promise<QueryResult>;
  close(): Promise<void>;
}
