import type { ConcurrencyLimits, PoolPolicy } from '@baselinr/core';

/**
 * @duckdb/node-api runs each statement on a thread of Node's libuv pool (UV_THREADPOOL_SIZE,
 * default 4): more statements than that only queue inside Node, and they would also starve file
 * and DNS work that needs the same threads. One thread stays free for those. DuckDB itself
 * parallelises every statement across its own `threads` and shares them between concurrent
 * statements, so a few statements at once keep the cores busy when single ones do not (small
 * tables, the serial ends of each scan). See docs/adapters/duckdb.md for the measurement.
 */
export function libuvThreads(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.UV_THREADPOOL_SIZE);
  return Number.isInteger(configured) && configured >= 1 ? Math.min(configured, 1024) : 4;
}

export function duckdbConcurrency(threads = libuvThreads()): ConcurrencyLimits {
  const ceiling = Math.max(1, threads - 1);
  return {
    ceiling,
    recommended: { min: Math.min(2, ceiling), max: ceiling },
    reason: `@duckdb/node-api runs statements on Node's libuv thread pool (UV_THREADPOOL_SIZE=${threads}); one thread is kept for file and DNS work, and DuckDB already spreads each statement over its own threads`,
  };
}

/** One connection per worker (connections are cheap: they share the instance) plus one for catalog queries. */
export function duckdbPoolPolicy(workers: number): PoolPolicy {
  return {
    size: workers + 1,
    maxConcurrentStatements: workers,
    reason: `one DuckDB connection per worker and one for catalog queries, all on one in-process instance`,
  };
}
