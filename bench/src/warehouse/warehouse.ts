import type { TableSet } from './table-sets.js';

/** Where a client reaches the warehouse: the server itself or the latency proxy in front of it. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** A Baselinr `source:` block, written into the config the CLI runs with. */
export type SourceConfig = Record<string, string | number>;

/** One engine's side of the benchmark: build a set, give the CLI a source for it, drop it. */
export interface BenchWarehouse {
  readonly engine: 'postgres' | 'mariadb' | 'sqlite';
  /** The server, for the latency proxy to forward to (undefined for embedded SQLite). */
  readonly server?: Endpoint;
  /** Drops the set's schema if present, then creates and fills every table. */
  create(set: TableSet): Promise<void>;
  /** Reads every table once, so the first measured run does not pay for a cold cache or hint bits. */
  warm(set: TableSet): Promise<void>;
  /** Gathers statistics, so the catalog has the row estimates ordering uses. */
  analyze(set: TableSet): Promise<void>;
  /** Tables whose catalog row estimate is missing (never analyzed). */
  tablesWithoutEstimate(set: TableSet): Promise<number>;
  drop(set: TableSet): Promise<void>;
  /** The source block for a config; `via` routes it through a proxy. */
  source(set: TableSet, via?: Endpoint): { source: SourceConfig; schema: string };
  close(): Promise<void>;
}

/** Runs statements in chunks so creating 5,000 tables is a few hundred round trips, not 10,000. */
export async function runInChunks(statements: readonly string[], chunk: number, run: (batch: readonly string[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < statements.length; i += chunk) await run(statements.slice(i, i + chunk));
}
