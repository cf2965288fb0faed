import type { WarehouseLimits } from '@baselinr/core';

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

export function duckdbLimits(threads = libuvThreads()): WarehouseLimits {
  const ceiling = Math.max(1, threads - 1);
  return {
    ceiling: {
      workers: ceiling,
      reason: `@duckdb/node-api runs statements on Node's libuv thread pool (UV_THREADPOOL_SIZE=${threads}); one thread is kept for file and DNS work, and DuckDB already spreads each statement over its own threads`,
    },
    recommended: { min: Math.min(2, ceiling), max: ceiling },
    // One connection per worker (cheap: they share the in-process instance) and one for catalog queries.
    pool: { kind: 'connections', maxConnections: ceiling + 1, spare: 1 },
    // In-process: no round trip for small tables to share.
    embedded: true,
  };
}
