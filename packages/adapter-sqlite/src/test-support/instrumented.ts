import { setTimeout as sleep } from 'node:timers/promises';
import { WarehouseError, type ErrorCause, type WarehouseAdapter, type WarehouseSession } from '@baselinr/core';

export interface Instrumentation {
  inFlight: number;
  peak: number;
  statements: number;
}

/**
 * Wraps a real adapter to observe the scheduler: counts statements in flight and can inject
 * failures. `ceiling` lifts SQLite's own limit so parallel scheduling can be exercised.
 */
export function instrument(
  base: WarehouseAdapter,
  options: { ceiling?: number; fail?: (sql: string, attempt: number) => ErrorCause | undefined } = {},
): { adapter: WarehouseAdapter; stats: Instrumentation } {
  const stats: Instrumentation = { inFlight: 0, peak: 0, statements: 0 };
  const attempts = new Map<string, number>();
  const wrap = (session: WarehouseSession): WarehouseSession => ({
    dialect: session.dialect,
    defaultSchema: session.defaultSchema,
    listTables: (f) => session.listTables(f),
    describeTables: (refs, signal) => session.describeTables(refs, signal),
    close: () => session.close(),
    ...(session.changeSignals
      ? { changeSignals: (refs: Parameters<NonNullable<WarehouseSession['changeSignals']>>[0], signal?: AbortSignal) => session.changeSignals!(refs, signal) }
      : {}),
    async execute(sql, signal) {
      stats.inFlight++;
      stats.statements++;
      stats.peak = Math.max(stats.peak, stats.inFlight);
      try {
        // Yield so concurrent statements overlap, as they would on a remote warehouse.
        await sleep(2);
        const attempt = (attempts.get(sql) ?? 0) + 1;
        attempts.set(sql, attempt);
        const failure = options.fail?.(sql, attempt);
        if (failure) throw new WarehouseError(failure, `injected ${failure} failure`, { driverCode: 'TEST' });
        return await session.execute(sql, signal);
      } finally {
        stats.inFlight--;
      }
    },
  });
  const adapter: WarehouseAdapter = {
    ...base,
    // A lifted ceiling also lifts the one-connection pool: one statement in flight per worker.
    limits: options.ceiling
      ? (connection) => ({
          ...base.limits(connection),
          ceiling: { workers: options.ceiling!, reason: 'lifted by the test' },
          pool: { kind: 'in-flight', reason: 'instrumented: one statement per worker' },
        })
      : base.limits,
    connect: async (connection, connectOptions) => wrap(await base.connect(connection, connectOptions)),
  };
  return { adapter, stats };
}
