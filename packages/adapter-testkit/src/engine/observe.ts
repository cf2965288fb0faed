import type { ListTablesFilter, PoolPolicy, TableRef, WarehouseAdapter, WarehouseSession } from '@baselinr/core';

/** What the kit saw an adapter's sessions do during a run. */
export interface Observations {
  readonly connects: Array<{ readonly policy: PoolPolicy; readonly runId: string }>;
  readonly statements: string[];
  readonly describeCalls: Array<readonly TableRef[]>;
  /** Each `listTables` call's filter (whether it asked for change signals, tags). */
  readonly listFilters: ListTablesFilter[];
  /** Each `changeSignals` call's tables (incremental profiling). */
  readonly changeSignalCalls: Array<readonly TableRef[]>;
  /** Each `warmUp` call's statement count (sessions that offer it). */
  readonly warmUpCalls: number[];
  /** Statements inside `execute` right now, and the most there ever were at once. */
  inFlight: number;
  peak: number;
}

/**
 * The same adapter, with every session instrumented: it counts statements in flight (the
 * scheduler's invariant is measured at the contract, where it is promised) and records catalog calls.
 */
export function observe(adapter: WarehouseAdapter): { adapter: WarehouseAdapter; seen: Observations } {
  const seen: Observations = { connects: [], statements: [], describeCalls: [], listFilters: [], changeSignalCalls: [], warmUpCalls: [], inFlight: 0, peak: 0 };
  const wrap = (session: WarehouseSession): WarehouseSession => ({
    dialect: session.dialect,
    defaultSchema: session.defaultSchema,
    listTables: (filter) => {
      seen.listFilters.push(filter);
      return session.listTables(filter);
    },
    describeTables: (refs, signal) => {
      seen.describeCalls.push([...refs]);
      return session.describeTables(refs, signal);
    },
    close: () => session.close(),
    ...(session.warmUp
      ? {
          warmUp: (statements: number) => {
            seen.warmUpCalls.push(statements);
            session.warmUp!(statements);
          },
        }
      : {}),
    ...(session.changeSignals
      ? {
          changeSignals: (refs: readonly TableRef[], signal?: AbortSignal) => {
            seen.changeSignalCalls.push([...refs]);
            return session.changeSignals!(refs, signal);
          },
        }
      : {}),
    async execute(sql, signal) {
      seen.statements.push(sql);
      seen.peak = Math.max(seen.peak, ++seen.inFlight);
      try {
        return await session.execute(sql, signal);
      } finally {
        seen.inFlight--;
      }
    },
  });
  return {
    seen,
    adapter: {
      ...adapter,
      connect: async (connection, options) => {
        seen.connects.push({ policy: options.policy, runId: options.runId });
        return wrap(await adapter.connect(connection, options));
      },
    },
  };
}
