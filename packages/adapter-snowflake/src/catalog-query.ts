import type { Row } from '@baselinr/core';

/** Runs one catalog query; names travel as bindings, never as SQL text. */
export type CatalogQuery = (sql: string, binds: readonly string[]) => Promise<Row[]>;
