import type { Database } from 'better-sqlite3';

/**
 * SQLite has no sample standard deviation; this registers one (Welford's online algorithm,
 * numerically stable) so the dialect can use the same STDDEV_SAMP as other warehouses.
 */
export function registerFunctions(db: Database): void {
  db.aggregate('stddev_samp', {
    start: () => ({ n: 0, mean: 0, m2: 0 }),
    step: (state: { n: number; mean: number; m2: number }, value: unknown) => {
      if (value === null || value === undefined) return state;
      const x = typeof value === 'bigint' ? Number(value) : Number(value);
      if (Number.isNaN(x)) return state;
      state.n += 1;
      const delta = x - state.mean;
      state.mean += delta / state.n;
      state.m2 += delta * (x - state.mean);
      return state;
    },
    result: (state: { n: number; m2: number }) => (state.n < 2 ? null : Math.sqrt(state.m2 / (state.n - 1))),
  });
}
